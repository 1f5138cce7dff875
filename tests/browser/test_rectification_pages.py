"""The supervision card on the cockpit, closing on time on a scorecard and the bulletin's
rectification section, in Chromium, in Chinese and English."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def seeded(qianjiang):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create
    from innocounty.supervision.demo import demo_supervision_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    demo_supervision_create(plan=qianjiang)
    return qianjiang


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_supervision_figures_in_both_languages(seeded, live_server, page_factory, language):
    from django.contrib.auth.models import User

    from innocounty.bulletins.services import bulletin_create
    from innocounty.supervision.models import Item

    bulletin = bulletin_create(plan=seeded, period="2025", by=User.objects.get(username="office"))
    page, watch = page_factory(width=1366, height=900)
    login(page, live_server.url, "office", "demo12345")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    key = seeded.key
    page.goto(f"{live_server.url}/monitor/{key}/")
    card = page.locator("#supervision-counts")
    assert card.is_visible()
    open_n = Item.objects.filter(plan=seeded).exclude(state="closed").count()
    assert card.locator('[data-testid="sv-open"]').inner_text() == str(open_n)
    screenshot(page, f"rect-cockpit-{language}")
    if language == "en":
        assert not HAN.search(card.locator("dl").inner_text())

    unit = Item.objects.filter(plan=seeded, state="closed").first().lead_unit
    page.goto(f"{live_server.url}/monitor/{key}/units/{unit.pk}/")
    line = page.locator("#closing-on-time").inner_text()
    assert "%" in line
    if language == "en":
        assert not HAN.search(line)
    screenshot(page, f"rect-scorecard-{language}")

    page.goto(f"{live_server.url}/bulletins/{bulletin.pk}/preview/")
    body = page.locator("body").inner_text()
    assert "五、整改情况" in body and "各单位整改情况" in body
    screenshot(page, f"rect-bulletin-preview-{language}")
    assert not watch.errors and not watch.foreign
