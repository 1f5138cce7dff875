"""Scoring counties side by side: each method's formula, weights, ties, missing data,
entropy weights and the robustness of ranks. Expected values are worked out by hand below."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innocounty.core import comparison as cmp
from innocounty.core.comparison import CountyFigures, Method
from innocounty.core.evaluation import IndicatorSeries
from innocounty.core.index import IndexWeights, index_for_year

CATEGORIES = {"I1": "X", "I2": "X", "I3": "Y"}
DIRECTIONS = {"I1": "higher", "I2": "higher", "I3": "lower"}


def county(key: str, values: dict[str, object], year: int = 2024, **extra: object) -> CountyFigures:
    """A county with one year's values (None leaves an indicator out)."""
    return CountyFigures(
        key=key,
        name=f"{key}县",
        values={c: {year: D(str(v))} for c, v in values.items() if v is not None},
        directions=DIRECTIONS,
        categories=CATEGORIES,
        **extra,  # type: ignore[arg-type]
    )


# A: I1 50, I2 8, I3 0.5; B: 40, 10, 0.4; C: 20, 4, 0.8 (I3 lower is better).
A = county("A", {"I1": 50, "I2": 8, "I3": "0.5"})
B = county("B", {"I1": 40, "I2": 10, "I3": "0.4"})
C = county("C", {"I1": 20, "I2": 4, "I3": "0.8"})

STANDARD = Method(
    kind=cmp.STANDARD,
    year=2024,
    weights={"I1": D(2), "I2": D(1), "I3": D(1)},
    category_weights={"X": D(3), "Y": D(1)},
    standards={"I1": D(40), "I2": D(10), "I3": D("0.5")},
)


def by_key(results: list[cmp.CountyScore]) -> dict[str, cmp.CountyScore]:
    return {r.key: r for r in results}


def test_standard_ratio_is_capped_at_100_and_inverted_for_lower_is_better():
    r = by_key(cmp.score([A, B, C], STANDARD))
    # A: 50/40 → 125 capped 100; 8/10 → 80; lower: 0.5/0.5 → 100.
    assert r["A"].indicators == {"I1": 100.0, "I2": 80.0, "I3": 100.0}
    # C: 20/40 → 50; 4/10 → 40; lower: 0.5/0.8 → 62.5.
    assert r["C"].indicators == {"I1": 50.0, "I2": 40.0, "I3": 62.5}
    assert r["B"].indicators == {"I1": 100.0, "I2": 100.0, "I3": 100.0}  # 0.5/0.4 capped


def test_standard_weights_within_and_between_categories():
    r = by_key(cmp.score([A, B, C], STANDARD))
    # A: X = (2·100 + 1·80)/3 = 280/3, Y = 100; overall = (3·280/3 + 1·100)/4 = 95.
    assert r["A"].categories["X"] == pytest.approx(280 / 3)
    assert r["A"].score == pytest.approx(95.0)
    # C: X = (2·50 + 40)/3 = 140/3, Y = 62.5; overall = (140 + 62.5)/4 = 50.625.
    assert r["C"].score == pytest.approx(50.625)
    assert r["B"].score == pytest.approx(100.0)
    assert [(x.key, x.rank) for x in cmp.score([A, B, C], STANDARD)] == [
        ("A", 2),
        ("B", 1),
        ("C", 3),
    ]
    assert all(x.coverage == 1.0 for x in r.values())


def test_missing_data_renormalises_and_reports_coverage():
    c = county("C", {"I1": 20, "I2": None, "I3": "0.8"})
    r = by_key(cmp.score([A, B, c], STANDARD))["C"]
    # X has only I1 (50): X = 50; overall = (3·50 + 62.5)/4 = 53.125.
    assert r.indicators["I2"] is None
    assert r.score == pytest.approx(53.125)
    # Covered weight: X 3 × 2/3 + Y 1 × 1 = 3 of 4.
    assert r.coverage == pytest.approx(0.75)


