"""A past target year says what happened; large numbers carry thousands separators (issue 12,
item 6)."""

from decimal import Decimal

from innocounty.core.forecast import assess, format_value


def test_a_target_year_that_is_over_says_what_happened():
    a = assess(
        [(2022, 150), (2023, 170), (2024, 190), (2025, 214)],
        target=Decimal(260),
        target_year=2025,
        direction="higher",
        unit="家",
        decimals=0,
        target_label="考核值",
    )
    assert a.sentence.startswith("2025年实际214家，未达考核值260家（相差46家）")
    assert "可达" not in a.sentence


def test_a_future_target_year_is_still_a_projection():
    a = assess(
        [(2022, 150), (2023, 170)],
        target=Decimal(260),
        target_year=2025,
        direction="higher",
        unit="家",
        decimals=0,
    )
    assert "2025年可达" in a.sentence


def test_large_numbers_have_thousands_separators():
    assert format_value(Decimal(120000), 0, "万元") == "120,000万元"
    assert format_value(Decimal("5.2272"), 2, "件/万人") == "5.23件/万人"
