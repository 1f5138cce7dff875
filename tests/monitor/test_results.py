"""Stored results (`monitor.results`): pages and the API read the plan's stored evaluation,
which is recomputed after a change to that plan only, per day, and equals the uncached one."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from innocounty.api.services import token_create
from innocounty.monitor import results, selectors
from innocounty.monitor.models import PlanResult
from innocounty.plans.services import plan_export, plan_load
from innocounty.reporting import services
from innocounty.reporting.models import Value

pytestmark = pytest.mark.django_db

CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"')


@pytest.fixture
def office(seeded):
    return User.objects.get(username="office")


def _uncached(monkeypatch):
    """Make pages and the API compute the evaluation on every request (the old path)."""

    def plan_result(*, plan, period=None, today=None):
        return selectors.plan_snapshot(plan=plan, period=period, today=today)

    monkeypatch.setattr(results, "plan_result", plan_result)


def _pages(plan) -> list[str]:
    unit = plan.units.get(name="市科技局")
    task = plan.tasks.order_by("number").first()
    indicator = plan.indicators.order_by("position").first()
    pages = [
        reverse("monitor:cockpit", args=[plan.key]),
        reverse("monitor:indicator-list", args=[plan.key]),
        reverse("monitor:indicator", args=[plan.key, indicator.code]),
        reverse("monitor:task-board", args=[plan.key]),
        reverse("monitor:task", args=[plan.key, task.number]),
        reverse("monitor:ranking", args=[plan.key]),
        reverse("monitor:unit-scorecard", args=[plan.key, unit.pk]),
    ]
    return pages + [page + "?period=2024Q2" for page in pages]


def _get(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return CSRF.sub(rb"\1-", response.content)


def test_pages_and_api_give_the_same_output_stored_as_computed(client, seeded, office, monkeypatch):
    client.force_login(office)
    api = {"HTTP_AUTHORIZATION": f"Token {token_create(user=office).key}"}
    endpoints = [
        f"/api/v1/plans/{seeded.key}/indicators/",
        f"/api/v1/plans/{seeded.key}/indicators/?period=2024",
        "/api/v1/compare/?indicator=N03",
        "/api/v1/compare/?indicator=N03&period=2024",
    ]
    stored = [_get(client, url) for url in _pages(seeded)]
    before = results.counter.recomputes
    again = [_get(client, url) for url in _pages(seeded)]
    assert results.counter.recomputes == before, "the second reading computed again"
    stored_api = [client.get(url, **api).json() for url in endpoints]
    assert all(row["results"] for row in stored_api)

    _uncached(monkeypatch)
    computed = [_get(client, url) for url in _pages(seeded)]
    computed_api = [client.get(url, **api).json() for url in endpoints]

    assert again == stored
    for url, mine, theirs in zip(_pages(seeded), stored, computed, strict=True):
        assert mine == theirs, url
    assert stored_api == computed_api


def _submitted(plan) -> Value:
    return (
        Value.objects.filter(indicator__plan=plan, state="submitted", period="2025")
        .select_related("indicator")
        .order_by("pk")
        .first()
    )


def test_an_approved_value_shows_on_the_cockpit_at_once(client, seeded, office, monkeypatch):
    client.force_login(office)
    value = _submitted(seeded)
    code = value.indicator.code
    cockpit = reverse("monitor:cockpit", args=[seeded.key]) + "?period=2025"
    page = reverse("monitor:indicator", args=[seeded.key, code]) + "?period=2025"
    old_cockpit, old_page = _get(client, cockpit), _get(client, page)
    old = results.plan_result(plan=seeded, period="2025").evaluation.indicators[code].status
    assert old.value != value.value

    services.value_approve(value=value, by=office)

    new = results.plan_result(plan=seeded, period="2025").evaluation.indicators[code].status
    assert new.period == "2025" and new.value == value.value
    new_cockpit, new_page = _get(client, cockpit), _get(client, page)
    assert new_page != old_page and new_cockpit != old_cockpit
    _uncached(monkeypatch)
    assert _get(client, cockpit) == new_cockpit and _get(client, page) == new_page


def test_only_the_changed_plan_is_computed_again(seeded, small_plan, office):
    for plan in (seeded, small_plan):
        results.plan_result(plan=plan, period="2025")
    start = results.counter.recomputes
    for plan in (seeded, small_plan):
        results.plan_result(plan=plan, period="2025")
    assert results.counter.recomputes == start

    services.value_approve(value=_submitted(seeded), by=office)
    assert not PlanResult.objects.filter(plan=seeded).exists()
    assert PlanResult.objects.filter(plan=small_plan).count() == 1

    results.plan_result(plan=small_plan, period="2025")
    assert results.counter.recomputes == start
    results.plan_result(plan=seeded, period="2025")
    results.plan_result(plan=seeded, period="2025")
    assert results.counter.recomputes == start + 1


def test_a_target_edit_is_read_at_once(seeded):
    before = results.plan_result(plan=seeded, period="2024")
    data = plan_export(plan=seeded)
    indicator = data.indicators[0]
    target = next(t for t in indicator.targets if t.year == 2024 and t.kind == "target")
    new_value = Decimal(target.value) * 3 + 1
    target.value = new_value
    plan_load(data=data)

    after = results.plan_result(plan=seeded, period="2024")
    code = indicator.code
    old = before.evaluation.indicators[code].status.achievements.year_target
    new = after.evaluation.indicators[code].status.achievements.year_target
    assert old != new == new_value
    fresh = selectors.plan_snapshot(plan=seeded, period="2024")
    assert after.evaluation == fresh.evaluation


def test_a_result_computed_while_the_data_changed_is_not_served(seeded, office, monkeypatch):
    value = _submitted(seeded)
    original = selectors.plan_snapshot

    def racing(**kwargs):
        snapshot = original(**kwargs)  # read the old data …
        services.value_approve(value=value, by=office)  # … then someone approves
        return snapshot

    monkeypatch.setattr(results, "plan_snapshot", racing)
    stale = results.plan_result(plan=seeded, period="2025")
    monkeypatch.setattr(results, "plan_snapshot", original)

    code = value.indicator.code
    assert stale.evaluation.indicators[code].status.value != value.value
    served = results.plan_result(plan=seeded, period="2025")
    assert served.evaluation.indicators[code].status.value == value.value


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2023, 3, 15),  # the plan's first year, before any deadline
        dt.date(2024, 7, 20),  # during the plan
        dt.date(2025, 12, 31),  # its last day
        dt.date(2026, 11, 30),  # after it: final assessment (终期评估)
    ],
)
def test_results_are_those_of_the_day_they_are_read(client, seeded, office, day):
    """A result depends on the day (milestones, deadlines): a row of another day is not read."""
    client.force_login(office)
    cockpit = reverse("monitor:cockpit", args=[seeded.key])
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    with time_machine.travel(moment - dt.timedelta(days=1), tick=False):
        yesterday = selectors.default_period(plan=seeded)
        results.plan_result(plan=seeded, period=yesterday)
    with time_machine.travel(moment, tick=False):
        period = selectors.default_period(plan=seeded)
        start = results.counter.recomputes
        stored = results.plan_result(plan=seeded, period=period)
        assert results.counter.recomputes == start + 1  # yesterday's row is not read
        assert stored.today == day
        fresh = selectors.plan_snapshot(plan=seeded, period=period)
        again = results.plan_result(plan=seeded, period=period)
        assert results.counter.recomputes == start + 1
        assert again.evaluation == fresh.evaluation and again.data == fresh.data
        assert again.reports == stored.reports
        assert {n: r.pk for n, r in again.reports.items()} == {
            n: r.pk for n, r in fresh.reports.items()
        }
        assert _get(client, cockpit)
    # Yesterday's row went when today's was written: it would never be read again.
    assert set(PlanResult.objects.values_list("day", flat=True)) == {day}


def test_a_milestone_missed_overnight_shows_the_next_day(seeded, office):
    """The stored result of one day is not the next day's: a milestone due today is missed
    tomorrow, and the task turns 滞后."""
    from innocounty.supervision.services import milestone_confirm, milestone_set

    task = seeded.tasks.order_by("number").first()
    unit = task.task_units.filter(role="lead").first().unit
    due = dt.date(2025, 6, 30)
    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 6, 1, 9)), tick=False):
        milestone = milestone_set(
            task=task, by=office, year=2025, title="节点一", due=due, unit=unit
        )
        milestone_confirm(milestone=milestone, by=office)
    days = {}
    for day in (due, due + dt.timedelta(days=1)):
        with time_machine.travel(
            timezone.make_aware(dt.datetime.combine(day, dt.time(9))), tick=False
        ):
            snapshot = results.plan_result(plan=seeded, period="2025Q2")
            days[day] = next(t for t in snapshot.evaluation.tasks if t.number == task.number)
            fresh = selectors.plan_snapshot(plan=seeded, period="2025Q2")
            assert snapshot.evaluation == fresh.evaluation
    assert not days[due].missed
    assert [m.title for m in days[due + dt.timedelta(days=1)].missed] == ["节点一"]


def test_after_a_restore_the_stored_result_is_that_of_the_restored_data(seeded, office, tmp_path):
    from django.core.management import call_command

    value = _submitted(seeded)
    code = value.indicator.code
    stored = results.plan_result(plan=seeded, period="2025")
    path = tmp_path / "backup.zip"
    call_command("backup", "-o", str(path), verbosity=0)
    services.value_approve(value=value, by=office)
    assert results.plan_result(plan=seeded, period="2025").evaluation.indicators[code].status.value

    call_command("restore", str(path), "--force", verbosity=0)

    start = results.counter.recomputes
    back = results.plan_result(plan=seeded, period="2025")
    assert results.counter.recomputes == start  # read, not computed
    assert back.evaluation == stored.evaluation
    assert back.evaluation.indicators[code].status.value is None
    fresh = selectors.plan_snapshot(plan=seeded, period="2025")
    assert back.evaluation == fresh.evaluation