def test_a_county_without_data_has_no_score_and_no_rank():
    empty = county("E", {})
    r = by_key(cmp.score([A, empty], STANDARD))
    assert r["E"].score is None and r["E"].rank is None and r["E"].coverage == 0.0
    assert r["A"].rank == 1


def test_ties_share_a_rank_and_the_next_rank_skips():
    method = Method(kind=cmp.STANDARD, year=2024, standards={"I1": D(100), "I2": D(100)})
    one = county("P", {"I1": 100, "I2": 50})  # 100, 50 → 75
    two = county("Q", {"I1": 50, "I2": 100})  # 50, 100 → 75
    best = county("R", {"I1": 100, "I2": 100})  # 100
    last = county("S", {"I1": 10, "I2": 10})
    assert [x.rank for x in cmp.score([one, two, best, last], method)] == [2, 2, 1, 4]


def test_ranks_compare_exact_values_not_rounded_ones():
    # 1/3 and 0.3333333333333333333333333334 differ beyond any float or 28-digit Decimal.
    assert cmp.ranks([Fraction(1, 3), Fraction(D("0.3333333333333333333333333334"))]) == [
        2,
        1,
    ]


def test_near_ties_are_ranked_on_exact_values(monkeypatch):
    # With 6 digits the two scores below round apart; exactly they are both 300/7.
    monkeypatch.setattr(cmp, "PRECISION", 6)
    monkeypatch.setattr(cmp, "NEAR_TIE", D("1e-4"))
    method = Method(
        kind=cmp.STANDARD,
        year=2024,
        standards={"I1": D(3), "I2": D(7), "I3": D(9)},
        indicators=("I1", "I2", "I3"),
    )

    def plain(key: str, values: dict[str, str]) -> CountyFigures:
        return CountyFigures(key, key, {c: {2024: D(v)} for c, v in values.items()})

    # A: I1 4/3 capped at 100, I2 0.25/7·100 = 25/7, I3 2.25/9·100 = 25; (125 + 25/7)/3.
    a = plain("A", {"I1": "4", "I2": "0.25", "I3": "2.25"})
    b = plain("B", {"I2": "3"})  # 3/7·100 = 300/7
    c = plain("C", {"I2": "2.9"})
    rounded = [r.overall for r in cmp._score_all([a, b, c], method)]
    assert rounded[0] != rounded[1]
    assert [r.rank for r in cmp.score([a, b, c], method)] == [1, 1, 3]


def test_values_out_of_range_are_held_at_the_bounds():
    method = Method(kind=cmp.STANDARD, year=2024, standards={"I1": D(10), "I3": D(1)})
    # Higher is better below zero scores 0; lower is better at or below zero scores 100.
    r = cmp.score([county("A", {"I1": -5, "I3": 0})], method)[0]
    assert r.indicators == {"I1": 0.0, "I3": 100.0}
    own = Method(kind=cmp.OWN_TARGETS, year=2024)
    zero_target = county("Z", {"I1": 5}, targets={"I1": {2024: D(0)}})
    assert cmp.score([zero_target], own)[0].indicators["I1"] is None
    same = Method(
        kind=cmp.EFFICACY, year=2024, satisfactory={"I1": D(5)}, unacceptable={"I1": D(5)}
    )
    assert cmp.score([county("A", {"I1": 5})], same)[0].indicators["I1"] is None


