"""The 2025 indicator table labels quarterly indicators "2025", and the round page never lists
the leading-group office, in Chinese and English."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

OFFICE_NAME = "市创新型县（市）建设工作领导小组办公室"


@pytest.fixture
def seeded(qianjiang):
    import datetime as dt

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_period_labels_and_round_units(seeded, live_server, page_factory, language):
    page, watch = page_factory(width=1366, height=900)
    login(page, live_server.url, "office", "demo12345")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/monitor/{seeded.key}/indicators/?period=2025")
    body = page.locator("table.indicators").inner_text()
    assert "2025Q4" not in body
    n05 = page.locator("tr", has=page.locator('a[href*="/indicators/N05/"]'))
    assert "2025" in n05.inner_text()
    screenshot(page, f"period-labels-indicators-{language}")
    round_ = seeded.rounds.get(period="2025")
    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/")
    assert OFFICE_NAME not in page.locator("main").inner_text()
    screenshot(page, f"period-labels-round-{language}")
    assert watch.errors == []
