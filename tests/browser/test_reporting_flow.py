"""A round in the browser: a reporter fills and submits, the office returns one value, the
reporter corrects and resubmits, the office approves."""

import datetime as dt

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(small_plan):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting import services

    demo_accounts_create(plan=small_plan)
    from django.contrib.auth.models import User

    office = User.objects.get(username="office")
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office
    )
    unit = small_plan.units.get(name="县经信局")
    reporter = unit.users.get()
    return round_, unit, reporter


def test_a_value_goes_round_the_whole_review_cycle(world, live_server, page_factory):
    round_, _unit, reporter = world
    base = live_server.url

    page, watch = page_factory()
    login(page, base, reporter.username, "demo12345")
    assert page.url.endswith("/reporting/todo/")
    page.get_by_role("link", name="去填报").first.click()
    page.wait_for_load_state("networkidle")
    entry = page.locator("#entry-S01")
    entry.get_by_label("数值").fill("0.4951")  # too many decimals: refused
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "最多保留 3 位小数" in page.locator("#entry-S01").inner_text()
    assert "本次未保存任何数据" in page.locator("ul.messages").inner_text()
    screenshot(page, "entry-error-1366")

    page.locator("#entry-S01").get_by_label("数值").fill("0.490")
    page.locator("#entry-S01").get_by_label("数据来源").fill("统计局能源统计")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "已保存 1 项" in page.locator("ul.messages").inner_text()
    page.get_by_role("button", name="报送已保存的数据").click()
    page.wait_for_load_state("networkidle")
    assert "已报送 1 项" in page.locator("ul.messages").inner_text()
    assert "已报送" in page.locator("#entry-S01 legend").inner_text()

    office, office_watch = page_factory()
    login(office, base, "office", "demo12345")
    office.goto(f"{base}/reporting/rounds/{round_.pk}/review/")
    office.get_by_label("退回原因").first.fill("请附能源统计报表")
    office.get_by_role("button", name="退回").first.click()
    office.wait_for_load_state("networkidle")
    assert "没有待审核的指标数据" in office.locator("main").inner_text()

    page.reload()
    assert "请附能源统计报表" in page.locator("#entry-S01").inner_text()
    page.locator("#entry-S01").get_by_label("数值").fill("0.488")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="报送已保存的数据").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "entry-submitted-1366")

    office.goto(f"{base}/reporting/rounds/{round_.pk}/review/")
    screenshot(office, "review-1366")
    office.get_by_role("button", name="通过").first.click()
    office.wait_for_load_state("networkidle")
    office.goto(f"{base}/reporting/rounds/{round_.pk}/")
    screenshot(office, "round-1366")

    page.reload()
    assert "已审核" in page.locator("#entry-S01 legend").inner_text()
    page.locator("#entry-S01").get_by_role("link", name="详情与历史").click()
    page.wait_for_load_state("networkidle")
    history = page.locator("#history").inner_text()
    for text in ("审核通过", "退回", "请附能源统计报表", "0.49 → 0.488"):
        assert text in history
    screenshot(page, "value-history-1366")
    assert watch.errors == [] and office_watch.errors == []
    assert watch.foreign == [] and office_watch.foreign == []
