"""The engine's sentences and the core's labels in English, Chinese unchanged (issue 13.5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from innocounty.core.evaluation import IndicatorSeries, status
from innocounty.core.forecast import assess
from innocounty.core.rounds import UNIT_STATUS_LABELS, UnitStatus
from innocounty.core.scorecard import TaskProgress, TaskStatus, lagging_list
from innocounty.i18n import translate


def _both(message) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = translate(message)
    with translation.override("en"):
        en = translate(message)
    return zh, en


def test_a_flow_behind_its_pro_rata_target_is_explained_in_both_languages():
    # 1,200 for 2025; half the year gone → 600 expected; 500 ÷ 600 = 83.3 % → behind.
    series = IndicatorSeries(
        "X1",
        unit="万元",
        measure_type="flow",
        frequency="quarterly",
        targets={(2025, "target"): Decimal(1200)},
        values={"2025Q2": Decimal(500)},
    )
    st = status(series, "2025Q2", final_year=2025)

    zh, en = _both(st.reason_message)

    assert (
        zh
        == st.reason
        == (
            "2025年第2季度累计为500万元，对照序时进度目标600万元"
            "（全年年度目标1,200万元的50%），完成率83.3%，滞后。"
        )
    )
    assert en == (
        "Q2 2025 year to date: 500万元, against the pro-rata target 600万元 "
        "(50% of the year's yearly target 1,200万元), achievement 83.3%: Behind."
    )


def test_a_met_stock_is_explained_in_both_languages():
    series = IndicatorSeries(
        "N05", unit="家", targets={(2024, "assessment"): Decimal(140)}, values={"2024": 142}
    )
    st = status(series, "2024", final_year=2025)

    zh, en = _both(st.reason_message)

    assert zh == "2024年为142家，已达到2024年考核值140家，完成率101.4%，已达标。"
    assert (
        en == "2024: 142家, reaching the 2024 assessment value of 140家, achievement 101.4%: Met."
    )


def test_a_missed_target_after_its_year_is_told_as_what_happened():
    a = assess(
        [(2022, 180), (2025, 214)],
        target=260,
        target_year=2025,
        direction="higher",
        base_year=2022,
        unit="家",
        decimals=0,
        target_label="考核值",
    )

    zh, en = _both(a.sentence_message)

    assert zh == a.sentence
    assert zh.startswith("2025年实际214家，未达考核值260家（相差46家），")
    assert en.startswith("2025 actual 214家, short of the assessment value 260家 (by 46家): ")
    assert not any("\u4e00" <= c <= "\u9fff" for c in en.replace("家", ""))


@pytest.mark.parametrize(
    ("percent", "zh", "en"),
    [
        (Decimal(40), "任务3“改造提升传统产业”滞后，完成进度40%。", ", progress 40%."),
        (None, "任务3“改造提升传统产业”滞后。", "Behind."),
    ],
)
def test_a_lagging_task_is_explained_in_both_languages(percent, zh, en):
    task = TaskProgress(3, "改造提升传统产业", ("县经信局",), TaskStatus.BEHIND, percent)
    [item] = lagging_list([], [task])

    got_zh, got_en = _both(item.reason_message)

    assert got_zh == item.reason == zh
    assert got_en.startswith("Task 3 “改造提升传统产业”: Behind")
    assert got_en.endswith(en)


def test_unit_statuses_are_english_in_english():
    with translation.override("en"):
        labels = {s: translate(UNIT_STATUS_LABELS[s]) for s in UnitStatus}
    assert labels == {
        UnitStatus.NOT_STARTED: "Not started",
        UnitStatus.DRAFT: "In progress",
        UnitStatus.SUBMITTED: "Submitted",
        UnitStatus.RETURNED: "Returned",
        UnitStatus.APPROVED: "Approved",
    }


def test_the_ranking_method_lists_the_points_of_each_status_from_the_scoring_weights():
    template = Template(
        "{% load monitor_extras %}{% status_points as p %}{{ p.indicators }}|{{ p.tasks }}"
    )

    with translation.override("zh-hans"):
        zh = template.render(Context())
    with translation.override("en"):
        en = template.render(Context())

    assert zh == (
        "已达标 100、正常 90、滞后 60、严重滞后 30、无数据 0|"
        "已完成 100、正常推进 90、滞后 60、严重滞后 30、未报送 0"
    )
    assert en == (
        "Met 100, On track 90, Behind 60, Seriously behind 30, No data 0|"
        "Completed 100, On track 90, Behind 60, Seriously behind 30, Not reported 0"
    )


def test_a_stored_warning_shows_in_the_readers_language():
    template = Template("{% load core_text %}{{ w|value_warning }}")
    context = Context({"w": "与 2025 年目标 260 差距较大"})

    with translation.override("zh-hans"):
        assert template.render(context) == "与 2025 年目标 260 差距较大"
    with translation.override("en"):
        assert template.render(context) == "Far from the 2025 target 260"
