"""Acceptance pages in Chromium, in Chinese and English: readiness, the final assessment, a
report, and the cockpit's final-assessment notice. Screenshots for a person to look at."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def seeded(qianjiang):
    import datetime as dt

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_acceptance_pages_in_both_languages(seeded, live_server, page_factory, language):
    page, watch = page_factory(width=1366, height=900)
    login(page, live_server.url, "office", "demo12345")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    key = seeded.key
    page.goto(f"{live_server.url}/acceptance/{key}/?now=1")
    assert page.locator('[data-testid="score-total"]').is_visible()
    assert page.locator("#indicator-table tbody tr").count() == 21
    assert page.locator("#task-table tbody tr").count() == 28
    screenshot(page, f"acceptance-readiness-{language}")
    page.locator("#report-create").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#download-bundle").is_visible()
    screenshot(page, f"acceptance-report-{language}")
    page.goto(f"{live_server.url}/acceptance/{key}/final/")
    assert page.locator("#final-indicators tbody tr").count() == 21
    screenshot(page, f"acceptance-final-{language}")
    page.goto(f"{live_server.url}/monitor/{key}/")
    notice = page.locator("#final-assessment-notice")
    assert notice.is_visible()
    assert "2025" in page.locator("#as-of").inner_text()
    screenshot(page, f"acceptance-cockpit-{language}")
    page.goto(f"{live_server.url}/reporting/rounds/")
    screenshot(page, f"acceptance-rounds-{language}")
    if language == "en":
        for url in (f"/acceptance/{key}/?now=1", f"/acceptance/{key}/final/"):
            page.goto(live_server.url + url)
            texts = [page.locator("h1").inner_text().replace(seeded.title, "")]
            for sel in ("nav.main", "h2", "thead", "#score", "#missing", "#summary", "#as-of"):
                texts += page.locator(sel).all_inner_texts()
            chrome = " ".join(texts)
            assert not HAN.search(chrome), chrome
    assert watch.errors == [] and watch.foreign == []
