"""Calendar rules of periods at their edges (mutants that survived, issue 19)."""

from __future__ import annotations

from innocounty.core.periods import (
    ANNUAL,
    MONTHLY,
    QUARTERLY,
    Period,
    annual_period,
    latest_value,
    parse_period,
    year_end_periods,
)


def test_the_previous_period_stays_in_the_year_after_its_first_period():
    assert parse_period("2024Q2").previous().ident == "2024Q1"
    assert parse_period("2024-02").previous().ident == "2024-01"
    assert parse_period("2024Q1").previous().ident == "2023Q4"
    assert parse_period("2024-01").previous().ident == "2023-12"


def test_a_year_contains_its_first_month_and_quarter_and_its_last():
    year = parse_period("2024")
    for ident in ("2024-01", "2024Q1", "2024-12", "2024Q4", "2024"):
        assert year.contains(parse_period(ident)), ident
    assert not year.contains(parse_period("2025-01"))
    assert parse_period("2024Q2").contains(parse_period("2024-04"))
    assert not parse_period("2024Q2").contains(parse_period("2024-03"))


def test_the_latest_value_skips_later_periods_wherever_they_are_listed():
    values = {"2025": "later", "2023": "old", "2024": "this year"}
    found = latest_value(values, "2024")
    assert found is not None and found[0].ident == "2024" and found[1] == "this year"
    assert latest_value({"2025": "later"}, "2024") is None


def test_the_periods_ending_on_31_december_coarsest_first():
    assert [p.ident for p in year_end_periods(2024)] == ["2024", "2024Q4", "2024-12"]
    assert year_end_periods(2024) == [parse_period(i) for i in ("2024", "2024Q4", "2024-12")]


def test_a_period_ends_in_its_last_month_and_a_year_is_period_one():
    assert [Period(2024, kind, 2).end_month for kind in (QUARTERLY, MONTHLY)] == [6, 2]
    assert Period(2024, ANNUAL).end_month == 12
    assert annual_period(2024) == Period(2024, ANNUAL, 1)
    assert annual_period(2024).is_year_end
