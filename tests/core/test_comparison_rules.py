"""Scoring rules the first tests left open (issue 19's mutation run of `core/comparison.py`):
missing and zero reference values, default weights, the chained index's default base year and
missing years, entropy weights of columns without information, a county the expert weights
leave unranked, and names carried to the results. Expected values are worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from innocounty.core import comparison as cmp
from innocounty.core.comparison import CountyFigures, Method
from tests.core.test_comparison import STANDARD, A, B, C, by_key, county


def _years(key: str, values: dict[str, dict[int, object]]) -> CountyFigures:
    return CountyFigures(
        key=key,
        name=f"{key}县",
        values={c: {y: D(str(v)) for y, v in by_year.items()} for c, by_year in values.items()},
        categories={"I1": "X", "I2": "X", "I3": "Y"},
    )


def test_results_carry_the_counties_names_in_input_order():
    assert [r.name for r in cmp.score([A, B, C], STANDARD)] == ["A县", "B县", "C县"]
    assert [m.name for m in cmp.robustness([C, A, B], STANDARD)] == ["C县", "A县", "B县"]


def test_an_indicator_without_a_standard_or_with_a_zero_one_has_no_score():
    method = Method(kind=cmp.STANDARD, year=2024, standards={"I1": D(40), "I2": D(0)})
    # A: I1 50 ÷ 40 capped at 100; I2 against 0 and I3 without a standard: no score.
    assert by_key(cmp.score([A], method))["A"].indicators == {"I1": 100.0, "I2": None, "I3": None}


def test_efficacy_needs_both_values_of_an_indicator():
    method = Method(
        kind=cmp.EFFICACY,
        year=2024,
        satisfactory={"I1": D(50)},
        unacceptable={"I1": D(10), "I2": D(1)},
    )
    # A: I1 60 + (50 − 10) ÷ (50 − 10) × 40 = 100; I2 has no satisfactory value, I3 neither.
    assert by_key(cmp.score([A], method))["A"].indicators == {"I1": 100.0, "I2": None, "I3": None}


def test_weights_not_given_are_one():
    """A's standard scores: I1 100, I2 80 (category X), I3 100 (Y). With I1 weighing 3 and
    the rest 1: X = (3 × 100 + 80) ÷ 4 = 95, overall (95 + 100) ÷ 2 = 97.5; with category X
    weighing 3 and Y 1: (3 × 95 + 100) ÷ 4 = 96.25."""
    weights = Method(
        kind=cmp.STANDARD, year=2024, weights={"I1": D(3)}, standards=STANDARD.standards
    )
    found = by_key(cmp.score([A], weights))["A"]
    assert found.categories == {"X": 95.0, "Y": 100.0}
    assert found.score == pytest.approx(97.5)
    both = Method(
        kind=cmp.STANDARD,
        year=2024,
        weights={"I1": D(3)},
        category_weights={"X": D(3)},
        standards=STANDARD.standards,
    )
    assert by_key(cmp.score([A], both))["A"].score == pytest.approx(96.25)


def test_the_chained_index_starts_the_year_before_by_default():
    """I1 10 (2022) → 20 (2023) → 30 (2024): from 2023, 100 × 30 ÷ 20 = 150 (from 2022 it
    would be 300)."""
    k = _years("K", {"I1": {2022: 10, 2023: 20, 2024: 30}})
    found = by_key(cmp.score([k], Method(kind=cmp.CHAINED, year=2024)))["K"]
    assert found.score == pytest.approx(150.0)
    assert found.indicators == {"I1": pytest.approx(150.0)}
    from_2022 = Method(kind=cmp.CHAINED, year=2024, base_year=2022)
    assert by_key(cmp.score([k], from_2022))["K"].score == pytest.approx(300.0)


def test_a_chain_without_its_base_year_or_its_last_year_has_no_index():
    no_base = _years("N", {"I1": {2024: 30}})
    no_end = _years("E", {"I1": {2023: 20}})
    full = _years("F", {"I1": {2023: 20, 2024: 30}})
    found = by_key(cmp.score([no_base, no_end, full], Method(kind=cmp.CHAINED, year=2024)))
    assert (found["N"].score, found["N"].rank) == (None, None)
    assert (found["E"].score, found["E"].rank) == (None, None)
    assert (found["F"].score, found["F"].rank) == (pytest.approx(150.0), 1)


def test_entropy_gives_no_weight_to_a_column_without_information():
    """Standard scores: I1 0 and 0 (a column of zeros), I2 0.2 and 0.6 (small, total 0.8),
    I3 in one county only. Only I2 tells the counties apart: its weight is 1."""
    p = county("P", {"I1": 0, "I2": "0.2", "I3": "0.5"})
    q = county("Q", {"I1": 0, "I2": "0.6", "I3": None})
    method = Method(
        kind=cmp.STANDARD,
        year=2024,
        standards={"I1": D(10), "I2": D(100), "I3": D("0.5")},
    )
    weights = cmp.entropy_weights([p, q], method)
    assert weights == {"I1": 0.0, "I2": pytest.approx(1.0), "I3": 0.0}


def test_a_category_without_weight_is_skipped_not_the_end_of_the_county():
    """I1 and I2 (category X) weigh 0, I3 (Y) 1: A's score is its I3 score, 100."""
    method = Method(
        kind=cmp.STANDARD,
        year=2024,
        weights={"I1": D(0), "I2": D(0), "I3": D(1)},
        standards=STANDARD.standards,
    )
    assert by_key(cmp.score([A], method))["A"].score == pytest.approx(100.0)


