"""A document with targets but no tasks: the office completes the plan on the import page."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.core.planfile import loads_plan
from innocounty.plans.models import Plan, Task

pytestmark = pytest.mark.django_db

PROSE = (
    Path(__file__).resolve().parents[1]
    / "core"
    / "parser"
    / "documents"
    / "yunxi-prose-targets.txt"
)


def _read(client):
    upload = SimpleUploadedFile("yunxi-prose.txt", PROSE.read_bytes())
    return client.post(reverse("plans:plan-import"), {"document": upload})


def test_a_partial_plan_is_shown_with_what_is_missing_and_nothing_is_written(client, office_user):
    client.force_login(office_user)
    response = _read(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 个工程、0 项任务、9 项指标" in html
    assert "未找到重点任务：请在页面上补充" in html
    assert "文件中没有重点任务：请在此补充" in html
    assert Plan.objects.count() == 1  # only small_plan


def test_the_office_adds_a_task_and_a_target_then_loads_the_plan(client, office_user):
    client.force_login(office_user)
    plan_yaml = _read(client).context["form"].initial["plan_yaml"]
    url = reverse("plans:plan-import-confirm")
    response = client.post(
        url,
        {
            "plan_yaml": plan_yaml,
            "action": "add_task",
            "program_title": "创新主体培育工程",
            "task_title": "培育高新技术企业",
            "lead_units": "县科技局",
            "responsible_units": "县经信局、县税务局",
        },
    )
    assert response.status_code == 200
    assert Plan.objects.count() == 1  # adding is not loading
    plan_yaml = response.context["form"].initial["plan_yaml"]
    added = loads_plan(plan_yaml)
    (task,) = added.tasks()
    assert (task.number, task.title, task.lead_units, task.responsible_units) == (
        1, "培育高新技术企业", ["县科技局"], ["县经信局", "县税务局"],
    )  # fmt: skip
    assert {"县科技局", "县经信局", "县税务局"} <= set(added.unit_names())
    response = client.post(
        url,
        {
            "plan_yaml": plan_yaml,
            "action": "add_target",
            "indicator": "N05",
            "year": "2023",
            "value": "40",
        },
    )
    plan_yaml = response.context["form"].initial["plan_yaml"]
    n05 = next(i for i in loads_plan(plan_yaml).indicators if i.code == "N05")
    assert [(t.year, t.value) for t in n05.targets] == [
        (2021, Decimal(28)), (2022, Decimal(34)), (2023, Decimal(40)),
    ]  # fmt: skip
    response = client.post(url, {"plan_yaml": plan_yaml})
    assert response.status_code == 302
    plan = Plan.objects.get(key="yunxi-prose")
    assert Task.objects.get(plan=plan, number=1).title == "培育高新技术企业"
    assert plan.indicators.count() == 9


def test_a_task_without_a_lead_unit_is_refused_and_the_plan_is_unchanged(client, office_user):
    client.force_login(office_user)
    plan_yaml = _read(client).context["form"].initial["plan_yaml"]
    response = client.post(
        reverse("plans:plan-import-confirm"),
        {"plan_yaml": plan_yaml, "action": "add_task", "task_title": "培育高新技术企业"},
    )
    assert "请填写至少一个牵头单位" in response.content.decode()
    assert response.context["form"]["plan_yaml"].value() == plan_yaml
    assert Plan.objects.count() == 1
