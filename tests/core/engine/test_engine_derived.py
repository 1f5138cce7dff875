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
    ("text", "tree"),
    [
        ("a / b * 10000", BinOp("*", BinOp("/", Ref("a"), Ref("b")), Const(D(10000)))),
        ("a + b - c", BinOp("-", BinOp("+", Ref("a"), Ref("b")), Ref("c"))),
        ("a + b * c", BinOp("+", Ref("a"), BinOp("*", Ref("b"), Ref("c")))),
        ("(a + b) * c", BinOp("*", BinOp("+", Ref("a"), Ref("b")), Ref("c"))),
        ("-a", BinOp("-", Const(D(0)), Ref("a"))),
        ("sum(a, b, c)", BinOp("+", BinOp("+", Ref("a"), Ref("b")), Ref("c"))),
        ("last(人口)", Ref("人口", latest=True)),
        ("{N-13} / 2.5", BinOp("/", Ref("N-13"), Const(D("2.5")))),
        (
            "发明专利拥有量/常住人口*10000",
            BinOp("*", BinOp("/", Ref("发明专利拥有量"), Ref("常住人口")), Const(D(10000))),
        ),
    ],
)
def test_it_parses_formulas_into_a_tree(text, tree):
    assert parse_formula(text) == tree


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a +", "公式不完整"),
        ("__import__('os')", "无法识别的字符|未知函数"),
        ("eval(a)", "未知函数“eval”"),
        ("a $ b", "无法识别的字符"),
        ("(a", "应为“\\)”"),
        ("a b", "多余的内容"),
        ("last(a + b)", "last\\(\\) 只接受一个名称"),
        ("", "公式不完整"),
    ],
)
def test_it_rejects_bad_formulas_with_a_place(text, message):
    with pytest.raises(FormulaError, match=message):
        parse_formula(text)


def test_helpers_build_the_same_trees_as_text():
    assert ratio("a", "b", 10000) == parse_formula("a / b * 10000")
    assert ratio("a", "b", 10000, latest_denominator=True) == parse_formula("a / last(b) * 10000")
    assert total("a", "b", "c") == parse_formula("sum(a, b, c)")


@pytest.mark.parametrize(
    ("lookup", "expected"),
    [
        ({("a", False): D(3), ("b", False): D(4)}, D("7500")),
        ({("a", False): D(3), ("b", False): D(0)}, None),  # division by zero → missing
        ({("a", False): D(3)}, None),  # missing operand → missing, never zero
    ],
)
def test_evaluate_is_exact_and_missing_stays_missing(lookup, expected):
    assert evaluate(parse_formula("a / b * 10000"), lookup) == expected


def test_the_patent_rate_is_computed_per_quarter_with_the_latest_population():
    formula = parse_formula("patents / last(population) * 10000")
    elements = {
        "patents": {"2024Q1": D(100), "2024Q2": D(120), "2025Q1": D(130)},
        "population": {"2023": D(500000), "2025Q1": D(520000)},
    }
    assert compute(formula, elements) == {
        "2024Q1": D(2),
        "2024Q2": D("2.4"),
        "2025Q1": D("2.5"),
    }


def test_plain_references_need_the_same_period():
    formula = parse_formula("a / b")
    elements = {
        "a": {"2024Q1": D(1), "2024Q2": D(2), "2024": D(8)},
        "b": {"2024Q2": D(4), "2024-12": D(2)},
    }
    # 2024Q1 lacks b; 2024Q2 divides; the year and December are the same day: 8 / 2.
    assert compute(formula, elements) == {"2024Q2": D("0.5"), "2024": D(4), "2024-12": D(4)}


def test_sums_cover_every_reported_period():
    elements = {"a": {"2024": D(1)}, "b": {"2024": D(2), "2023": D(5)}}
    assert compute(parse_formula("sum(a, b)"), elements) == {"2024": D(3)}