def test_a_county_unranked_by_the_expert_weights_has_no_move():
    """The expert weights give I3 nothing; R has only I3, so it is unranked by them but
    ranked under equal weights: its move is 0 (a move needs two ranks)."""
    r = county("R", {"I1": None, "I2": None, "I3": "0.5"})
    method = Method(
        kind=cmp.STANDARD,
        year=2024,
        weights={"I1": D(1), "I2": D(1), "I3": D(0)},
        standards=STANDARD.standards,
    )
    moves = {m.key: m for m in cmp.robustness([A, r], method)}
    assert (moves["R"].expert, moves["R"].equal, moves["R"].largest_move) == (None, 1, 0)
    assert moves["A"].expert == 1


def test_ranks_leave_a_missing_score_unranked():
    assert cmp.ranks([D(2), None, D(2), D(1)]) == [1, None, 1, 3]


def test_a_chain_scored_in_its_base_year_is_100_where_there_is_data_and_none_elsewhere():
    """Base year = scored year: no link; a county with a value stands at 100, one without any
    has no index (and its categories none), never 100."""
    k = _years("K", {"I1": {2024: 30}})
    nothing = _years("Z", {})
    method = Method(kind=cmp.CHAINED, year=2024, base_year=2024, indicators=("I1", "I3"))
    found = by_key(cmp.score([k, nothing], method))
    assert found["K"].score == pytest.approx(100.0)
    assert found["K"].categories == {"X": pytest.approx(100.0), "Y": None}
    assert (found["Z"].score, found["Z"].rank) == (None, None)
    assert found["Z"].categories == {"X": None, "Y": None}


def test_a_negative_weight_is_refused_even_for_a_category_no_county_has():
    method = Method(kind=cmp.STANDARD, year=2024, category_weights={"Z": D(-1)})
    with pytest.raises(ValueError, match="negative weight for Z"):
        cmp.score([A], method)


@pytest.mark.parametrize(
    "method",
    [
        STANDARD,
        Method(kind=cmp.STANDARD, year=2024, weights={"I1": D(0)}, standards=STANDARD.standards),
        Method(kind=cmp.CHAINED, year=2024, base_year=2024),
    ],
)
def test_score_and_robustness_together_are_the_two_apart(method):
    counties = [A, B, C, county("R", {"I1": None, "I2": None, "I3": "0.5"})]
    assert cmp.score_and_robustness(counties, method) == (
        cmp.score(counties, method),
        cmp.robustness(counties, method),
    )
