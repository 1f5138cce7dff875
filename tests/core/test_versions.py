"""The version that counts (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

from innocounty.core.versions import latest_approved


def test_the_highest_approved_version_with_a_value_counts_per_key():
    versions = [
        # 2024: v3 is submitted (not yet approved), so the approved v2 counts over v1.
        ("2024", 2, "approved", Decimal("12.5"), "v2"),
        ("2024", 1, "approved", Decimal("10"), "v1"),
        ("2024", 3, "submitted", Decimal("13"), "v3"),
        # 2025: an approved version without a number does not hide the older number.
        ("2025", 1, "approved", Decimal("20"), "2025 v1"),
        ("2025", 2, "approved", None, "2025 v2"),
        # 2023: nothing approved.
        ("2023", 1, "returned", Decimal("9"), "2023 v1"),
        ("2023", 2, "draft", Decimal("9.5"), "2023 v2"),
    ]
    assert latest_approved(versions) == {"2024": "v2", "2025": "2025 v1"}


def test_nothing_in_nothing_out():
    assert latest_approved([]) == {}
