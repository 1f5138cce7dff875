"""Issue 12 item 2: the leader's default view once the plan has ended.

The plan runs 2023–2025 (base year 2022). With the clock frozen before, during and after it:
the monitor's default period is the latest period within the plan with approved data (the
final year once the plan is over), the page says which one, and the cockpit's counts equal
the bulletin's for that period. Rounds are only opened for the plan's periods; an open round
past its deadline is listed as overdue.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from innocounty.bulletins.services import bulletin_create
from innocounty.monitor.selectors import default_period
from innocounty.plans.demo import demo_accounts_create
from innocounty.reporting import services
from innocounty.reporting.demo import demo_reporting_create
from innocounty.reporting.models import Round

pytestmark = pytest.mark.django_db

# (frozen local date, the default period worked out by hand from the demo's data)
DATES = [
    # Before: no plan year has ended, so no approved data within the plan yet.
    (dt.date(2023, 3, 10), "2023-02"),
    # During: 2023 has approved values (approved in the demo); 2024 has not ended.
    (dt.date(2024, 7, 15), "2023"),
    # After: the plan's final year.
    (dt.date(2026, 11, 29), "2025"),
]


def _freeze(day: dt.date):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize(("day", "expected"), DATES)
def test_the_cockpit_default_period_and_counts_equal_the_bulletins(
    client, qianjiang, day, expected
):
    with _freeze(day):
        demo_accounts_create(plan=qianjiang)
        demo_reporting_create(plan=qianjiang, today=day)
        assert default_period(plan=qianjiang) == expected
        client.force_login(User.objects.get(username="leader"))
        response = client.get(reverse("monitor:cockpit", args=[qianjiang.key]))
        assert response.status_code == 200
        period = response.context["evaluation"].period
        assert period == expected
        page = response.content.decode()
        assert f"数据截至 {expected}" in page
        assert "默认报告期" in page
        assert ("进入终期评估" in page) == (day.year > qianjiang.end_year)
        bulletin = bulletin_create(plan=qianjiang, period=period)
        cockpit = {status: n for status, _label, n in response.context["statuses"]}
        bulletin_counts = {status: n for status, _label, n in bulletin.snapshot["status_counts"]}
        assert cockpit == bulletin_counts
        lights = response.context["lights"]
        assert lights["grey"] == bulletin_counts["no_data"]
        assert lights["amber"] == bulletin_counts["behind"]


def test_rounds_are_opened_only_within_the_plan(qianjiang, office_user):
    with pytest.raises(services.ReportingError) as info:
        services.round_open(
            plan=qianjiang, period="2026", deadline=dt.date(2027, 3, 31), by=office_user
        )
    assert "不在方案期内" in str(info.value) and "2022年至2025年" in str(info.value)
    with pytest.raises(services.ReportingError):
        services.round_open(
            plan=qianjiang, period="2021Q4", deadline=dt.date(2022, 1, 31), by=office_user
        )
    assert not Round.objects.filter(plan=qianjiang).exists()
    # The final assessment's round (the last year, opened after the plan) and the base year's.
    services.round_open(
        plan=qianjiang, period="2025", deadline=dt.date(2026, 3, 31), by=office_user
    )
    services.round_open(
        plan=qianjiang, period="2022", deadline=dt.date(2023, 3, 31), by=office_user
    )
    assert Round.objects.filter(plan=qianjiang).count() == 2


def test_the_round_form_shows_the_reason(client, qianjiang, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("reporting:round-create", args=[qianjiang.key]),
        {"period": "2026", "deadline": "2027-03-31", "include_tasks": "on"},
    )
    assert response.status_code == 200
    assert "不在方案期内" in response.content.decode()
    assert not Round.objects.filter(plan=qianjiang).exists()


def test_the_demo_opens_no_round_after_the_plan(qianjiang):
    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 29))
    periods = list(Round.objects.filter(plan=qianjiang).values_list("period", flat=True))
    assert periods and all(int(p[:4]) <= qianjiang.end_year for p in periods)
    assert "2025Q4" in periods


def test_an_overdue_open_round_is_listed_as_overdue(client, qianjiang, office_user):
    with _freeze(dt.date(2025, 5, 1)):
        services.round_open(
            plan=qianjiang, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
        )
        services.round_open(
            plan=qianjiang, period="2025Q1", deadline=dt.date(2025, 5, 20), by=office_user
        )
        closed = services.round_open(
            plan=qianjiang, period="2023", deadline=dt.date(2024, 3, 31), by=office_user
        )
        services.round_close(round_=closed, by=office_user)
        client.force_login(office_user)
        page = client.get(reverse("reporting:round-list")).content.decode()
    rows = {title: row for title, row in _rows(page)}
    assert "逾期" in rows["2024年填报"] and "进行中" not in rows["2024年填报"]
    assert "进行中" in rows["2025年第1季度填报"]
    assert "已结束" in rows["2023年填报"]


def _rows(page: str):
    import re

    for row in re.findall(r"<tr><td><a [^>]*>(.*?)</a>(.*?)</tr>", page, re.S):
        yield row[0], row[1]
