"""The province view in Chromium, in Chinese and English: the comparison, one indicator, a
peer group, the bulletin; screenshots for a person to look at; nothing external loaded."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login, screenshot
from tests.province.conftest import MARKER, province, province_user  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("province", "province_user")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_province_view_in_both_languages(live_server, page_factory, language):
    page, watch = page_factory(width=1366, height=900)
    login(page, live_server.url, "prov", "pw-for-tests-123")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/province/?year=2024")
    rows = page.locator("#comparison tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").nth(0).inner_text() for i in range(3)] == ["1", "2", "3"]
    assert MARKER in rows.nth(2).inner_text()
    assert "70.0" in rows.nth(1).inner_text()
    screenshot(page, f"province-overview-{language}")
    page.select_option("#f-indicator", "N01")
    page.locator("#province-filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    head = page.locator("#comparison thead").inner_text()
    assert ("目标值" if language == "zh-hans" else "Target") in head
    screenshot(page, f"province-indicator-{language}")
    page.goto(f"{live_server.url}/province/?year=2024&theme=industry")
    assert page.locator("#comparison tbody tr").count() == 2
    screenshot(page, f"province-group-{language}")
    page.goto(f"{live_server.url}/province/bulletins/")
    page.locator("#id_year").fill("2024")
    page.locator("#province-bulletin-create button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#bulletin-ranking tbody tr").count() == 3
    screenshot(page, f"province-bulletin-{language}")
    assert watch.errors == [] and watch.foreign == []
    # A county name links to its cockpit, read-only for the province office.
    page.goto(f"{live_server.url}/province/?year=2024")
    page.locator("#comparison tbody tr").nth(1).locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/monitor/plan-a/" in page.url
    screenshot(page, f"province-drilldown-{language}")
