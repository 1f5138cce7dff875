"""代填/代报 in the browser (issue 13, item 7): the office follows "代填" on the round page,
enters and submits a unit's value; the unit's reporter then sees who did it, in Chinese and
English."""

import datetime as dt

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_office_enters_for_a_unit_and_the_unit_sees_it(
    small_plan, office_user, reporter_a, live_server, page_factory, language
):
    from innocounty.reporting import services
    from innocounty.reporting.models import Value

    unit = small_plan.units.get(name="县财政局")
    n01 = small_plan.indicators.get(code="N01")
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    cookie = [{"name": "django_language", "value": language, "url": live_server.url}]

    page, watch = page_factory()
    login(page, live_server.url, "office", "pw-for-tests-123")
    page.context.add_cookies(cookie)
    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/")
    screenshot(page, f"on-behalf-round-{language}")
    page.locator(f"a.behalf-link[href*='/units/{unit.pk}/']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#on-behalf-banner").count() == 1
    page.locator(f"input[name='{n01.code}-value']").fill("2.61")
    page.locator(
        f"textarea[name='{n01.code}-explanation'], input[name='{n01.code}-explanation']"
    ).first.fill("代填")
    page.locator("#entry-form button.primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("form[action$='/submit'] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"on-behalf-office-entry-{language}")
    value = Value.objects.get(indicator=n01)
    assert (value.state, str(value.value.normalize())) == ("submitted", "2.61")

    page2, watch2 = page_factory()
    login(page2, live_server.url, "reporter-a", "pw-for-tests-123")
    page2.context.add_cookies(cookie)
    page2.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/")
    mark = page2.locator(".behalf-mark").first.inner_text()
    if language == "en":
        assert mark.startswith("Entered by the office on the unit's behalf: office, ")
    else:
        assert mark.startswith("由办公室代填/代报：office，")
    screenshot(page2, f"on-behalf-unit-sees-{language}")
    assert watch.errors == [] and watch2.errors == []
