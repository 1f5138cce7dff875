"""The edges of the value checks: each limit is inclusive or exclusive as the rule says.

Expected outcomes are worked out by hand in the comments (issue 19: mutants at these edges
survived the earlier suite).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.schema import Direction, MeasureType
from innocounty.core.validation import (
    BIG_CHANGE,
    FAR_FROM_TARGET,
    HALF_RATIO,
    NEGATIVE,
    SHARE_RANGE,
    STOCK_DROPPED,
    IndicatorRules,
    check_value,
    decimals_of,
    parse_number,
)

PCT1 = IndicatorRules(decimals=1, unit="%")
PCT2 = IndicatorRules(decimals=2, unit="%")
PLAIN = IndicatorRules(decimals=2, unit="家")


# --- reading numbers ------------------------------------------------------------------------


def test_a_boolean_is_not_a_number():
    with pytest.raises(ValueError, match="“True”不是数字"):
        parse_number(True)


def test_inner_spaces_and_thousands_separators_are_ignored():
    assert parse_number(" 1 234,5 ") == Decimal("12345")
    assert parse_number("１２ ３．５") == Decimal("123.5")


@pytest.mark.parametrize("text", ["NaN", "Infinity", " -inf "])
def test_not_finite_is_not_a_number_and_the_message_names_it(text):
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == f"“{text.strip()}”不是数字"


def test_decimals_of_a_number_that_is_not_finite_is_zero():
    assert decimals_of(Decimal("Infinity")) == 0
    assert decimals_of(Decimal("2.500")) == 1
    assert decimals_of(Decimal("5E+2")) == 0


# --- numerator and denominator ----------------------------------------------------------------


def test_a_bad_denominator_is_reported_once_not_also_as_half_a_ratio():
    checked = check_value(PCT2, value=None, numerator="1", denominator="abc")
    assert checked.errors == {"denominator": ["“abc”不是数字"]}


def test_a_bad_numerator_is_reported_once_not_also_as_half_a_ratio():
    checked = check_value(PCT2, value=None, numerator="abc", denominator="4")
    assert checked.errors == {"numerator": ["“abc”不是数字"]}


def test_a_missing_numerator_is_named_as_the_missing_half():
    assert check_value(PCT2, value=None, numerator=None, denominator="4").errors == {
        "numerator": [HALF_RATIO]
    }
    assert check_value(PCT2, value=None, numerator="1", denominator=None).errors == {
        "denominator": [HALF_RATIO]
    }


@pytest.mark.parametrize(
    ("numerator", "denominator", "typed", "agrees"),
    [
        # 1 ÷ 16 × 100 = 6.25: with one decimal, 6.2 and 6.3 are both 0.05 away (allowed).
        ("1", "16", "6.2", True),
        ("1", "16", "6.3", True),
        ("1", "16", "6.1", False),  # 0.15 away
        # 1 ÷ 12 × 100 = 8.333…: 8.3 is 0.033 away, 8.4 is 0.067 away (more than 0.05).
        ("1", "12", "8.3", True),
        ("1", "12", "8.4", False),
    ],
)
def test_a_typed_ratio_must_agree_to_half_a_unit_of_its_last_decimal(
    numerator, denominator, typed, agrees
):
    checked = check_value(PCT1, value=typed, numerator=numerator, denominator=denominator)
    assert checked.ok is agrees
    if agrees:
        # The value kept is the exact quotient of its parts, not the rounded figure typed.
        exact = Decimal(numerator) * 100 / Decimal(denominator)
        assert abs(checked.value - exact) < Decimal("1e-12")


def test_a_computed_ratio_is_not_held_to_the_typed_decimals():
    checked = check_value(PCT2, value="", numerator="1", denominator="3")
    assert checked.ok and checked.errors == {}


def test_zero_is_a_valid_numerator():
    checked = check_value(PLAIN, value=None, numerator="0", denominator="5")
    assert checked.ok and checked.value == 0
    checked = check_value(PLAIN, value=None, numerator="0.5", denominator="5")
    assert checked.ok and checked.value == Decimal("0.1")


# --- the value's own range ----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "ok"), [("0", True), ("0.5", True), ("-0.01", False)])
def test_zero_is_not_negative(typed, ok):
    checked = check_value(PLAIN, value=typed)
    assert checked.ok is ok
    assert (NEGATIVE in checked.errors.get("value", [])) is (not ok)


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("0", True),
        ("0.5", True),
        ("100", True),
        ("99.99", True),
        ("100.01", False),
        ("-0.01", False),
    ],
)
def test_a_share_may_be_anything_from_0_to_100_inclusive(typed, ok):
    checked = check_value(PCT2, value=typed)
    assert (SHARE_RANGE in checked.errors.get("value", [])) is (not ok)


# --- warnings ---------------------------------------------------------------------------------


def test_a_stock_equal_to_the_last_approved_value_is_no_drop():
    stock = IndicatorRules(decimals=2, unit="家", measure_type=MeasureType.STOCK)
    assert check_value(stock, value="5", last_approved=Decimal("5.00")).warnings == []
    assert check_value(stock, value="4.99", last_approved=Decimal("5.00")).warnings == [
        STOCK_DROPPED.format(previous="5")
    ]
    assert check_value(stock, value="2", last_approved=Decimal("2.50")).warnings == [
        STOCK_DROPPED.format(previous="2.5")
    ]
    assert check_value(stock, value="0", last_approved=Decimal("0.0000001")).warnings == [
        STOCK_DROPPED.format(previous="0.0000001")
    ]


@pytest.mark.parametrize(
    ("previous", "typed", "warned"),
    [
        ("2", "3", False),  # +50 % exactly: not beyond ±50 %
        ("2", "1", False),  # −50 % exactly
        ("2", "3.01", True),
        ("1", "2", True),  # +100 % from 1
        ("0", "5", False),  # no change can be measured from 0
    ],
)
def test_a_change_beyond_50_percent_from_the_previous_period_is_flagged(previous, typed, warned):
    flow = IndicatorRules(decimals=2, unit="家", measure_type=MeasureType.FLOW)
    warnings = check_value(flow, value=typed, previous=Decimal(previous)).warnings
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].startswith(f"与上期值 {previous} 相比变化")


def test_the_change_warning_gives_the_change_in_percent():
    flow = IndicatorRules(decimals=2, unit="家", measure_type=MeasureType.FLOW)
    warnings = check_value(flow, value="3.01", previous=Decimal("2")).warnings
    assert warnings == [BIG_CHANGE.format(previous="2", change="50.5")]


@pytest.mark.parametrize(
    ("direction", "typed", "far"),
    [
        (Direction.HIGHER, "8", False),  # 80 % of the target 10: not below it
        (Direction.HIGHER, "7.99", True),
        (Direction.LOWER, "12", False),  # 120 % of the target 10: not above it
        (Direction.LOWER, "12.01", True),
    ],
)
def test_far_from_target_starts_beyond_80_or_120_percent(direction, typed, far):
    rules = IndicatorRules(
        decimals=2, unit="家", measure_type=MeasureType.FLOW, direction=direction
    )
    warnings = check_value(rules, value=typed, target=Decimal("10"), target_year=2025)
    expected = [FAR_FROM_TARGET.format(year=2025, target="10")] if far else []
    assert warnings.warnings == expected


def test_a_zero_target_never_makes_a_value_far_from_it():
    lower = IndicatorRules(
        decimals=2, unit="家", measure_type=MeasureType.FLOW, direction=Direction.LOWER
    )
    assert check_value(lower, value="5", target=Decimal("0"), target_year=2025).warnings == []
