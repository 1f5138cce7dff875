import datetime as dt
from fractions import Fraction

import pytest

from innocounty.core.periods import (
    ANNUAL,
    MONTHLY,
    QUARTERLY,
    Period,
    PeriodError,
    fits,
    frequencies_for,
    label,
    latest_period,
    latest_period_within,
    latest_value,
    parse_period,
    period_ending,
    period_kind,
    periods_in_year,
    value_at,
)


@pytest.mark.parametrize(
    ("text", "kind", "year", "number", "start", "end", "fraction"),
    [
        ("2024", ANNUAL, 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 12, 31), Fraction(1)),
        ("2024Q1", QUARTERLY, 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31), Fraction(1, 4)),
        ("2024Q2", QUARTERLY, 2024, 2, dt.date(2024, 4, 1), dt.date(2024, 6, 30), Fraction(1, 2)),
        ("2024Q4", QUARTERLY, 2024, 4, dt.date(2024, 10, 1), dt.date(2024, 12, 31), Fraction(1)),
        ("2024-02", MONTHLY, 2024, 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29), Fraction(1, 6)),
        ("2023-02", MONTHLY, 2023, 2, dt.date(2023, 2, 1), dt.date(2023, 2, 28), Fraction(1, 6)),
        ("2024-09", MONTHLY, 2024, 9, dt.date(2024, 9, 1), dt.date(2024, 9, 30), Fraction(3, 4)),
        ("2024-12", MONTHLY, 2024, 12, dt.date(2024, 12, 1), dt.date(2024, 12, 31), Fraction(1)),
        (" 2025Q3 ", QUARTERLY, 2025, 3, dt.date(2025, 7, 1), dt.date(2025, 9, 30), Fraction(3, 4)),
    ],
)
def test_it_parses_identifiers(text, kind, year, number, start, end, fraction):
    period = parse_period(text)
    assert (period.kind, period.year, period.number) == (kind, year, number)
    assert (period.start, period.end) == (start, end)
    assert period.fraction_elapsed == fraction
    assert period_kind(text) == kind
    assert str(period) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "24",
        "2024Q0",
        "2024Q5",
        "2024-13",
        "2024-00",
        "2024-7",
        "2024q3",
        "2024 Q3",
        "abcd",
        "1899",
        "2201",
    ],
)
def test_it_rejects_bad_identifiers_in_chinese(text):
    with pytest.raises(PeriodError, match="报告期"):
        parse_period(text)


def test_it_rejects_non_strings():
    with pytest.raises(PeriodError, match="无效的报告期"):
        parse_period(2024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "previous", "following", "year_earlier"),
    [
        ("2024", "2023", "2025", "2023"),
        ("2024Q1", "2023Q4", "2024Q2", "2023Q1"),
        ("2024Q3", "2024Q2", "2024Q4", "2023Q3"),
        ("2024Q4", "2024Q3", "2025Q1", "2023Q4"),
        ("2024-01", "2023-12", "2024-02", "2023-01"),
        ("2024-12", "2024-11", "2025-01", "2023-12"),
    ],
)
def test_it_steps_between_periods(text, previous, following, year_earlier):
    period = parse_period(text)
    assert str(period.previous()) == previous
    assert str(period.next()) == following
    assert str(period.year_earlier()) == year_earlier


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("annual", ["2024"]),
        ("quarterly", ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
        ("monthly", [f"2024-{m:02d}" for m in range(1, 13)]),
    ],
)
def test_it_lists_the_periods_of_a_year(kind, expected):
    assert [str(p) for p in periods_in_year(2024, kind)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", [ANNUAL, QUARTERLY, MONTHLY]),
        ("2024Q2", [QUARTERLY, MONTHLY]),
        ("2024-07", [MONTHLY]),
    ],
)
def test_it_tells_which_frequencies_fit_a_period(text, expected):
    assert frequencies_for(text) == expected
    assert all(fits(f, text) for f in expected)


def test_an_annual_indicator_does_not_fit_a_quarter():
    assert not fits("annual", "2024Q3")


