"""One rule for the period a value or status is labelled with (`periods.judged_period`)."""

from __future__ import annotations

import pytest

from innocounty.core.periods import judged_period, label


@pytest.mark.parametrize(
    ("kind", "as_of", "expected"),
    [
        # a period of the indicator's kind ends the same day: the as-of period itself
        ("quarterly", "2025", "2025"),
        ("monthly", "2025", "2025"),
        ("monthly", "2025Q3", "2025Q3"),
        ("quarterly", "2025Q2", "2025Q2"),
        ("annual", "2025", "2025"),
        ("annual", "2025-12", "2025-12"),
        ("quarterly", "2025-12", "2025-12"),
        # none ends that day: the latest one of its kind ending within
        ("annual", "2025Q3", "2024"),
        ("quarterly", "2025-08", "2025Q2"),
    ],
)
def test_judged_period(kind, as_of, expected):
    assert judged_period(kind, as_of).ident == expected


def test_a_quarterly_indicator_in_a_yearly_view_is_labelled_with_the_year():
    assert label(judged_period("quarterly", "2025")) == "2025年"