def test_own_targets_is_achievement_capped_as_in_the_index():
    targets = {"I1": {2024: D(40)}, "I2": {2024: D(10)}, "I3": {2024: D("0.6")}}
    a = county("A", {"I1": 50, "I2": 8, "I3": "0.5"}, targets=targets)
    method = Method(kind=cmp.OWN_TARGETS, year=2024)
    r = cmp.score([a], method)[0]
    # 50/40 = 125 % capped at 120; 8/10 = 80; lower: 0.6/0.5 = 120.
    assert r.indicators == {"I1": 120.0, "I2": 80.0, "I3": 120.0}
    # X = (120 + 80)/2 = 100, Y = 120, overall = 110.
    assert r.score == pytest.approx(110.0)
    # The same as the composite index on the same figures.
    series = [
        IndicatorSeries(
            code=c,
            category=CATEGORIES[c],
            direction=DIRECTIONS[c],
            targets={(2024, "assessment"): targets[c][2024]},
            values={"2024": a.values[c][2024]},
        )
        for c in ("I1", "I2", "I3")
    ]
    point = index_for_year(series, 2024, final_year=2024, weights=IndexWeights())
    assert point.overall == pytest.approx(r.score)


def test_own_targets_reads_the_target_year_and_skips_missing_targets():
    a = county("A", {"I1": 30, "I2": 5}, targets={"I1": {2025: D(60)}})
    r = cmp.score([a], Method(kind=cmp.OWN_TARGETS, year=2024, target_year=2025))[0]
    assert r.indicators["I1"] == pytest.approx(50.0)  # 30/60
    assert r.indicators["I2"] is None
    assert r.coverage == pytest.approx(0.5)  # X: 1 of 2; no I3 anywhere: only X counts


EFFICACY = Method(
    kind=cmp.EFFICACY,
    year=2024,
    satisfactory={"I1": D(60), "I3": D("0.4")},
    unacceptable={"I1": D(20), "I3": D("1.0")},
    indicators=("I1", "I3"),
)


@pytest.mark.parametrize(
    ("values", "i1", "i3"),
    [
        # 60 + (50 − 20)/(60 − 20)·40 = 90; lower: 60 + (0.5 − 1)/(0.4 − 1)·40 = 93.33…
        ({"I1": 50, "I3": "0.5"}, 90.0, 60 + 40 * 5 / 6),
        ({"I1": 40, "I3": "0.4"}, 80.0, 100.0),
        # At the unacceptable value: 60; below it, held at 60; past satisfactory, at 100.
        ({"I1": 20, "I3": "1.0"}, 60.0, 60.0),
        ({"I1": 5, "I3": "1.5"}, 60.0, 60.0),
        ({"I1": 90, "I3": "0.1"}, 100.0, 100.0),
    ],
)
def test_efficacy_score_runs_from_60_to_100_in_either_direction(values, i1, i3):
    r = cmp.score([county("A", values)], EFFICACY)[0]
    assert r.indicators["I1"] == pytest.approx(i1)
    assert r.indicators["I3"] == pytest.approx(i3)


def chained_county(key: str, i1: list[object], i3: list[object]) -> CountyFigures:
    years = (2022, 2023, 2024)
    return CountyFigures(
        key=key,
        name=key,
        values={
            "I1": {y: D(str(v)) for y, v in zip(years, i1, strict=True) if v is not None},
            "I3": {y: D(str(v)) for y, v in zip(years, i3, strict=True) if v is not None},
        },
        directions=DIRECTIONS,
        categories=CATEGORIES,
    )


CHAINED = Method(kind=cmp.CHAINED, year=2024, base_year=2022)


def test_chained_index_multiplies_the_yearly_weighted_growth():
    a = chained_county("A", [100, 110, 121], ["1.0", "0.8", "0.8"])
    r = cmp.score([a], CHAINED)[0]
    # I1 grows 1.1 and 1.1 → 121; I3 (lower) 1.0/0.8 = 1.25 then 1.0 → 125.
    assert r.indicators == {"I1": pytest.approx(121.0), "I3": pytest.approx(125.0)}
    # Links: 2023 (1.1 + 1.25)/2 = 1.175, 2024 (1.1 + 1.0)/2 = 1.05; 100·1.175·1.05.
    assert r.score == pytest.approx(123.375)
    assert r.coverage == 1.0


