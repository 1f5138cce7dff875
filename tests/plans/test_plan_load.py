import copy

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innocounty.audit.models import LogEntry
from innocounty.core import schema
from innocounty.core.planfile import dumps_plan
from innocounty.plans.models import Indicator, Plan, Target, Task, TaskUnit, Unit
from innocounty.plans.services import PlanLoadError, plan_export, plan_load
from innocounty.reporting.models import Value
from tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.django_db


def _snapshot():
    """Everything a plan load may touch, to prove that a refused load wrote nothing."""
    return (
        list(Plan.objects.values()),
        list(Unit.objects.values()),
        list(Task.objects.values()),
        list(TaskUnit.objects.values()),
        list(Indicator.objects.values()),
        list(Target.objects.values()),
        LogEntry.objects.count(),
    )


def test_it_creates_the_plan_with_all_its_parts(small_plan):
    assert small_plan.title == "示范县国家创新型县建设实施方案"
    assert small_plan.office_unit.name == "县科技局"
    assert [t.number for t in small_plan.tasks.all()] == [1, 2, 3]
    task = small_plan.tasks.get(number=2)
    assert list(
        task.task_units.filter(role="responsible").values_list("unit__name", flat=True)
    ) == ["县经信局", "各乡镇"]
    lower = small_plan.indicators.get(code="S01")
    assert lower.direction == "lower"
    assert str(lower.targets.get(year=2024, kind="target").value.normalize()) == "0.485"
    assert LogEntry.objects.filter(action="plans.plan.created").count() == 1


def test_loading_the_same_data_twice_changes_nothing(small_plan, small_plan_data):
    before = _snapshot()
    result = plan_load(data=small_plan_data)
    assert result.created is False
    assert result.changes == []
    assert _snapshot() == before


def test_export_gives_back_what_was_loaded(small_plan, small_plan_data):
    exported = plan_export(plan=small_plan)
    assert exported == small_plan_data
    assert dumps_plan(exported) == dumps_plan(small_plan_data)


def test_a_corrected_plan_updates_in_place_and_says_what_changed(small_plan):
    task_id = small_plan.tasks.get(number=2).pk
    unit_id = small_plan.units.get(name="县科技局").pk
    data = copy.deepcopy(SMALL_PLAN)
    data["programs"][0]["tasks"][1]["title"] = "培育壮大科技型企业"
    data["programs"][0]["tasks"][1]["responsible_units"] = ["县经信局"]
    data["indicators"][1]["targets"][0]["value"] = 0.483
    data["units"].append({"name": "县统计局", "duties": "统筹科技统计。"})

    result = plan_load(data=schema.Plan.model_validate(data))

    assert result.created is False
    assert "新增 单位“县统计局”" in result.changes
    assert any("任务 2 标题：培育科技型企业 → 培育壮大科技型企业" in c for c in result.changes)
    assert any("指标 S01" in c and "0.485 → 0.483" in c for c in result.changes)
    task = Task.objects.get(pk=task_id)
    assert task.title == "培育壮大科技型企业"
    assert list(
        task.task_units.filter(role="responsible").values_list("unit__name", flat=True)
    ) == ["县经信局"]
    assert Unit.objects.get(pk=unit_id).name == "县科技局"  # ids survive
    assert plan_export(plan=small_plan) == schema.Plan.model_validate(data)
    entry = LogEntry.objects.get(action="plans.plan.updated")
    assert entry.data["changes"] == result.changes


def test_removing_an_indicator_that_has_values_is_refused(small_plan):
    indicator = small_plan.indicators.get(code="S01")
    Value.objects.create(indicator=indicator, period="2024", value="0.490")
    data = copy.deepcopy(SMALL_PLAN)
    del data["indicators"][1]
    data["main_targets"] = []
    before = _snapshot()

    with pytest.raises(PlanLoadError, match=r"S01.*已有填报数据"):
        plan_load(data=schema.Plan.model_validate(data))
    assert _snapshot() == before


def test_removing_a_unit_that_has_people_is_refused(small_plan, reporter_b):
    data = copy.deepcopy(SMALL_PLAN)
    data["units"] = [u for u in data["units"] if u["name"] != "县经信局"]
    for program in data["programs"]:
        for task in program["tasks"]:
            for key in ("lead_units", "responsible_units"):
                task[key] = [n for n in task[key] if n != "县经信局"]
    data["indicators"][1]["responsible_units"] = ["县科技局"]
    before = _snapshot()

    with pytest.raises(PlanLoadError, match=r"县经信局.*已有人员"):
        plan_load(data=schema.Plan.model_validate(data))
    assert _snapshot() == before


def test_a_second_plan_never_mixes_with_the_first(small_plan):
    data = copy.deepcopy(SMALL_PLAN)
    data["key"] = "other-county-2024"
    data["title"] = "另一县实施方案"
    other = plan_load(data=schema.Plan.model_validate(data)).plan
    assert other.pk != small_plan.pk
    assert small_plan.units.count() == other.units.count() == 5
    assert not set(small_plan.units.values_list("pk", flat=True)) & set(
        other.units.values_list("pk", flat=True)
    )
    assert plan_export(plan=small_plan).title == "示范县国家创新型县建设实施方案"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("title"), "title: Field required"),
        (lambda d: d.update(start_year="二〇二四"), "start_year: Input should be a valid integer"),
        (
            lambda d: d["programs"][1]["tasks"].append(
                {"number": 2, "title": "重复", "lead_units": []}
            ),
            "programs[1].tasks[1]（任务 2）：任务编号 2 重复",
        ),
        (
            lambda d: d["programs"][0]["tasks"][0]["lead_units"].append("县不存在局"),
            "programs[0].tasks[0]（任务 1）.lead_units：未知单位“县不存在局”",
        ),
        (
            lambda d: d["indicators"][0]["targets"].append(
                {"year": 2024, "kind": "target", "value": "abc"}
            ),
            "indicators[0] (N01).targets[3].value",
        ),
    ],
)
def test_a_bad_plan_file_is_refused_with_its_place_and_writes_nothing(
    tmp_path, small_plan, mutate, message
):
    data = copy.deepcopy(SMALL_PLAN)
    data["title"] = "改过的标题"  # would change the plan if anything were written
    mutate(data)
    path = tmp_path / "bad.yaml"
    import yaml

    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = _snapshot()

    with pytest.raises(CommandError) as excinfo:
        call_command("load_plan", str(path))
    assert message in str(excinfo.value)
    assert _snapshot() == before


def test_the_load_plan_command_reports_created_unchanged_and_changed(tmp_path, capsys, db):
    import yaml

    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(SMALL_PLAN, allow_unicode=True), encoding="utf-8")
    call_command("load_plan", str(path))
    assert "已载入方案 demo-county-2024" in capsys.readouterr().out
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) == {
        "office",
        "reporter",
        "leader",
        "admin",
        "province",
    }
    call_command("load_plan", str(path))
    assert "没有变化" in capsys.readouterr().out
    data = copy.deepcopy(SMALL_PLAN)
    data["doc_number"] = "示政发〔2024〕4号"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_plan", str(path))
    out = capsys.readouterr().out
    assert "1 处变化" in out
    assert "文号：示政发〔2024〕3号 → 示政发〔2024〕4号" in out
