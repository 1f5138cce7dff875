"""Derived indicators: a formula over reported data elements, computed per period.

A formula is a small tree of dataclasses (`Ref`, `Const`, `BinOp`), built in code or read from
text by `parse_formula`, a whitelisted recursive-descent parser (never `eval`):

    万人发明专利拥有量 = parse_formula("patents / last(population) * 10000")

Grammar: numbers, names (letters, digits, ``_``, Chinese characters; ``{any-code}`` in braces
for codes with other characters), ``+ - * /``, parentheses, unary minus, and two functions:
``sum(a, b, …)`` and ``last(name)``. ``last(x)`` takes the latest value of x reported at or
before the period (a yearly population serves every quarter); a plain name takes the value of
that very period (a year falls back to its Q4/December value, see `periods.value_at`).

Arithmetic is exact `Decimal` (28 significant digits), never rounded. A missing operand or a
division by zero makes the result missing (None), never zero.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from innocounty.core.periods import (
    as_period,
    format_period,
    latest_value,
    parse_period,
    value_at,
)

FORMULA_SYNTAX = "公式“{text}”第 {pos} 个字符处有误：{problem}"
FORMULA_UNKNOWN_FUNCTION = "未知函数“{name}”（只允许 sum、last）"


class FormulaError(ValueError):
    """A formula that cannot be read; the Chinese message names the place."""


@dataclass(frozen=True, slots=True)
class Const:
    """A number in a formula."""

    value: Decimal

    def refs(self) -> set[tuple[str, bool]]:
        """The ``(code, latest)`` operands the formula needs."""
        return set()

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True, slots=True)
class Ref:
    """A data element by code; `latest` takes its latest value at or before the period."""

    code: str
    latest: bool = False

    def refs(self) -> set[tuple[str, bool]]:
        """The ``(code, latest)`` operands the formula needs."""
        return {(self.code, self.latest)}

    def __str__(self) -> str:
        name = self.code if re.fullmatch(r"[^\W\d]\w*", self.code) else f"{{{self.code}}}"
        return f"last({name})" if self.latest else name


@dataclass(frozen=True, slots=True)
class BinOp:
    """`left op right`; a division by zero makes the result missing."""

    op: str  # one of + - * /
    left: Formula
    right: Formula

    def refs(self) -> set[tuple[str, bool]]:
        """The ``(code, latest)`` operands the formula needs."""
        return self.left.refs() | self.right.refs()

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


Formula = Const | Ref | BinOp

_OPS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def ratio(
    numerator: str, denominator: str, factor: Decimal | int = 1, *, latest_denominator: bool = False
) -> Formula:
    """numerator ÷ denominator × factor, e.g. ``ratio("patents", "population", 10000)``."""
    f: Formula = BinOp("/", Ref(numerator), Ref(denominator, latest_denominator))
    return f if factor == 1 else BinOp("*", f, Const(Decimal(factor)))


def total(*codes: str) -> Formula:
    """The sum of several elements, e.g. ``total("rd_industry", "rd_other")``."""
    if not codes:
        raise FormulaError("sum() 至少需要一个参数")
    f: Formula = Ref(codes[0])
    for code in codes[1:]:
        f = BinOp("+", f, Ref(code))
    return f


def evaluate(formula: Formula, lookup: Mapping[tuple[str, bool], Decimal | None]) -> Decimal | None:
    """Compute `formula` from operand values keyed by ``(code, latest)``; None when undefined."""
    if isinstance(formula, Const):
        return formula.value
    if isinstance(formula, Ref):
        return lookup.get((formula.code, formula.latest))
    left = evaluate(formula.left, lookup)
    if left is None:
        return None
    right = evaluate(formula.right, lookup)
    if right is None:
        return None
    if formula.op == "/" and right == 0:
        return None
    try:
        return _OPS[formula.op](left, right)
    except (DivisionByZero, InvalidOperation):
        return None


def compute(formula: Formula, elements: Mapping[str, Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """Values of `formula` for every period where it is defined, keyed by period identifier.

    The candidate periods are those reported for the plain (not ``last``) operands, or for the
    ``last`` operands when there are no plain ones. Periods where an operand is missing or a
    denominator is zero are left out. The periods come in time order, the coarsest first
    among those ending the same day (``2024Q1`` before ``2024-03``).
    """
    refs = formula.refs()
    plain = {code for code, latest in refs if not latest}
    drivers = plain or {code for code, _ in refs}
    candidates: set[str] = set()
    for code in drivers:
        candidates.update(elements.get(code, {}))
    result: dict[str, Decimal] = {}
    for key in sorted(candidates, key=_order):
        period = parse_period(key)
        lookup: dict[tuple[str, bool], Decimal | None] = {}
        for code, latest in refs:
            values = elements.get(code, {})
            if latest:
                found = latest_value(values, period)
                lookup[(code, True)] = None if found is None else found[1]
            else:
                lookup[(code, False)] = value_at(values, period)
        value = evaluate(formula, lookup)
        if value is not None:
            result[format_period(period)] = value
    return result


def _order(key: str) -> tuple[int, int]:
    p = as_period(key)
    return (p.year * 12 + p.end_month, -p.months)


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[^\W\d]\w*)|\{(?P<braced>[^{}]+)\}|(?P<op>[-+*/(),]))"
)


def parse_formula(text: str) -> Formula:
    """Read a formula (grammar in the module docstring); `FormulaError` names the bad place."""
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if not match:
            # The place of the character itself, not of the spaces before it.
            at = len(stripped) - len(stripped[pos:].lstrip()) + 1
            raise FormulaError(FORMULA_SYNTAX.format(text=text, pos=at, problem="无法识别的字符"))
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append(("name" if kind == "braced" else kind, value.strip(), match.start(kind) + 1))
        pos = match.end()
    parser = _Parser(text, tokens)
    formula = parser.expression()
    if parser.i != len(tokens):
        parser.fail("多余的内容")
    return formula


class _Parser:
    def __init__(self, text: str, tokens: list[tuple[str, str, int]]) -> None:
        self.text, self.tokens, self.i = text, tokens, 0

    def fail(self, problem: str) -> None:
        pos = self.tokens[self.i][2] if self.i < len(self.tokens) else len(self.text) + 1
        raise FormulaError(FORMULA_SYNTAX.format(text=self.text, pos=pos, problem=problem))

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            self.fail(f"应为“{expected}”")
        self.i += 1

    def expression(self) -> Formula:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.tokens[self.i][1]
            self.i += 1
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Formula:
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.tokens[self.i][1]
            self.i += 1
            node = BinOp(op, node, self.factor())
        return node

    def factor(self) -> Formula:
        if self.i >= len(self.tokens):
            self.fail("公式不完整")
        kind, value, _ = self.tokens[self.i]
        if value == "-" and kind == "op":
            self.i += 1
            return BinOp("-", Const(Decimal(0)), self.factor())
        if value == "(" and kind == "op":
            self.i += 1
            node = self.expression()
            self.take(")")
            return node
        if kind == "num":
            self.i += 1
            return Const(Decimal(value))
        if kind == "name":
            self.i += 1
            if self.peek() == "(":
                return self.call(value)
            return Ref(value)
        self.fail("应为数字、名称或括号")
        raise AssertionError  # unreachable: fail() raises

    def call(self, name: str) -> Formula:
        if name not in ("sum", "last"):
            raise FormulaError(FORMULA_UNKNOWN_FUNCTION.format(name=name))
        self.take("(")
        args = [self.expression()]
        while self.peek() == ",":
            self.i += 1
            args.append(self.expression())
        self.take(")")
        if name == "last":
            if len(args) != 1 or not isinstance(args[0], Ref):
                self.i -= 1
                self.fail("last() 只接受一个名称")
            ref = args[0]
            assert isinstance(ref, Ref)
            return Ref(ref.code, latest=True)
        node = args[0]
        for arg in args[1:]:
            node = BinOp("+", node, arg)
        return node
