"""The database going away during a save: a clear page, and "back" finds the typed input."""

import datetime as dt

import pytest
from django.db.utils import OperationalError

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(small_plan):
    from django.contrib.auth.models import User

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting import services

    demo_accounts_create(plan=small_plan)
    office = User.objects.get(username="office")
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office
    )
    unit = small_plan.units.get(name="县经信局")
    return round_, unit, unit.users.get()


def test_a_save_during_a_database_outage_loses_no_typed_input(
    world, live_server, page_factory, monkeypatch
):
    from innocounty.reporting import services
    from innocounty.reporting.models import Value

    round_, unit, reporter = world
    page, _watch = page_factory()
    login(page, live_server.url, reporter.username, "demo12345")
    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/")

    def unreachable(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "value_save", unreachable)
    page.locator("#entry-S01").get_by_label("数值").fill("0.490")
    page.locator("#entry-S01").get_by_label("数据来源").fill("统计局能源统计")
    with page.expect_response(lambda r: r.url.endswith("/save")) as info:
        page.get_by_role("button", name="保存", exact=True).click()
    assert info.value.status == 503
    assert "您刚才提交的内容没有保存" in page.locator("body").inner_text()
    screenshot(page, "fault-503-1366")
    assert Value.objects.count() == 0

    page.go_back()
    page.wait_for_load_state("networkidle")
    assert page.locator("#entry-S01").get_by_label("数值").input_value() == "0.490"
    assert page.locator("#entry-S01").get_by_label("数据来源").input_value() == "统计局能源统计"
