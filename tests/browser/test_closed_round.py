"""A correction in a closed round (issue 11, item 4) in the browser: the entry page says what a
closed round still allows, and the correction can be edited and submitted, in Chinese and
English."""

import datetime as dt

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_correction_in_a_closed_round_can_be_edited_and_submitted(
    small_plan, office_user, reporter_a, live_server, page_factory, language
):
    from innocounty.reporting import services
    from innocounty.reporting.models import Value

    unit = small_plan.units.get(name="县财政局")
    n01 = small_plan.indicators.get(code="N01")
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    value = services.value_save(
        round_=round_, indicator=n01, unit=unit, data={"value": "2.55"}, by=reporter_a
    ).value
    value = services.value_approve(
        value=services.value_submit(value=value, by=reporter_a), by=office_user
    )
    services.round_close(round_=round_, by=office_user)
    services.value_correct(value=value, by=reporter_a, reason="年报数")

    page, watch = page_factory()
    login(page, live_server.url, "reporter-a", "pw-for-tests-123")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/")
    notice = page.locator("p.notice").first.inner_text()
    if language == "en":
        assert "corrections can still be edited" in notice
    else:
        assert "已开始的数据和更正仍可修改" in notice
    page.locator(f"input[name='{n01.code}-value']").fill("2.61")
    page.locator("form button.primary[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("form[action$='/submit'] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"closed-round-correction-{language}")
    latest = Value.objects.order_by("-version").first()
    assert (latest.version, latest.state, str(latest.value.normalize())) == (2, "submitted", "2.61")
    assert watch.errors == []