@pytest.mark.parametrize(
    ("kind", "today", "expected"),
    [
        ("monthly", dt.date(2024, 7, 15), "2024-06"),
        ("monthly", dt.date(2024, 7, 31), "2024-07"),
        ("monthly", dt.date(2024, 1, 3), "2023-12"),
        ("quarterly", dt.date(2024, 7, 1), "2024Q2"),
        ("quarterly", dt.date(2024, 6, 30), "2024Q2"),
        ("quarterly", dt.date(2024, 6, 29), "2024Q1"),
        ("quarterly", dt.date(2024, 2, 1), "2023Q4"),
        ("annual", dt.date(2024, 12, 31), "2024"),
        ("annual", dt.date(2024, 12, 30), "2023"),
    ],
)
def test_it_finds_the_latest_ended_period(kind, today, expected):
    assert str(latest_period(kind, today)) == expected


@pytest.mark.parametrize(
    ("kind", "within", "expected"),
    [
        ("annual", "2024Q3", "2023"),
        ("annual", "2024Q4", "2024"),
        ("quarterly", "2024-08", "2024Q2"),
        ("quarterly", "2024-02", "2023Q4"),
        ("monthly", "2024Q3", "2024-09"),
        ("quarterly", "2024Q3", "2024Q3"),
        ("monthly", "2024", "2024-12"),
    ],
)
def test_it_finds_the_latest_period_of_a_kind_within_another(kind, within, expected):
    assert str(latest_period_within(kind, within)) == expected


@pytest.mark.parametrize(
    ("month", "kind", "expected"),
    [
        (6, "quarterly", "2024Q2"),
        (8, "quarterly", None),
        (12, "annual", "2024"),
        (5, "annual", None),
    ],
)
def test_it_finds_the_period_ending_in_a_month(month, kind, expected):
    result = period_ending(2024, month, kind)
    assert (str(result) if result else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024", "2024年"), ("2024Q3", "2024年第3季度"), ("2024-07", "2024年7月")],
)
def test_it_labels_periods_in_chinese(text, expected):
    assert label(text) == expected


def test_containment_follows_the_calendar():
    year = parse_period("2024")
    assert year.contains(parse_period("2024Q3"))
    assert parse_period("2024Q3").contains(parse_period("2024-09"))
    assert not parse_period("2024Q3").contains(parse_period("2024-10"))
    assert not year.contains(parse_period("2025-01"))
    assert Period(2024, QUARTERLY, 3).annual == year


@pytest.mark.parametrize(
    ("values", "period", "expected"),
    [
        ({"2024": 1, "2024Q4": 2}, "2024", 1),
        ({"2024Q4": 2, "2024-12": 3}, "2024", 2),
        ({"2024-12": 3}, "2024", 3),
        ({"2024-09": 3}, "2024Q3", 3),
        ({"2024-09": 3}, "2024", None),
        ({"2024Q3": 3}, "2024-09", 3),  # a coarser period ending the same day, when no finer one
        ({"2024": 4}, "2024Q4", 4),  # a quarterly indicator reported in a yearly round
        ({"2024": 4, "2024-12": 5}, "2024Q4", 5),  # finer first
        ({"2024": 4}, "2024Q3", None),
        ({"2024": 4}, "2024-11", None),
        ({}, "2024", None),
    ],
)
def test_value_at_falls_back_to_periods_ending_the_same_day(values, period, expected):
    assert value_at(values, period) == expected


@pytest.mark.parametrize(
    ("values", "period", "expected"),
    [
        ({"2023": 1, "2024Q1": 2}, "2024Q3", ("2024Q1", 2)),
        ({"2023": 1, "2024Q4": 2}, "2024Q3", ("2023", 1)),
        ({"2023-12": 5, "2023": 1}, "2024-01", ("2023", 1)),  # same day: the coarsest
        ({"2025": 1}, "2024", None),
    ],
)
def test_latest_value_looks_back_to_the_most_recent_period(values, period, expected):
    found = latest_value(values, period)
    assert (None if found is None else (str(found[0]), found[1])) == expected
