"""Ratio indicators state their parts; a value the system computed can always be submitted;
a denominator typed in the wrong unit is a warning (issue 12, item 1)."""

import datetime as dt
from decimal import Decimal

import pytest

from innocounty.core import catalogue
from innocounty.core.schema import MeasureType
from innocounty.core.validation import IndicatorRules, check_value
from innocounty.plans.models import Indicator
from innocounty.reporting import services
from innocounty.reporting.models import Value

pytestmark = pytest.mark.django_db


def test_every_national_ratio_states_its_parts_and_units():
    ratios = [e for e in catalogue.NATIONAL if e.measure_type == MeasureType.RATIO]
    assert len(ratios) == 6
    for entry in ratios:
        assert entry.ratio is not None, entry.code
        assert entry.ratio.numerator and entry.ratio.denominator
        assert entry.ratio.numerator_unit and entry.ratio.denominator_unit
    n13 = catalogue.BY_CODE["N13"].ratio
    assert (n13.numerator, n13.numerator_unit, n13.denominator, n13.denominator_unit) == (
        "有效发明专利数",
        "件",
        "常住人口",
        "万人",
    )


def test_every_ratio_of_the_seed_plan_is_loaded_with_its_parts(qianjiang):
    ratios = qianjiang.indicators.filter(measure_type=Indicator.MeasureType.RATIO)
    assert ratios.count() == 8
    for indicator in ratios:
        assert indicator.has_ratio_parts, indicator.code
        assert indicator.numerator_unit and indicator.denominator_unit
        # A share is × 100; a per-万人 rate with the population in 万人 is × 1.
        expected = 100 if indicator.measure_unit == "%" else 1
        assert indicator.ratio_factor == expected, indicator.code
    assert qianjiang.indicators.get(code="N13").ratio_formula() == (
        "有效发明专利数（件） ÷ 常住人口（万人）"
    )


def test_the_plan_export_carries_the_parts_and_reloads_unchanged(qianjiang, qianjiang_data):
    from innocounty.plans.services import plan_export, plan_load

    exported = plan_export(plan=qianjiang)
    s05 = next(i for i in exported.indicators if i.code == "S05")
    assert s05.ratio is not None and s05.ratio.denominator_unit == "亿元"
    assert plan_load(data=qianjiang_data).changes == []


def test_a_computed_value_is_kept_exact_and_passes_its_own_recheck():
    rules = IndicatorRules(
        decimals=2, unit="件/万人", measure_type=MeasureType.RATIO, factor=Decimal(1)
    )
    first = check_value(rules, value=None, numerator="1150", denominator="220")
    assert first.ok and first.value == Decimal(1150) / Decimal(220)
    stored = first.value.quantize(Decimal("0.00000001"))  # what the column keeps
    again = check_value(rules, value=stored, numerator="1150", denominator="220")
    assert again.ok, again.errors
    assert again.value == Decimal(1150) / Decimal(220)
    # A typed value without parts still keeps the indicator's decimals.
    assert not check_value(rules, value=stored).ok


def test_a_repeating_ratio_saved_from_its_parts_can_be_submitted(
    round_2024, n01, unit_a, reporter_a
):
    value = services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"numerator": "1", "denominator": "30", "explanation": "x"},
        by=reporter_a,
    ).value
    submitted = services.value_submit(value=value, by=reporter_a)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    assert submitted.value == Decimal("3.33333333")


@pytest.fixture
def approved_2023(small_plan, office_user, n01, unit_a, reporter_a):
    round_ = services.round_open(
        plan=small_plan, period="2023", deadline=dt.date(2030, 1, 1), by=office_user
    )
    value = services.value_save(
        round_=round_,
        indicator=n01,
        unit=unit_a,
        data={"numerator": "310", "denominator": "10000", "explanation": "x"},
        by=reporter_a,
    ).value
    services.value_approve(value=services.value_submit(value=value, by=reporter_a), by=office_user)


def test_a_denominator_ten_thousand_times_off_needs_an_explanation(
    approved_2023, round_2024, n01, unit_a, reporter_a
):
    # 10 000 万元 last year; 100 000 000 typed this year (元 for 万元, the numerator too):
    # the share itself looks plausible (3.2 %), only the denominator's scale tells.
    saved = services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"numerator": "3200000", "denominator": "100000000"},
        by=reporter_a,
    )
    assert any("相差约 10,000 倍" in w for w in saved.warnings), saved.warnings
    with pytest.raises(services.ReportingError, match="分母"):
        services.value_submit(value=saved.value, by=reporter_a)
    assert Value.objects.get(pk=saved.value.pk).state == "draft"


def test_a_denominator_of_the_same_scale_is_no_warning(
    approved_2023, round_2024, n01, unit_a, reporter_a
):
    saved = services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"numerator": "320", "denominator": "10500"},
        by=reporter_a,
    )
    assert not any("分母" in w for w in saved.warnings)


def test_a_population_typed_in_people_for_wan_ren_is_a_warning(qianjiang):
    n13 = qianjiang.indicators.get(code="N13")
    rules = services.indicator_rules(n13)
    in_people = check_value(rules, value=None, numerator="1150", denominator="2200000")
    assert any("不在通常范围" in w and "万人" in w for w in in_people.warnings)
    in_wan = check_value(rules, value=None, numerator="1150", denominator="220")
    assert not any("分母" in w for w in in_wan.warnings)
    assert in_wan.value == Decimal(1150) / Decimal(220)
