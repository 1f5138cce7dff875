"""The review page, the ranking and a task page on the demo data, in Chinese and English
(issue 12): no console error, no foreign request, no Han characters outside data in English."""

import datetime as dt
import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(qianjiang):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state("networkidle")


def test_review_ranking_and_task_pages_in_both_languages(seeded, live_server, page_factory):
    from innocounty.reporting.models import Round

    base = live_server.url
    round_ = Round.objects.get(plan=seeded, period="2025")
    pages = {
        "review": f"/reporting/rounds/{round_.pk}/review/",
        "ranking": f"/monitor/{seeded.key}/ranking/",
        "task": f"/monitor/{seeded.key}/tasks/4/",
    }
    for locale, lang in (("zh-CN", "zh"), ("en-US", "en")):
        page, watch = page_factory(locale=locale)
        _login(page, base, "office")
        for name, path in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            assert page.locator("main").count() == 1
            screenshot(page, f"{name}-{lang}-1366")
            if name == "ranking":
                assert page.locator("#ranking-method").count() == 1
                assert page.locator("#scoring-weights").count() == 1
            if name == "review":
                assert page.locator(".review-unit").count() >= 1
        assert watch.errors == [] and watch.foreign == []
        if lang == "en":
            page.goto(base + pages["ranking"])
            text = page.locator("#ranking-method").inner_text()
            assert not re.search(r"[\u4e00-\u9fff]", text), text