def test_chained_categories_chain_their_own_links():
    a = chained_county("A", [100, 110, 121], ["1.0", "0.8", "0.8"])
    r = cmp.score([a], CHAINED)[0]
    # X holds only I1 (1.1 · 1.1), Y only I3 (1.25 · 1.0).
    assert r.categories == {"X": pytest.approx(121.0), "Y": pytest.approx(125.0)}


def test_chained_ratio_needs_positive_values():
    a = chained_county("A", [100, 0, 121], ["1.0", "0.8", "0.8"])
    r = cmp.score([a], CHAINED)[0]
    assert r.indicators["I1"] is None
    # Only I3 links: 100 · 1.25 · 1.0.
    assert r.score == pytest.approx(125.0) and r.coverage == pytest.approx(0.5)


def test_chained_index_renormalises_a_missing_link_and_reports_the_weakest():
    a = chained_county("A", [100, 110, 121], ["1.0", "0.8", None])
    r = cmp.score([a], CHAINED)[0]
    assert r.indicators["I3"] is None
    # 2024's link has only I1: 100·1.175·1.1.
    assert r.score == pytest.approx(129.25)
    assert r.coverage == pytest.approx(0.5)


def test_chained_index_is_100_in_the_base_year_and_refuses_a_later_base():
    a = chained_county("A", [100, 110, 121], ["1.0", "0.8", "0.8"])
    assert cmp.score([a], Method(kind=cmp.CHAINED, year=2022, base_year=2022))[0].score == 100.0
    with pytest.raises(ValueError, match="after the scored year"):
        cmp.score([a], Method(kind=cmp.CHAINED, year=2022, base_year=2023))


def test_a_negative_weight_or_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="negative weight for I1"):
        cmp.score([A], Method(kind=cmp.STANDARD, year=2024, weights={"I1": D(-1)}))
    with pytest.raises(ValueError, match="unknown scoring method"):
        cmp.score([A], Method(kind="median", year=2024))


def test_entropy_weights_by_hand():
    # The standard method's scores: I1 100, 100, 50; I2 80, 100, 40; I3 100, 100, 62.5.
    def divergence(column: list[float]) -> float:
        total = sum(column)
        e = -sum(v / total * math.log(v / total) for v in column) / math.log(len(column))
        return 1 - e

    d = {
        "I1": divergence([100, 100, 50]),
        "I2": divergence([80, 100, 40]),
        "I3": divergence([100, 100, 62.5]),
    }
    expected = {k: v / sum(d.values()) for k, v in d.items()}
    weights = cmp.entropy_weights([A, B, C], STANDARD)
    assert weights == {k: pytest.approx(v) for k, v in expected.items()}
    # I2 spreads the counties most, so it weighs most.
    assert max(weights, key=weights.__getitem__) == "I2"


def test_entropy_weights_count_a_zero_score_as_zero_log_zero():
    method = Method(kind=cmp.STANDARD, year=2024, standards={"I1": D(10), "I2": D(10)})
    counties = [county("P", {"I1": 0, "I2": 5}), county("Q", {"I1": 10, "I2": 10})]
    # I1: p = 0, 1 → e = 0, d = 1; I2: p = 1/3, 2/3.
    e2 = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(2)
    d1, d2 = 1.0, 1 - e2
    weights = cmp.entropy_weights(counties, method)
    assert weights == {"I1": pytest.approx(d1 / (d1 + d2)), "I2": pytest.approx(d2 / (d1 + d2))}


def test_entropy_weights_without_information_are_equal():
    same = [county("P", {"I1": 40, "I2": 10}), county("Q", {"I1": 40, "I2": 10})]
    assert cmp.entropy_weights(same, STANDARD) == {"I1": 0.5, "I2": 0.5}
    # One county alone carries no information either.
    assert cmp.entropy_weights([A], STANDARD) == pytest.approx({c: 1 / 3 for c in CODES})


