"""Repeating an irreversible POST (a double click, a second tab, 20 parallel requests) gives a
clear message and a redirect, never an error page, and acts once (issue 11, item 8)."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import secrets
import threading
import urllib.error
import urllib.request

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.core.workflow import Action
from innocounty.reporting import services
from innocounty.reporting.models import Round, TaskReport, Value


def _audit(action: str) -> int:
    return LogEntry.objects.filter(action=action).count()


def _repeat(client, url, data=None, times=3):
    responses = [client.post(url, data or {}) for _ in range(times)]
    assert [r.status_code for r in responses] == [302] * times, url
    return responses


@pytest.fixture
def bulletin(small_plan, office_user):
    from innocounty.bulletins.services import bulletin_create

    return bulletin_create(plan=small_plan, period="2024", by=office_user)


@pytest.mark.django_db
def test_issuing_a_bulletin_twice_issues_it_once(client, bulletin, office_user):
    client.force_login(office_user)
    url = reverse("bulletins:bulletin-issue", args=[bulletin.pk])
    _first, second, _third = _repeat(client, url)
    assert "该通报已经印发，无需重复操作。" in [str(m) for m in get_messages(second.wsgi_request)]
    bulletin.refresh_from_db()
    assert bulletin.is_issued()
    assert _audit("bulletins.bulletin.issued") == 1


@pytest.mark.django_db
def test_a_bulletin_issued_between_the_check_and_the_write_is_a_message(
    client, bulletin, office_user, monkeypatch
):
    """The race of two parallel requests, made deterministic: another request issues the
    bulletin after this one has read it."""
    from innocounty.bulletins import services as bulletin_services

    real = bulletin_services.bulletin_issue

    def raced(*, bulletin, by, now=None):
        real(bulletin=bulletin, by=by)
        return real(bulletin=bulletin, by=by)

    monkeypatch.setattr(bulletin_services, "bulletin_issue", raced)
    client.force_login(office_user)
    response = client.post(reverse("bulletins:bulletin-issue", args=[bulletin.pk]))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "该通报已经印发，无需重复操作。"
    ]
    assert _audit("bulletins.bulletin.issued") == 1


@pytest.mark.django_db
def test_closing_a_round_twice_closes_and_logs_it_once(client, round_2024, office_user):
    client.force_login(office_user)
    _repeat(client, reverse("reporting:round-close", args=[round_2024.pk]))
    assert Round.objects.get(pk=round_2024.pk).status == "closed"
    assert _audit("reporting.round.closed") == 1


@pytest.mark.django_db
def test_approving_and_submitting_twice_act_once(
    client, round_2024, n01, unit_a, reporter_a, office_user
):
    value = services.value_save(
        round_=round_2024, indicator=n01, unit=unit_a, data={"value": "2.6"}, by=reporter_a
    ).value
    client.force_login(reporter_a)
    _repeat(client, reverse("reporting:value-submit", args=[value.pk]))
    client.force_login(office_user)
    responses = _repeat(client, reverse("reporting:value-approve", args=[value.pk]))
    assert get_messages(responses[1].wsgi_request)
    assert Value.objects.get().state == "approved"
    assert _audit("reporting.value.submitted") == 1
    assert _audit("reporting.value.approved") == 1
    _repeat(client, reverse("reporting:value-correct", args=[value.pk]), {"reason": "年报"})
    assert Value.objects.count() == 2
    assert _audit("reporting.value.corrected") == 1


@pytest.mark.django_db
def test_task_report_actions_twice_act_once(client, round_2024, small_plan, unit_a, reporter_a):
    report = services.task_report_save(
        round_=round_2024,
        task=small_plan.tasks.get(number=1),
        unit=unit_a,
        data={"progress": "推进中"},
        by=reporter_a,
        revision=None,
    )
    client.force_login(reporter_a)
    _repeat(client, reverse("reporting:task-report-action", args=[report.pk, Action.SUBMIT]))
    assert TaskReport.objects.get().state == "submitted"
    assert _audit("reporting.task_report.submitted") == 1


@pytest.mark.django_db
def test_opening_the_same_round_twice_opens_one(client, small_plan, office_user):
    client.force_login(office_user)
    url = reverse("reporting:round-create", args=[small_plan.key])
    data = {"period": "2026", "deadline": "2027-03-31", "include_tasks": "on"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200
    assert "的填报轮次已经存在" in again.content.decode()
    assert Round.objects.filter(period="2026").count() == 1
    assert _audit("reporting.round.opened") == 1


def test_opening_a_round_that_a_parallel_request_just_opened_is_a_message(
    db, small_plan, office_user, monkeypatch
):
    """The unique constraint catches the race that the existence check misses."""
    services.round_open(
        plan=small_plan, period="2026", deadline=dt.date(2027, 3, 31), by=office_user
    )
    real_filter = Round.objects.filter

    class NotYet:
        def exists(self):
            return False

    monkeypatch.setattr(
        Round.objects, "filter", lambda **kw: NotYet() if "period" in kw else real_filter(**kw)
    )
    with pytest.raises(services.ReportingError, match="已经存在"):
        services.round_open(
            plan=small_plan, period="2026", deadline=dt.date(2027, 3, 31), by=office_user
        )


# --- 20 parallel POSTs against a real server ------------------------------------------------


def _post_in_parallel(url: str, session: str, count: int) -> list[int | str]:
    token = secrets.token_hex(16)
    results: list[int | str] = [0] * count
    start = threading.Barrier(count)

    def one(i: int) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )
        request = urllib.request.Request(
            url,
            data=f"csrfmiddlewaretoken={token}".encode(),
            headers={
                "Cookie": f"sessionid={session}; csrftoken={token}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        start.wait()
        try:
            results[i] = opener.open(request, timeout=60).status
        except urllib.error.HTTPError as exc:
            results[i] = exc.code
        except OSError as exc:  # pragma: no cover - reported in the assertion
            results[i] = repr(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The live server shares one in-memory SQLite connection between its request threads, so
# parallel requests are only meaningful on PostgreSQL (the CI's PostgreSQL run); SQLite's own
# concurrency is tested with several gunicorn workers in tests/ops.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_issues_of_a_bulletin_issue_it_once(
    live_server, bulletin, office_user, client
):
    client.force_login(office_user)
    session = client.cookies["sessionid"].value
    url = live_server.url + reverse("bulletins:bulletin-issue", args=[bulletin.pk])
    results = _post_in_parallel(url, session, 20)
    assert results == [302] * 20
    bulletin.refresh_from_db()
    assert bulletin.is_issued()
    assert _audit("bulletins.bulletin.issued") == 1
