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


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_comparison_by_the_years_scoring_method_in_both_languages(
    live_server, page_factory, language, request
):
    """The province's 2024 method (own targets, 创新投入 weighing 3) ranks 乙县 first; under
    equal and entropy weights 甲县 and 乙县 swap (tests/province/test_methods.py)."""
    from innocounty.province import scoring

    counties = request.getfixturevalue("province")
    scoring.scoring_method_save(
        region=counties["regions"]["p"],
        year=2024,
        kind="own_targets",
        parameters={"category_weights": {"创新投入": "3"}},
        by=request.getfixturevalue("province_user"),
    )
    page, watch = page_factory(width=1366, height=900)
    login(page, live_server.url, "prov", "pw-for-tests-123")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/province/?year=2024")
    assert page.locator("#f-method").input_value() == "own_targets"
    rows = page.locator("#comparison tbody tr")
    assert MARKER in rows.nth(0).inner_text()
    first = [rows.nth(0).locator("td").nth(i).inner_text() for i in (0, 2, 3, 4)]
    assert first[0] == "1" and first[2:] == ["2", "2"]
    assert "110.0" in first[1]
    assert page.locator("#comparison td.moved").count() == 4
    robustness = page.locator("#robustness").inner_text()
    assert ("最多变动 1 位" if language == "zh-hans" else "the largest move is 1") in robustness
    screenshot(page, f"province-method-{language}")
    page.select_option("#f-method", "index")
    page.locator("#province-filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#robustness").count() == 0
    assert "丙县" in page.locator("#comparison tbody tr").nth(0).inner_text()
    page.goto(f"{live_server.url}/province/scoring/2024/")
    screenshot(page, f"province-scoring-{language}")
    # The bulletin drafted now ranks by the year's method too.
    page.goto(f"{live_server.url}/province/bulletins/")
    page.locator("#id_year").fill("2024")
    page.locator("#province-bulletin-create button").click()
    page.wait_for_load_state("networkidle")
    assert MARKER in page.locator("#bulletin-ranking tbody tr").nth(0).inner_text()
    heading = "评价得分排名" if language == "zh-hans" else "Ranking by score"
    assert page.get_by_role("heading", name=heading).count() == 1
    screenshot(page, f"province-bulletin-method-{language}")
    assert watch.errors == [] and watch.foreign == []
