"""The demo data (as `innocounty demo` makes it), frozen at fixed times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

NOW = timezone.make_aware(dt.datetime(2026, 4, 20, 9, 30))


@pytest.fixture
def seeded(qianjiang):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


@pytest.fixture
def office(seeded):
    from django.contrib.auth.models import User

    return User.objects.get(username="office")


@pytest.fixture
def leader(seeded):
    from django.contrib.auth.models import User

    return User.objects.get(username="leader")


@pytest.fixture
def report(seeded, office):
    from innocounty.acceptance.services import self_evaluation_create

    return self_evaluation_create(plan=seeded, by=office, now=NOW)
