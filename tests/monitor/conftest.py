from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def seeded(qianjiang):
    """The Qianjiang plan with the demo accounts and demo reporting data."""
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang
