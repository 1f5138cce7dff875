"""The import page with a partial plan (targets, no tasks): read it, add a task, in both languages."""

from pathlib import Path

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PROSE = Path(__file__).resolve().parents[1] / "core/parser/documents/yunxi-prose-targets.txt"


@pytest.fixture
def office(qianjiang):
    from innocounty.plans.demo import demo_accounts_create

    demo_accounts_create(plan=qianjiang)
    return qianjiang


def _read(page, base_url: str, button: str) -> None:
    page.goto(f"{base_url}/plans/import/")
    page.locator("input[type=file]").set_input_files(str(PROSE))
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def test_the_office_reads_a_partial_plan_and_adds_a_task(office, live_server, page_factory):
    from innocounty.plans.models import Plan

    page, watch = page_factory(1366, 900)
    login(page, live_server.url, "office", "demo12345")
    _read(page, live_server.url, "读取")
    assert page.locator("#import-counts").inner_text() == "0 个工程、0 项任务、9 项指标、0 个单位"
    assert "未找到重点任务：请在页面上补充" in page.locator("#findings").inner_text()
    screenshot(page, "plan-import-partial-zh")
    page.get_by_label("任务名称").fill("培育高新技术企业")
    page.get_by_label("牵头单位").fill("县科技局")
    page.get_by_label("责任单位").fill("县经信局、县税务局")
    page.get_by_role("button", name="添加任务").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#import-counts").inner_text() == "1 个工程、1 项任务、9 项指标、3 个单位"
    row = page.locator("table.grid tbody tr").first.inner_text()
    assert "培育高新技术企业" in row and "县经信局、县税务局" in row
    screenshot(page, "plan-import-partial-task-added-zh")
    assert not Plan.objects.filter(key="yunxi-prose-targets").exists()
    page.get_by_role("button", name="确认载入为新方案").click()
    page.wait_for_load_state("networkidle")
    plan = Plan.objects.get(key="yunxi-prose-targets")
    assert plan.tasks.get(number=1).title == "培育高新技术企业"
    assert watch.errors == [] and watch.foreign == []


def test_the_partial_plan_page_in_english(office, live_server, page_factory):
    page, watch = page_factory(1366, 900)
    login(page, live_server.url, "office", "demo12345")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    _read(page, live_server.url, "Read")
    summary = page.locator("#import-amend summary").first.inner_text()
    assert summary == "The document has no key tasks: add them here"
    assert page.get_by_role("button", name="Add task").is_visible()
    screenshot(page, "plan-import-partial-en")
    assert watch.errors == []
