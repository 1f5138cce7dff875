from decimal import Decimal

import pytest

from innocounty.core.schema import Direction, MeasureType
from innocounty.core.validation import IndicatorRules, check_value, parse_number

SHARE = IndicatorRules(decimals=2, unit="%", measure_type=MeasureType.RATIO)
COUNT = IndicatorRules(decimals=0, unit="家", measure_type=MeasureType.STOCK)
PER_10K = IndicatorRules(decimals=2, unit="件/万人", measure_type=MeasureType.RATIO)
ENERGY = IndicatorRules(
    decimals=3, unit="吨标准煤/万元", measure_type=MeasureType.RATIO, direction=Direction.LOWER
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Decimal("12")),
        (" 1,200.5 ", Decimal("1200.5")),
        ("\uff11\uff12\uff0e\uff15", Decimal("12.5")),  # full-width digits
        ("", None),
        (None, None),
        (3, Decimal(3)),
        (0.485, Decimal("0.485")),
    ],
)
def test_parse_number_reads_what_people_type(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1..2", "NaN", "Infinity", "12万"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError, match="不是数字"):
        parse_number(text)


@pytest.mark.parametrize(
    ("rules", "value", "field", "message"),
    [
        (COUNT, "abc", "value", "“abc”不是数字"),
        (COUNT, "-3", "value", "不能为负数"),
        (SHARE, "101", "value", "百分比应在 0 到 100 之间"),
        (SHARE, "3.123", "value", "最多保留 2 位小数"),
        (COUNT, "150.5", "value", "最多保留 0 位小数"),
    ],
)
def test_hard_errors(rules, value, field, message):
    result = check_value(rules, value=value)
    assert not result.ok
    assert message in result.errors[field]


def test_all_problems_are_reported_together():
    result = check_value(SHARE, value="-3.123")
    assert result.errors["value"] == ["不能为负数", "百分比应在 0 到 100 之间", "最多保留 2 位小数"]


def test_a_ratio_is_computed_from_numerator_and_denominator_without_rounding():
    result = check_value(PER_10K, value=None, numerator="490", denominator="1000000")
    assert result.ok
    assert result.value == Decimal("4.9")
    share = check_value(SHARE, value=None, numerator="1", denominator="3")
    assert share.value == Decimal(1) / Decimal(3) * 100  # not rounded to 2 decimals


def test_a_typed_ratio_must_agree_with_its_parts():
    assert check_value(SHARE, value="3.10", numerator="31", denominator="1000").ok
    result = check_value(SHARE, value="3.5", numerator="31", denominator="1000")
    assert result.errors["value"] == ["填报值 3.5 与分子 ÷ 分母计算结果 3.10 不一致"]


@pytest.mark.parametrize(
    ("numerator", "denominator", "field", "message"),
    [("5", "0", "denominator", "分母不能为 0"), ("5", "", "denominator", "分子和分母需同时填写")],
)
def test_ratio_part_errors(numerator, denominator, field, message):
    result = check_value(SHARE, value=None, numerator=numerator, denominator=denominator)
    assert result.errors[field] == [message]


def test_warnings_stock_drop_big_change_and_far_from_target():
    result = check_value(
        COUNT,
        value="100",
        last_approved=Decimal(120),
        previous=Decimal(220),
        target=Decimal(150),
        target_year=2024,
    )
    assert result.ok
    assert result.warnings == [
        "存量指标低于上次审核值 120",
        "与上期值 220 相比变化 -54.5%，超过 ±50%",
        "与 2024 年目标 150 差距较大",
    ]


def test_lower_is_better_is_far_from_target_above_it():
    assert check_value(ENERGY, value="0.60", target=Decimal("0.485"), target_year=2024).warnings
    assert not check_value(ENERGY, value="0.50", target=Decimal("0.485"), target_year=2024).warnings


def test_no_warning_within_bounds():
    result = check_value(
        COUNT, value="140", last_approved=Decimal(120), previous=Decimal(120), target=Decimal(150)
    )
    assert result.warnings == []


def test_energy_per_10k_yuan_is_not_a_per_10k_people_rate():
    result = check_value(ENERGY, value=None, numerator="48", denominator="100")
    assert result.value == Decimal("0.48")


def test_numbers_beyond_what_is_stored_are_refused():
    result = check_value(COUNT, value="1" + "0" * 15)
    assert result.errors["value"] == ["数值过大（绝对值应小于 10 的 15 次方）"]
