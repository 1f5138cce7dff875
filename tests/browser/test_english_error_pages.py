"""An entry page refused in the browser shows its errors in the reader's language (issue 13,
item 5): a reporter types a word for a number and half a ratio, saves, and reads why."""

import datetime as dt

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED = {
    "en": ("“abc” is not a number", "Fill in both the numerator and the denominator"),
    "zh-hans": ("“abc”不是数字", "分子和分母需同时填写"),
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_entry_errors_in_the_readers_language(
    small_plan, office_user, reporter_b, live_server, page_factory, language
):
    from innocounty.reporting import services
    from innocounty.reporting.models import Value

    unit = small_plan.units.get(name="县经信局")
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    page, watch = page_factory()
    login(page, live_server.url, "reporter-b", "pw-for-tests-123")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/")
    page.locator("input[name='S01-value']").fill("abc")
    page.locator("input[name='S01-numerator']").fill("5")
    page.locator("#entry-form button.primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"entry-errors-{language}")
    shown = page.locator("#entry-form").inner_text()
    for message in EXPECTED[language]:
        assert message in shown
    assert Value.objects.count() == 0
    assert watch.errors == []
