"""The denominator checks of `validation.check_value`: a denominator about 1 000 times the last
approved one (or a thousandth of it) was typed in another unit (人 for 万人); without a last
approved one, a denominator outside the plan's usual range is questioned. Warnings only, with
the texts worked out by hand. Written for the mutation run of the core
(docs/en/mutation-testing.md).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from innocounty.core.validation import IndicatorRules, check_value

# 件/万人: value = numerator ÷ denominator × 10 000.
RULES = IndicatorRules(
    decimals=2, unit="件/万人", denominator_unit="万人", denominator_range=(D(10), D(100))
)


def warnings(denominator, last=None, rules=RULES, value=None, numerator="50"):
    checked = check_value(
        rules, value=value, numerator=numerator, denominator=denominator, last_denominator=last
    )
    return checked.warnings


def scale(denominator, previous, times, unit="万人"):
    return (
        f"分母 {denominator} 与上次审核的分母 {previous} 相差约 {times} 倍，"
        f"请核对分母的单位（{unit}）"
    )


def out_of_range(denominator):
    return f"分母 {denominator}万人 不在通常范围 10–100万人 内，请核对分母的单位"


@pytest.mark.parametrize(
    ("denominator", "last", "expected"),
    [
        # 985 000 ÷ 98.5 = 10 000 times the last approved denominator: typed in 人.
        ("985000", D("98.5"), [scale("985000", "98.5", "10,000")]),
        # 98.5 ÷ 0.0985 = 1 000 exactly: the edge warns, in either direction.
        ("0.0985", D("98.5"), [scale("0.0985", "98.5", "1,000")]),
        ("98500", D("98.5"), [scale("98500", "98.5", "1,000")]),
        # A last approved denominator below 1 counts too: 600 ÷ 0.5 = 1 200.
        ("600", D("0.5"), [scale("600", "0.5", "1,200")]),
        # 98.5 ÷ 0.099 = 994.9: not enough to warn.
        ("0.099", D("98.5"), []),
        ("99", D("98.5"), []),
        # With a last approved denominator the range is not asked: 5.2 is outside 10–100,
        # but close to the last one.
        ("5.2", D("5"), []),
    ],
)
def test_a_denominator_far_from_the_last_approved_one_is_questioned(denominator, last, expected):
    assert warnings(denominator, last) == expected


def test_without_a_denominator_unit_the_warning_says_so():
    rules = IndicatorRules(decimals=2, unit="件/万人")
    assert warnings("985000", D("98.5"), rules) == [scale("985000", "98.5", "10,000", "—")]


@pytest.mark.parametrize(
    ("denominator", "last", "expected"),
    [
        ("5.2", None, [out_of_range("5.2")]),
        ("100.5", None, [out_of_range("100.5")]),
        ("10", None, []),  # the edges are inside
        ("100", None, []),
        # A last approved denominator of 0 is none: the range is asked.
        ("5.2", D(0), [out_of_range("5.2")]),
    ],
)
def test_without_a_last_approved_one_a_denominator_outside_the_range_is_questioned(
    denominator, last, expected
):
    assert warnings(denominator, last) == expected


def test_no_range_no_last_no_warning():
    assert warnings("5.2", None, IndicatorRules(decimals=2, unit="件/万人")) == []


@pytest.mark.parametrize("last", [D("98.5"), None])
def test_a_negative_denominator_is_refused_not_questioned(last):
    checked = check_value(
        RULES, value=None, numerator="50", denominator="-5.2", last_denominator=last
    )
    assert checked.warnings == []
    assert "denominator" in checked.errors


def test_the_denominator_is_checked_only_when_the_value_is_the_computed_one():
    # 50 ÷ 5.2 × 10 000 = 96 153.846…: a typed 96153.85 agrees (to 2 decimals) and is
    # replaced by the computed value, so the range is asked; a typed 1 does not agree.
    assert warnings("5.2", value="96153.85") == [out_of_range("5.2")]
    assert warnings("5.2", value="1") == []