def test_robustness_shows_how_far_each_rank_moves():
    method = Method(
        kind=cmp.STANDARD,
        year=2024,
        weights={"I1": D(9), "I2": D(1)},
        standards={"I1": D(100), "I2": D(100)},
    )
    a = county("A", {"I1": 100, "I2": 10})  # expert (900 + 10)/10 = 91; equal 55
    b = county("B", {"I1": 80, "I2": 100})  # expert 82; equal 90
    c = county("C", {"I1": 90, "I2": 90})  # expert 90; equal 90
    # Entropy: I1 (100, 80, 90) hardly separates the counties, I2 (10, 100, 90) does.
    d1 = 1 + sum(p * math.log(p) for p in (100 / 270, 80 / 270, 90 / 270)) / math.log(3)
    d2 = 1 + sum(p * math.log(p) for p in (10 / 200, 100 / 200, 90 / 200)) / math.log(3)
    w1, w2 = d1 / (d1 + d2), d2 / (d1 + d2)
    by_entropy = {"A": w1 * 100 + w2 * 10, "B": w1 * 80 + w2 * 100, "C": w1 * 90 + w2 * 90}
    assert sorted(by_entropy, key=by_entropy.__getitem__, reverse=True) == ["B", "C", "A"]
    moves = cmp.robustness([a, b, c], method)
    assert [(m.key, m.expert, m.equal, m.entropy, m.largest_move) for m in moves] == [
        ("A", 1, 3, 3, 2),
        ("B", 3, 1, 1, 2),
        ("C", 2, 1, 2, 1),
    ]


def test_equal_weights_weigh_every_indicator_alike_not_every_category():
    method = Method(kind=cmp.STANDARD, year=2024, standards={c: D(100) for c in CODES})

    def higher(key: str, i1: int, i2: int, i3: int) -> CountyFigures:
        values = {"I1": {2024: D(i1)}, "I2": {2024: D(i2)}, "I3": {2024: D(i3)}}
        return CountyFigures(key, key, values, categories=CATEGORIES)

    # A: every indicator alike (100 + 100 + 0)/3 = 66.7, each category alike (100 + 0)/2 = 50;
    # B: (40 + 40 + 100)/3 = 60, (40 + 100)/2 = 70. The expert weights (1 each, categories 1
    # each) rank B first; equal weights rank A first.
    moves = cmp.robustness([higher("A", 100, 100, 0), higher("B", 40, 40, 100)], method)
    assert [(m.key, m.expert, m.equal) for m in moves] == [("A", 2, 1), ("B", 1, 2)]


def test_robustness_of_a_county_without_data_moves_nothing():
    moves = cmp.robustness([A, county("E", {})], STANDARD)
    assert moves[1].expert is None and moves[1].largest_move == 0


# --- properties ----------------------------------------------------------------------------

values = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2)
weights = st.decimals(min_value=D(0), max_value=D(20), places=1)
CODES = ("I1", "I2", "I3")


@st.composite
def matrices(draw: st.DrawFn) -> list[CountyFigures]:
    n = draw(st.integers(min_value=2, max_value=6))
    return [
        CountyFigures(
            key=f"K{i}",
            name=f"K{i}",
            values={c: {2024: draw(values)} for c in CODES if draw(st.booleans()) or c == "I1"},
            directions=DIRECTIONS,
            categories=CATEGORIES,
        )
        for i in range(n)
    ]


def standard_method(w: list[D], cw: list[D], **extra: object) -> Method:
    return Method(
        kind=cmp.STANDARD,
        year=2024,
        weights=dict(zip(CODES, w, strict=True)),
        category_weights={"X": cw[0], "Y": cw[1]},
        standards={"I1": D(300), "I2": D(500), "I3": D(200)},
        **extra,  # type: ignore[arg-type]
    )


@settings(max_examples=60, deadline=None)
@given(
    matrices(),
    st.lists(weights, min_size=3, max_size=3),
    st.lists(weights, min_size=2, max_size=2),
    st.integers(min_value=2, max_value=1000),
)
def test_scaling_every_weight_keeps_the_ranks(counties, w, cw, factor):
    method = standard_method(w, cw)
    scaled = standard_method([x * factor for x in w], [x * factor for x in cw])
    assert [r.rank for r in cmp.score(counties, method)] == [
        r.rank for r in cmp.score(counties, scaled)
    ]


