"""The supervision loop in Chromium: from a lagging indicator on the cockpit to 销号."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def seeded(qianjiang, settings, tmp_path):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    settings.MEDIA_ROOT = tmp_path
    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def _act(page, action: str, text: str = "", due: str = "", file=None) -> None:
    form = page.locator(f"#action-{action}")
    if text:
        form.locator("textarea").fill(text)
    if due:
        form.locator("input[type=date]").fill(due)
    if file:
        form.locator("input[type=file]").set_input_files(file)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_from_a_red_indicator_on_the_cockpit_to_closing(
    seeded, live_server, page_factory, tmp_path
):
    from innocounty.supervision.models import Item

    base = live_server.url
    office, watch = page_factory()
    login(office, base, "office", "demo12345")
    office.goto(f"{base}/monitor/{seeded.key}/")
    link = office.locator("table.lagging a.open-item").first
    link.click()
    office.wait_for_load_state("networkidle")
    assert "/supervision/plans/" in office.url
    office.get_by_label("督办要求").fill("对照年度目标找出差距，制定整改措施。")
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    office.get_by_label("办结时限").fill(deadline)
    lead = office.get_by_label("牵头单位")
    if not lead.input_value():
        lead.select_option(index=1)
    office.get_by_role("button", name="交办").click()
    office.wait_for_load_state("networkidle")
    item = Item.objects.get()
    assert office.url.endswith(f"/supervision/items/{item.pk}/")
    screenshot(office, "supervision-item-assigned")

    reporter_name = item.lead_unit.users.filter(groups__name="reporter").first().username
    unit, _ = page_factory()
    login(unit, base, reporter_name, "demo12345")
    unit.goto(f"{base}/supervision/items/{item.pk}/")
    _act(unit, "acknowledge")
    _act(unit, "plan", "一是明确责任；二是按月调度。", deadline)
    _act(unit, "report", "已完成一半。")
    evidence = tmp_path / "佐证.pdf"
    evidence.write_bytes(PDF)
    _act(unit, "apply", "已全部完成。", file=str(evidence))
    item.refresh_from_db()
    assert item.state == "applied"

    office.goto(f"{base}/supervision/items/{item.pk}/")
    _act(office, "verify")
    _act(office, "close")
    item.refresh_from_db()
    assert item.state == "closed"
    assert office.locator(".sv-closed").first.inner_text() == "已销号"
    assert office.locator("#steps li").count() == 7
    screenshot(office, "supervision-item-closed")
    office.goto(f"{base}/supervision/plans/{seeded.key}/?state=closed")
    assert item.title in office.locator("#ledger").inner_text()
    screenshot(office, "supervision-ledger-closed")
    assert watch.errors == [] and watch.foreign == []
