"""The bulletin's snapshot and paragraphs (issue 19): the bulletin states the latest approved
versions, counted by hand from the data each test makes, and the generated text says exactly
what the snapshot holds. Expected values are worked out in the test, never from
`bulletin_snapshot` itself.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from innocounty.bulletins.selectors import (
    as_period_year,
    bulletin_snapshot,
    bulletin_title,
    cn_date,
    cn_number,
    cn_quote,
    default_paragraphs,
    sections_for,
    subject,
)
from innocounty.core.workflow import Action
from innocounty.monitor.selectors import plan_snapshot
from innocounty.reporting import services
from innocounty.reporting.models import Round, TaskReport
from innocounty.reporting.selectors import deadline_end
from innocounty.supervision.models import Item, ItemState
from tests.compare import first_difference

NOW = timezone.make_aware(dt.datetime(2025, 4, 10, 9, 30))


def _at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, 0))


@pytest.fixture
def data(small_plan, office_user, reporter_a, reporter_b):
    plan = small_plan
    round_ = services.round_open(
        plan=plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    unit_a = plan.units.get(name="县财政局")
    unit_b = plan.units.get(name="县经信局")

    def value(code, unit, reporter, number, revision=None):
        return services.value_save(
            round_=round_,
            indicator=plan.indicators.get(code=code),
            unit=unit,
            data={"value": number, "source": "统计年报", "explanation": "按决算口径"},
            by=reporter,
            revision=revision,
        ).value

    n01 = value("N01", unit_a, reporter_a, "2.61")
    n01 = services.value_submit(value=n01, by=reporter_a)
    n01 = services.value_approve(value=n01, by=office_user)
    draft = services.value_correct(value=n01, by=reporter_a, reason="决算数调整")
    draft = value("N01", unit_a, reporter_a, "2.87", revision=draft.revision)
    services.value_submit(value=draft, by=reporter_a)
    s01 = value("S01", unit_b, reporter_b, "0.520")
    s01 = services.value_submit(value=s01, by=reporter_b)
    services.value_approve(value=s01, by=office_user)

    def report(number, unit, reporter, progress, percent):
        return services.task_report_save(
            round_=round_,
            task=plan.tasks.get(number=number),
            unit=unit,
            data={"progress": progress, "percent": percent},
            by=reporter,
            revision=None,
        )

    t1 = report(1, unit_a, reporter_a, "已安排财政科技资金3.2亿元。\n", 60)
    t1 = services.task_report_transition(report=t1, action=Action.SUBMIT, by=reporter_a)
    t1 = services.task_report_transition(report=t1, action=Action.APPROVE, by=office_user)
    # A correction submitted but not approved: the approved 60 % and its text still count.
    t1 = services.task_report_transition(
        report=t1, action=Action.CORRECT, by=reporter_a, reason="进度更新"
    )
    t1 = services.task_report_save(
        round_=round_,
        task=t1.task,
        unit=unit_a,
        data={"progress": "已安排财政科技资金4亿元", "percent": 90},
        by=reporter_a,
        revision=t1.revision,
    )
    services.task_report_transition(report=t1, action=Action.SUBMIT, by=reporter_a)
    t3 = report(3, unit_b, reporter_b, "改造企业12家", 30)
    services.task_report_transition(report=t3, action=Action.SUBMIT, by=reporter_b)

    def item(number, unit, assigned, deadline, closed=None):
        Item.objects.create(
            plan=plan,
            number=number,
            title=f"事项{number}",
            requirement="按期整改",
            source=Item.Source.MANUAL,
            lead_unit=unit,
            deadline=deadline,
            assigned_at=assigned,
            state=ItemState.CLOSED if closed else ItemState.RECTIFYING,
            closed_at=closed,
        )

    item(1, unit_a, _at(2025, 1, 5), dt.date(2025, 3, 1), closed=_at(2025, 2, 20))
    item(2, unit_a, _at(2025, 2, 1), dt.date(2025, 3, 31))
    item(3, unit_b, _at(2025, 3, 1), dt.date(2025, 6, 30), closed=_at(2025, 5, 1))
    item(4, unit_b, _at(2025, 5, 1), dt.date(2025, 5, 2))
    item(5, unit_b, _at(2025, 1, 10), dt.date(2025, 4, 30), closed=_at(2025, 3, 10))
    return plan


UNIT_KEYS = (
    "name",
    "status",
    "label",
    "items",
    "completeness",
    "timeliness",
    "completeness_ratio",
    "overdue",
    "missing",
)


def _fmt(x) -> str:
    return "—" if x is None else f"{x:.1f}"


def test_the_bulletin_states_the_latest_approved_facts_counted_by_hand(data):
    snap = bulletin_snapshot(plan=data, period="2024", now=NOW)
    # The engine's own scores, formatted here (the scoring rules have tests of their own).
    evaluation = plan_snapshot(
        plan=data, period="2024", today=dt.date(2025, 4, 10), now=NOW
    ).evaluation
    index, scores, lagging = snap.pop("index"), snap.pop("scorecards"), snap.pop("lagging")
    reporting = snap.pop("reporting")
    units = reporting.pop("units")
    expected = {
        "version": 1,
        "plan": {
            "key": "demo-county-2024",
            "title": "示范县国家创新型县建设实施方案",
            "subject": "示范县国家创新型县建设",
            "region": "示范县",
            "office": "示范县创新型县（市）建设工作领导小组办公室",
            "final_year": 2026,
        },
        "period": "2024",
        "period_label": "2024年",
        "as_of": "2025-04-10T09:30:00+08:00",
        "date": "2025年4月10日",
        "has_data": True,
        "index_trend": [[2023, None], [2024, round(evaluation.index[-1].overall, 1)]],
        # N01 met (2.61 ≥ 2.50), S01 behind (0.485 ÷ 0.520 = 93.3 %, between 80 and 95 %).
        "status_counts": [
            ["met", "已达标", 1],
            ["on_track", "正常", 0],
            ["behind", "滞后", 1],
            ["seriously_behind", "严重滞后", 0],
            ["no_data", "无数据", 0],
        ],
        # One data point each: nothing can be projected to 2026.
        "forecast": {
            "final_year": 2026,
            "total": 2,
            "assessment": 0,
            "expected": 0,
            "assessment_unknown": 2,
            "expected_unknown": 2,
        },
        "indicators": [
            {
                "code": "N01",
                "category": "创新投入",
                "name": "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
                "unit": "%",
                "period": "2024",
                "target": "2.50",
                "target_kind": "目标值",
                # the approved 2.61, not the submitted correction 2.87
                "value": "2.61",
                "achievement": "104.4%",  # 2.61 ÷ 2.50
                "achievement_ratio": pytest.approx(2.61 / 2.5),
                "status": "met",
                "label": "已达标",
                "reason": "2024年为2.61%，已达到2024年年度目标2.50%，完成率104.4%，已达标。",
                "units": ["县财政局"],
                "lagging": False,
                "forecast": "无法评估",
                "forecast_sentence": "仅有2024年一个数据点，不足一年，无法推算，无法评估。",
            },
            {
                "code": "S01",
                "category": "特色指标",
                "name": "万元GDP综合能耗",
                "unit": "吨标准煤/万元",
                "period": "2024",
                "target": "0.485",
                "target_kind": "目标值",
                "value": "0.520",
                "achievement": "93.3%",  # lower is better: 0.485 ÷ 0.520
                "achievement_ratio": pytest.approx(0.485 / 0.52),
                "status": "behind",
                "label": "滞后",
                "reason": "2024年为0.520吨标准煤/万元，对照年度目标0.485吨标准煤/万元，"
                "完成率93.3%，滞后。",
                "units": ["县经信局", "县科技局"],
                "lagging": True,
                "forecast": "无法评估",
                "forecast_sentence": "仅有2024年一个数据点，不足一年，无法推算，无法评估。",
            },
        ],
        "programs": [
            {
                "number": 1,
                "title": "实施创新投入工程",
                "tasks": [
                    {
                        "number": 1,
                        "title": "加大财政科技投入",
                        "lead_units": ["县财政局"],
                        "units": ["县财政局", "县科技局"],
                        # 60 % against 12 of 36 months elapsed: on track. The approved
                        # version, not the submitted correction (90 %).
                        "status": "on_track",
                        "label": "正常推进",
                        "percent": 60,
                        "period": "2024",
                        "progress": "已安排财政科技资金3.2亿元。",
                        "note": "",
                    },
                    {
                        "number": 2,
                        "title": "培育科技型企业",
                        "lead_units": ["县科技局"],
                        "units": ["县科技局", "县经信局", "各乡镇"],
                        "status": "not_reported",
                        "label": "未报送",
                        "percent": None,
                        "period": None,
                        "progress": "",
                        "note": "",
                    },
                ],
            },
            {
                "number": 2,
                "title": "实施产业提升工程",
                "tasks": [
                    {
                        "number": 3,
                        "title": "改造提升传统产业",
                        "lead_units": ["县经信局"],
                        "units": ["县经信局"],
                        # Never approved: its first submitted report counts (core/progress);
                        # 30 % of the 33.3 % expected is 90 %: behind.
                        "status": "behind",
                        "label": "滞后",
                        "percent": 30,
                        "period": "2024",
                        "progress": "改造企业12家",
                        "note": "",
                    }
                ],
            },
        ],
        # Items assigned by 10 April 2025: 1 (closed 20 Feb), 2 (due 31 Mar, open: overdue),
        # 3 (closed only on 1 May: open then, due 30 June), 5 (closed 10 Mar); 4 was
        # assigned on 1 May.
        "rectification": {
            "opened": 4,
            "closed": 2,
            "overdue": 1,
            "units": [
                {"name": "县经信局", "opened": 2, "closed": 1, "overdue": 0},
                {"name": "县财政局", "opened": 2, "closed": 1, "overdue": 1},
            ],
        },
    }
    assert first_difference(snap, expected) is None
    # 县科技局 lacks task 2; the other two units sent everything (5 of 6 items); nothing
    # was sent before the deadline (the reports are stamped with today's clock).
    assert (
        first_difference(
            reporting,
            {
                "title": "2024年填报",
                "deadline": "2025年3月31日",
                "deadline_passed": True,
                "completeness": "83.3%",
                "timeliness": "0.0%",
                "approved": 0,
                "overdue": 1,
                "late": ["县科技局"],
                "chase": ["县科技局"],
            },
        )
        is None
    )
    assert [tuple(u[key] for key in UNIT_KEYS) for u in units] == [
        ("县科技局", "draft", "填报中", 2, "50.0%", "0.0%", 0.5, True, ["2. 培育科技型企业"]),
        ("县财政局", "submitted", "已报送", 2, "100.0%", "0.0%", 1.0, False, []),
        ("县经信局", "submitted", "已报送", 2, "100.0%", "0.0%", 1.0, False, []),
    ]
    assert (
        first_difference(
            lagging,
            [
                {
                    "kind": "indicator",
                    "code": "S01",
                    "name": "万元GDP综合能耗",
                    "label": "滞后",
                    "units": ["县经信局", "县科技局"],
                    "reason": "2024年为0.520吨标准煤/万元，对照年度目标0.485吨标准煤/万元，"
                    "完成率93.3%，滞后。",
                },
                {
                    "kind": "task",
                    "code": "3",
                    "name": "改造提升传统产业",
                    "label": "滞后",
                    "units": ["县经信局"],
                    "reason": "任务3“改造提升传统产业”滞后，完成进度30%。",
                },
            ],
        )
        is None
    )
    point = evaluation.index[-1]
    assert (
        first_difference(
            index,
            {
                "year": 2024,
                "overall": f"{point.overall:.1f}",
                "change": None,  # no 2023 index
                "coverage": "100%",  # both indicators have data
                "categories": [
                    ["创新投入", _fmt(point.categories["创新投入"])],
                    ["特色指标", _fmt(point.categories["特色指标"])],
                ],
            },
        )
        is None
    )
    assert [c["unit"] for c in scores] == ["县财政局", "县经信局", "县科技局"]
    assert (
        first_difference(
            scores,
            [
                {
                    "rank": card.rank,
                    "unit": card.unit,
                    "score": _fmt(card.score),
                    "indicator_score": _fmt(card.indicator_score),
                    "task_score": _fmt(card.task_score),
                    "timeliness_score": _fmt(card.timeliness_score),
                    "on_time_rate": "0.0%",
                }
                for card in evaluation.scorecards
            ],
        )
        is None
    )
    assert [c["rank"] for c in scores] == [1, 2, 3]
    # 县财政局: its only indicator met and its task on track: full indicator score.
    assert scores[0]["indicator_score"] == "100.0"


def test_a_period_without_a_round_or_data_says_so_and_names_each_kind_of_target(
    db, small_plan_data
):
    from innocounty.plans.services import plan_load

    raw = small_plan_data.model_dump(mode="json")
    # S01: an expected value (完成值) for 2025 and nothing for 2026, the final year.
    raw["indicators"][1]["targets"] = [
        {"year": 2024, "kind": "target", "value": 0.485},
        {"year": 2025, "kind": "expected", "value": 0.482},
    ]
    raw["region"] = ""  # the region then is the title's first two characters
    plan = plan_load(data=type(small_plan_data).model_validate(raw)).plan
    other = plan_load(data=type(small_plan_data).model_validate(raw | {"key": "other"})).plan
    # Rounds of another period, and of another plan for this period: not this bulletin's.
    Round.objects.create(
        plan=plan, period="2024", title="2024年填报", deadline=dt.date(2025, 3, 31)
    )
    Round.objects.create(plan=other, period="2025", title="他县", deadline=dt.date(2026, 3, 31))
    snap = bulletin_snapshot(plan=plan, period="2025", now=NOW)
    assert snap["has_data"] is False and snap["reporting"] is None and snap["index"] is None
    assert [(i["target"], i["target_kind"], i["value"]) for i in snap["indicators"]] == [
        ("—", "", "—"),  # N01 has no 2025 target
        ("0.482", "完成值", "—"),
    ]
    assert [(i["achievement"], i["achievement_ratio"]) for i in snap["indicators"]] == [
        ("—", None),
        ("—", None),
    ]
    assert [(i["status"], i["lagging"]) for i in snap["indicators"]] == [
        ("no_data", False),
        ("no_data", False),
    ]
    assert snap["status_counts"][-1] == ["no_data", "无数据", 2]
    # Nothing to forecast against for S01 (no 2026 value): no forecast label.
    assert [i["forecast"] for i in snap["indicators"]] == ["无法评估", ""]
    assert snap["plan"]["region"] == "示范"
    assert snap["plan"]["office"] == "示范创新型县（市）建设工作领导小组办公室"
    assert snap["rectification"] == {"opened": 0, "closed": 0, "overdue": 0, "units": []}
    snap = bulletin_snapshot(plan=plan, period="2026", now=NOW)
    # N01 has both an assessment and an expected value for 2026: the assessment value counts.
    assert [(i["target"], i["target_kind"]) for i in snap["indicators"]] == [
        ("3.00", "考核值"),
        ("—", ""),
    ]
    assert snap["period_label"] == "2026年"
    assert snap["reporting"] is None

    # A task report and no indicator data: the bulletin has data.
    TaskReport.objects.create(
        round=Round.objects.get(plan=plan, period="2024"),
        task=plan.tasks.get(number=1),
        unit=plan.units.get(name="县财政局"),
        role=TaskReport.Role.LEAD,
        version=1,
        state="approved",
        percent=50,
        progress="推进中",
    )
    snap = bulletin_snapshot(plan=plan, period="2026", now=NOW)
    assert snap["has_data"] is True
    assert {i["status"] for i in snap["indicators"]} == {"no_data"}

    # A round whose deadline (31 May 2025) is still ahead at the bulletin's time: no unit is
    # late then, though all are by today's clock; the deadline passes after its last moment.
    round_ = Round.objects.create(
        plan=plan, period="2026", title="2026年填报", deadline=dt.date(2025, 5, 31)
    )
    reporting = bulletin_snapshot(plan=plan, period="2026", now=NOW)["reporting"]
    assert reporting["deadline_passed"] is False and reporting["overdue"] == 0
    assert reporting["late"] == [] and len(reporting["chase"]) == 3
    assert [u["overdue"] for u in reporting["units"]] == [False, False, False]
    last = deadline_end(round_)
    assert last == timezone.make_aware(dt.datetime(2025, 5, 31, 23, 59, 59, 999999))
    assert (
        bulletin_snapshot(plan=plan, period="2026", now=last)["reporting"]["deadline_passed"]
        is False
    )
    after = bulletin_snapshot(plan=plan, period="2026", now=last + dt.timedelta(microseconds=1))
    assert after["reporting"]["deadline_passed"] is True and after["reporting"]["overdue"] == 3


# --- the generated text: pure, from snapshots written here --------------------------------


def _task(number, title, label, percent=None, progress="", lead=(), units=(), note=""):
    return {
        "number": number,
        "title": title,
        "lead_units": list(lead),
        "units": list(units),
        "status": "x",
        "label": label,
        "percent": percent,
        "period": "2024",
        "progress": progress,
        "note": note,
    }


def _snap(**over):
    snap = {
        "plan": {"subject": "示范县国家创新型县建设", "final_year": 2026},
        "period": "2024",
        "period_label": "2024年",
        "date": "2025年4月10日",
        "has_data": True,
        "index": None,
        "status_counts": [
            ["met", "已达标", 1],
            ["on_track", "正常", 2],
            ["behind", "滞后", 3],
            ["seriously_behind", "严重滞后", 4],
            ["no_data", "无数据", 5],
        ],
        "forecast": {"assessment": 6, "expected": 7, "assessment_unknown": 0},
        "indicators": [],
        "programs": [],
        "reporting": None,
        "lagging": [],
    }
    snap.update(over)
    return snap


INTRO = (
    "为全面掌握示范县国家创新型县建设工作进展，根据各成员单位报送并经审核的数据，"
    "现将2024年工作进展情况通报如下。"
)
COUNTS = "纳入监测的15项指标中，已达标1项、正常推进2项、滞后3项、严重滞后4项、暂无数据5项。"
FORECAST = "按基期以来年均增速推算，到2026年预计有6项指标达到考核值、7项达到完成值。"


def test_the_overview_states_the_counts_and_the_forecast():
    p = default_paragraphs(_snap())
    assert p["intro"] == INTRO
    assert p["overview"] == "截至2024年，" + COUNTS + FORECAST
    assert p["indicators"] == "各项指标完成情况见表1。"
    assert p["tasks"] == "本方案未列重点任务。"
    assert p["reporting"] == "2024年未设填报轮次，无填报情况可报。"
    assert p["problems"] == "各项指标和重点任务总体按计划推进，请各成员单位继续保持。"
    assert "rectification" not in p  # a snapshot from before the section
    assert list(p) == ["intro", "overview", "indicators", "tasks", "reporting", "problems"]


def test_the_overview_without_data_gives_no_evaluation():
    p = default_paragraphs(_snap(has_data=False))
    assert p["overview"] == "截至2024年，暂无经审核的监测数据和任务进展，本期不作评价。"


@pytest.mark.parametrize(
    ("year", "change", "words"),
    [
        (2024, "+4.1", "综合创新指数为97.1（以2026年考核值为100），较上年提高4.1点。"),
        (2024, "-0.3", "综合创新指数为97.1（以2026年考核值为100），较上年下降0.3点。"),
        (2024, "+0.0", "综合创新指数为97.1（以2026年考核值为100），较上年提高0.0点。"),
        (2023, None, "2023年综合创新指数为97.1（以2026年考核值为100）。"),
    ],
)
@pytest.mark.parametrize(("period", "label"), [("2024", "2024年"), ("2024Q3", "2024年第3季度")])
def test_the_overview_gives_the_index_and_its_change(year, change, words, period, label):
    index = {"year": year, "overall": "97.1", "change": change}
    unknown = {"assessment": 6, "expected": 7, "assessment_unknown": 2}
    p = default_paragraphs(_snap(index=index, forecast=unknown, period=period, period_label=label))
    assert p["overview"] == (
        f"截至{label}，"
        + words
        + COUNTS
        + "按基期以来年均增速推算，到2026年预计有6项指标达到考核值、7项达到完成值，"
        "另有2项因无考核值或数据不足无法预测。"
    )


def test_the_lagging_indicators_are_counted():
    rows = [{"lagging": True}, {"lagging": False}, {"lagging": True}]
    p = default_paragraphs(_snap(indicators=rows))
    assert p["indicators"] == "各项指标完成情况见表1。其中2项指标进度滞后，已在表中以底色标出。"


def test_each_program_counts_its_tasks_and_names_what_was_reported():
    long = "甲" * 61
    programs = [
        {
            "title": "实施创新投入工程",
            "tasks": [
                _task(1, "建设“双创”基地", "正常推进", 60, "已完成一期。；\n", lead=["县财政局"]),
                _task(2, "培育企业", "未报送", units=["县科技局", "县经信局"]),
                _task(3, "引进人才", "滞后", None, long, units=["县科技局", "县经信局"]),
                _task(4, "建设平台", "已完成", 100, lead=["县科技局", "县财政局"]),
                _task(5, "建设园区", "正常推进", units=["县经信局"]),
            ],
        }
    ] + [{"title": f"工程{n}", "tasks": []} for n in range(2, 12)]
    p = default_paragraphs(_snap(programs=programs))
    lines = p["tasks"].split("\n")
    assert lines[0] == (
        "（一）实施创新投入工程。5项重点任务中，已完成1项、正常推进2项、滞后1项、未报送1项。"
        "“建设‘双创’基地”（县财政局牵头）完成进度60%，已完成一期；"
        "“引进人才”（县科技局、县经信局牵头），" + "甲" * 60 + "…；"
        "“建设平台”（县科技局、县财政局牵头）完成进度100%。"
    )
    assert lines[1] == "（二）工程2。0项重点任务中，。"
    assert [line[: line.index("）") + 1] for line in lines[9:]] == ["（十）", "（十一）"]


def test_a_progress_of_exactly_sixty_characters_is_kept_whole():
    programs = [{"title": "工程", "tasks": [_task(1, "任务", "正常推进", None, "乙" * 60)]}]
    p = default_paragraphs(_snap(programs=programs))
    assert (
        p["tasks"] == "（一）工程。1项重点任务中，正常推进1项。“任务”（牵头），" + "乙" * 60 + "。"
    )


def _reporting(late=(), chase=(), passed=True):
    return {
        "title": "2024年填报",
        "deadline": "2025年3月31日",
        "deadline_passed": passed,
        "completeness": "83.3%",
        "timeliness": "50.0%",
        "approved": 1,
        "units": [{}, {}, {}],
        "late": list(late),
        "chase": list(chase),
    }


REPORTING = (
    "2024年填报（截止2025年3月31日）共3个单位应报，整体完整率83.3%、及时率50.0%，"
    "1个单位数据已全部审核。"
)


def test_the_reporting_paragraph_names_the_late_units():
    r = _reporting(late=["县科技局", "县财政局"], chase=["县科技局", "县财政局"])
    p = default_paragraphs(_snap(reporting=r))
    assert p["reporting"] == (
        REPORTING + "截至通报时，县科技局、县财政局等2个单位逾期未报齐。各单位填报情况见表2。"
    )
    assert p["problems"] == "请县科技局、县财政局尽快补报2024年数据，并按时报送后续数据。"


def test_before_the_deadline_the_units_to_chase_are_counted():
    p = default_paragraphs(_snap(reporting=_reporting(chase=["县科技局"], passed=False)))
    assert p["reporting"] == (
        REPORTING + "尚有1个单位未报齐，请在截止日期前报送。各单位填报情况见表2。"
    )
    assert p["problems"] == "各项指标和重点任务总体按计划推进，请各成员单位继续保持。"


@pytest.mark.parametrize(("chase", "passed"), [([], False), ([], True), (["县科技局"], True)])
def test_otherwise_every_unit_reported_on_time(chase, passed):
    p = default_paragraphs(_snap(reporting=_reporting(chase=chase, passed=passed)))
    assert p["reporting"] == REPORTING + "各单位均按时报送。各单位填报情况见表2。"


def test_the_rectification_paragraph_counts_and_names_the_overdue_units():
    rect = {
        "opened": 5,
        "closed": 2,
        "overdue": 2,
        "units": [
            {"name": "县科技局", "overdue": 1},
            {"name": "县财政局", "overdue": 0},
            {"name": "县经信局", "overdue": 1},
        ],
    }
    text = (
        "截至2025年4月10日，累计交办督办事项5项，已销号2项，逾期未办结2项。"
        "县科技局、县经信局有逾期未办结事项，请抓紧整改、按期销号。"
    )
    p = default_paragraphs(_snap(rectification=rect))
    assert p["rectification"] == text + "各单位整改情况见表2。"
    assert list(p)[-1] == "rectification"
    p = default_paragraphs(_snap(rectification=rect, reporting=_reporting()))
    assert p["rectification"] == text + "各单位整改情况见表3。"
    rect = {"opened": 1, "closed": 1, "overdue": 0, "units": [{"name": "县科技局", "overdue": 0}]}
    p = default_paragraphs(_snap(rectification=rect))
    assert p["rectification"] == (
        "截至2025年4月10日，累计交办督办事项1项，已销号1项，逾期未办结0项。各单位整改情况见表2。"
    )
    rect = {"opened": 0, "closed": 0, "overdue": 0, "units": []}
    p = default_paragraphs(_snap(rectification=rect))
    assert p["rectification"] == "截至2025年4月10日，尚未交办督办事项。"


def test_each_lagging_item_asks_its_units_to_speed_up():
    programs = [
        {
            "title": "工程",
            "tasks": [
                _task(3, "引进人才", "滞后", 30, lead=["县科技局"], note="1个节点逾期"),
                _task(4, "建设平台", "严重滞后", None, units=["县经信局"]),
            ],
        }
    ]
    lagging = [
        {"kind": "task", "code": "3", "name": "引进人才", "label": "滞后", "units": ["县财政局"]},
        {"kind": "task", "code": "4", "name": "建设平台", "label": "严重滞后", "units": []},
        {"kind": "task", "code": "9", "name": "旧任务", "label": "滞后", "units": ["县财政局"]},
        {
            "kind": "indicator",
            "code": "S01",
            "name": "万元GDP综合能耗",
            "label": "滞后",
            "units": ["县经信局", "县科技局"],
            "reason": "完成率93.3%，滞后。",
        },
        {
            "kind": "indicator",
            "code": "N02",
            "name": "“高新”企业数",
            "label": "严重滞后",
            "units": [],
            "reason": "完成率50.0%；",
        },
        {
            "kind": "indicator",
            "code": "N03",
            "name": "专利",
            "label": "滞后",
            "units": ["甲"],
            "reason": "完成率90.0%!",
        },
        {"kind": "indicator", "name": "甲", "units": ["乙"], "reason": "完成率80.0%！"},
        {"kind": "indicator", "name": "丙", "units": ["丁"], "reason": "完成率70.0%;"},
    ]
    p = default_paragraphs(_snap(programs=programs, lagging=lagging))
    assert p["problems"].split("\n") == [
        "请县科技局加快推进第3项重点任务“引进人才”（目前完成进度30%，滞后），1个节点逾期。",
        "请各责任单位加快推进第4项重点任务“建设平台”（目前严重滞后）。",
        "请县财政局加快推进第9项重点任务“旧任务”（目前滞后）。",
        "请县经信局、县科技局加快推进“万元GDP综合能耗”指标，完成率93.3%，滞后。",
        "请各责任单位加快推进“‘高新’企业数”指标，完成率50.0%；",
        "请甲加快推进“专利”指标，完成率90.0%!",
        "请乙加快推进“甲”指标，完成率80.0%！",
        "请丁加快推进“丙”指标，完成率70.0%;",
    ]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_headings_count_in_chinese_numerals(n, text):
    assert cn_number(n) == text


def test_titles_dates_and_sections():
    assert cn_quote("深入实施“三乡工程”") == "“深入实施‘三乡工程’”"
    assert cn_date(dt.date(2025, 3, 5)) == "2025年3月5日"
    plan = SimpleNamespace(title="示范县国家创新型县建设实施方案")
    assert bulletin_title(plan, "2024Q3") == "关于示范县国家创新型县建设2024年第3季度进展情况的通报"
    assert subject("示范县国家创新型县建设实施方案") == "示范县国家创新型县建设"
    assert subject("示范县科技创新工作方案") == "示范县科技创新"
    assert subject("示范县建设方案") == "示范县建设"
    assert subject("示范县建设规划") == "示范县建设规划"
    assert as_period_year("2024Q3") == 2024
    assert [key for key, _ in sections_for({"rectification": {}})] == [
        "intro",
        "overview",
        "indicators",
        "tasks",
        "reporting",
        "rectification",
        "problems",
    ]
    assert sections_for({})[-1] == ("problems", "五、存在问题和下一步工作")
    assert sections_for({})[:5] == sections_for({"rectification": {}})[:5]