@settings(max_examples=60, deadline=None)
@given(
    matrices(),
    st.lists(weights, min_size=3, max_size=3),
    st.lists(weights, min_size=2, max_size=2),
    st.sampled_from([cmp.STANDARD, cmp.EFFICACY]),
)
def test_a_county_better_on_every_indicator_never_ranks_below(counties, w, cw, kind):
    method = standard_method(
        w,
        cw,
        satisfactory={"I1": D(800), "I2": D(900), "I3": D(1)},
        unacceptable={"I1": D(10), "I2": D(5), "I3": D(900)},
    )
    method = replace(method, kind=kind)
    first = counties[0]
    # A county at least as good as the first on each of the first's indicators.
    better = CountyFigures(
        key="best",
        name="best",
        values={
            c: {2024: v[2024] / 2 if DIRECTIONS[c] == "lower" else v[2024] * 2}
            for c, v in first.values.items()
        },
        directions=DIRECTIONS,
        categories=CATEGORIES,
    )
    results = by_key(cmp.score([*counties, better], method))
    if results["K0"].rank is not None:
        assert results["best"].rank is not None
        assert results["best"].rank <= results["K0"].rank


@settings(max_examples=40, deadline=None)
@given(matrices())
def test_entropy_weights_are_shares(counties):
    w = cmp.entropy_weights(counties, standard_method([D(1)] * 3, [D(1)] * 2))
    assert all(x >= 0 for x in w.values())
    assert math.fsum(w.values()) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(matrices(), st.randoms())
def test_the_order_of_the_counties_changes_no_score(counties, random):
    method = standard_method([D(2), D(1), D(1)], [D(1), D(1)])
    shuffled = list(counties)
    random.shuffle(shuffled)
    before = {r.key: (r.score, r.rank) for r in cmp.score(counties, method)}
    assert {r.key: (r.score, r.rank) for r in cmp.score(shuffled, method)} == before


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), values), min_size=3, max_size=3),
    st.lists(st.one_of(st.none(), values), min_size=3, max_size=3),
    st.lists(weights, min_size=3, max_size=3),
    st.lists(weights, min_size=2, max_size=2),
    st.decimals(min_value=D("0.5"), max_value=D(2), places=1),
)
def test_own_targets_is_the_composite_index(xs, targets, w, cw, cap):
    """Scoring by own targets gives the composite index of `core.index` on the same figures."""
    figures = CountyFigures(
        key="A",
        name="A",
        values={c: {2024: x} for c, x in zip(CODES, xs, strict=True) if x is not None},
        targets={c: {2024: t} for c, t in zip(CODES, targets, strict=True) if t is not None},
        directions=DIRECTIONS,
        categories=CATEGORIES,
    )
    weights_by_code = dict(zip(CODES, w, strict=True))
    category_weights = {"X": cw[0], "Y": cw[1]}
    method = Method(
        kind=cmp.OWN_TARGETS,
        year=2024,
        indicators=CODES,
        weights=weights_by_code,
        category_weights=category_weights,
        cap=cap,
    )
    series = [
        IndicatorSeries(
            code=c,
            category=CATEGORIES[c],
            direction=DIRECTIONS[c],
            targets={} if t is None else {(2024, "assessment"): t},
            values={} if x is None else {"2024": x},
        )
        for c, x, t in zip(CODES, xs, targets, strict=True)
    ]
    index = index_for_year(
        series,
        2024,
        final_year=2024,
        weights=IndexWeights(indicators=weights_by_code, categories=category_weights, cap=cap),
    )
    result = cmp.score([figures], method)[0]
    if index.overall is None:
        assert result.score is None
    else:
        assert result.score == pytest.approx(index.overall)
    assert result.coverage == pytest.approx(index.coverage)
