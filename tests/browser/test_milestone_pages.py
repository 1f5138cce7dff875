"""A missed milestone in Chromium, in Chinese and English: the task page shows the task 滞后 and
names the milestone; the task report form lists the year's milestones to report against."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
HAN = re.compile(r"[\u4e00-\u9fff]")
TITLE = "出台财政科技投入管理办法"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_missed_milestone_on_the_task_page_and_the_report_form(
    small_plan, office_user, reporter_a, live_server, page_factory, language
):
    from django.utils import timezone

    from innocounty.reporting import services as reporting
    from innocounty.supervision import services

    # The small plan runs 2024–2026: a milestone of this year, due ten days ago, not done.
    today = timezone.localdate()
    due = today - dt.timedelta(days=10)
    task = small_plan.tasks.get(number=1)
    unit = small_plan.units.get(name="县财政局")
    m = services.milestone_set(
        task=task, by=reporter_a, year=due.year, title=TITLE, due=due, unit=unit
    )
    services.milestone_confirm(milestone=m, by=office_user)
    round_ = reporting.round_open(
        plan=small_plan,
        period=str(due.year),
        deadline=today + dt.timedelta(days=30),
        by=office_user,
    )

    page, watch = page_factory(width=1366, height=900)
    login(page, live_server.url, "reporter-a", "pw-for-tests-123")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/monitor/{small_plan.key}/tasks/1/")
    status = page.locator('[data-testid="status"]').inner_text()
    assert status == ("Behind" if language == "en" else "滞后")
    missed = page.locator("#missed-milestones").inner_text()
    assert TITLE in missed and f"{due:%Y-%m-%d}" in missed
    if language == "en":
        assert not HAN.search(missed.replace(TITLE, ""))
    screenshot(page, f"milestone-task-page-{language}")

    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/tasks/1/")
    section = page.locator("#task-milestones").inner_text()
    assert TITLE in section and f"{due:%Y-%m-%d}" in section
    if language == "en":
        assert not HAN.search(section.replace(TITLE, "").replace(unit.name, ""))
    else:
        assert "未按期完成" in section
    screenshot(page, f"milestone-report-form-{language}")
    assert watch.errors == [] and watch.foreign == []
