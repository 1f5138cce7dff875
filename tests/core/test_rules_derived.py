"""The rules of `core/derived.py`, stated once each (issue 19, its first mutation run).

A formula reads back as the text it was written from; a bad formula is refused with the
place of the fault, counted in characters from 1; a missing operand or a division by zero
leaves the period out, a multiplication by zero does not; the periods come in time order.
The expected messages and positions are counted by hand. Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from innocounty.core.derived import (
    BinOp,
    Const,
    FormulaError,
    Ref,
    compute,
    evaluate,
    parse_formula,
    ratio,
    total,
)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("patents / last(population) * 10000", "((patents / last(population)) * 10000)"),
        ("{N-13} + 2.5", "({N-13} + 2.5)"),
        ("{3a} - 人口", "({3a} - 人口)"),  # a code that starts with a digit is braced
        ("a * -b", "(a * (0 - b))"),
        ("sum(a, b, c)", "((a + b) + c)"),
    ],
)
def test_a_formula_is_written_back_as_text_that_reads_the_same(text, written):
    formula = parse_formula(text)
    assert str(formula) == written
    assert parse_formula(written) == formula


def test_the_helpers_build_a_ratio_and_a_sum():
    assert ratio("a", "b") == BinOp("/", Ref("a"), Ref("b"))
    assert ratio("a", "b", 1) == ratio("a", "b")  # a factor of 1 multiplies nothing
    assert ratio("a", "b", 100, latest_denominator=True) == BinOp(
        "*", BinOp("/", Ref("a"), Ref("b", latest=True)), Const(D(100))
    )
    assert total("a") == Ref("a")
    with pytest.raises(FormulaError, match=r"^sum\(\) 至少需要一个参数$"):
        total()


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("a * b", {"a": 5, "b": 0}, D(0)),  # zero is a value
        ("a / b", {"a": 5, "b": 1}, D(5)),
        ("a / b", {"a": 5, "b": 0}, None),  # no value, never zero
        ("a - b", {"a": 5}, None),
    ],
)
def test_only_a_missing_operand_or_a_zero_divisor_leaves_a_period_out(text, values, expected):
    lookup = {(code, False): D(v) for code, v in values.items()}
    assert evaluate(parse_formula(text), lookup) == expected


def test_the_periods_come_in_time_order_coarsest_first_on_the_same_day():
    elements = {"a": {"2024": D(4), "2024-03": D(3), "2023-12": D(1), "2024Q1": D(2)}}
    assert list(compute(parse_formula("a * 2"), elements)) == [
        "2023-12",
        "2024Q1",
        "2024-03",
        "2024",
    ]


def test_an_element_that_was_never_reported_gives_no_value():
    assert compute(parse_formula("a / b"), {"a": {"2024": D(1)}}) == {}
    assert compute(parse_formula("a / last(b)"), {"a": {"2024": D(1)}}) == {}
    # b reported only after 2024: nothing is at or before it.
    late = {"a": {"2024": D(1)}, "b": {"2025": D(2)}}
    assert compute(parse_formula("a / last(b)"), late) == {}


def test_surrounding_spaces_are_ignored():
    assert parse_formula("  a + b   ") == BinOp("+", Ref("a"), Ref("b"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a $ b", "公式“a $ b”第 3 个字符处有误：无法识别的字符"),
        ("a b", "公式“a b”第 3 个字符处有误：多余的内容"),
        ("a +", "公式“a +”第 4 个字符处有误：公式不完整"),
        ("a + )", "公式“a + )”第 5 个字符处有误：应为数字、名称或括号"),
        ("* a", "公式“* a”第 1 个字符处有误：应为数字、名称或括号"),
        ("(a + b", "公式“(a + b”第 7 个字符处有误：应为“)”"),
        ("last(a, b)", "公式“last(a, b)”第 10 个字符处有误：last() 只接受一个名称"),
        ("max(a)", "未知函数“max”（只允许 sum、last）"),
    ],
)
def test_a_bad_formula_is_refused_naming_the_place(text, message):
    with pytest.raises(FormulaError) as caught:
        parse_formula(text)
    assert str(caught.value) == message


def test_functions_take_several_arguments_anywhere_in_a_formula():
    assert parse_formula("2 * sum(a, b) - last(c)") == BinOp(
        "-",
        BinOp("*", Const(D(2)), BinOp("+", Ref("a"), Ref("b"))),
        Ref("c", latest=True),
    )
    assert parse_formula("a - (b - c)") == BinOp("-", Ref("a"), BinOp("-", Ref("b"), Ref("c")))
