"""The rules of `core/schema.py` a plan file relies on (issue 19, its first mutation run).

Numbers are read exactly (a boolean is not a number, a thousands separator is dropped); an
indicator's target is found by year and kind together; the contract's keys come first in
`to_contract`, followed by every other field of the plan. Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from innocounty.core.schema import Indicator, Plan, Target


def test_a_boolean_is_not_a_number_and_a_thousands_separator_is_dropped():
    with pytest.raises(ValidationError) as caught:
        Target(year=2024, kind="target", value=True)
    assert caught.value.errors()[0]["msg"] == "Value error, expected a number, got a boolean"
    assert Target(year=2024, kind="target", value=" 1,234.5 ").value == Decimal("1234.5")
    assert Target(year=2024, kind="target", value=0.485).value == Decimal("0.485")


def test_a_target_is_found_by_its_year_and_kind_together():
    indicator = Indicator(
        code="N03",
        category="创新投入",
        number=1,
        name="全社会R&D经费支出",
        unit="万元",
        targets=[
            Target(year=2024, kind="target", value=1),
            Target(year=2025, kind="assessment", value=2),
            Target(year=2025, kind="expected", value=3),
        ],
    )
    assert indicator.target_value(2025, "expected") == Decimal(3)
    assert indicator.target_value(2025, "assessment") == Decimal(2)
    assert indicator.target_value(2024, "assessment") is None
    assert indicator.target_value(2026, "target") is None


def test_the_contract_keys_come_first_and_every_field_follows():
    plan = Plan.model_validate({"key": "p", "title": "方案", "start_year": 2023, "end_year": 2025})
    contract = plan.to_contract()
    assert list(contract)[:8] == [
        "title",
        "doc_number",
        "date",
        "programs",
        "indicators",
        "main_targets",
        "units",
        "findings",
    ]
    assert set(contract) == set(plan.model_dump(mode="json"))
    assert (contract["key"], contract["start_year"], contract["end_year"]) == ("p", 2023, 2025)
