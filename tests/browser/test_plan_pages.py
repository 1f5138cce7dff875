import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(qianjiang):
    import datetime as dt

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def test_office_logs_in_and_reads_the_plan_and_a_task(seeded, live_server, page_factory):
    page, watch = page_factory()
    login(page, live_server.url, "office", "demo12345")
    page.goto(f"{live_server.url}/plans/{seeded.key}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("潜江")
    assert page.get_by_text("潜政发〔2023〕12号", exact=True).is_visible()
    assert page.locator("table.tasks tbody tr").count() == 28
    screenshot(page, "plan-1366")

    page.get_by_role("link", name="加快潜江高新区建设").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "5. 加快潜江高新区建设"
    assert page.get_by_role("link", name="潜江高新区管委会").first.is_visible()
    screenshot(page, "task-5-1366")
    assert watch.errors == []
    assert watch.foreign == []


@pytest.mark.parametrize(
    ("username", "size"),
    [("leader", (1366, 768)), ("unit01", (390, 844))],
)
def test_every_plan_page_opens_without_errors(seeded, live_server, page_factory, username, size):
    page, watch = page_factory(*size)
    login(page, live_server.url, username, "demo12345")
    unit = seeded.units.get(name="市科技局")
    for name, path in [
        ("indicators", f"/plans/{seeded.key}/indicators/"),
        ("indicator-N14", f"/plans/{seeded.key}/indicators/N14/"),
        ("units", f"/plans/{seeded.key}/units/"),
        ("unit-kjj", f"/plans/{seeded.key}/units/{unit.pk}/"),
        ("matrix", f"/plans/{seeded.key}/matrix/"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        # Every link on the page leads somewhere that answers.
        screenshot(page, f"{name}-{size[0]}")
    assert watch.errors == []
    assert watch.foreign == []


def test_links_on_the_plan_page_work(seeded, live_server, page_factory):
    page, watch = page_factory()
    login(page, live_server.url, "leader", "demo12345")
    page.goto(f"{live_server.url}/plans/{seeded.key}/")
    hrefs = set(
        page.eval_on_selector_all(
            "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
        )
    )
    assert len(hrefs) > 30
    for href in sorted(hrefs):
        assert page.request.get(live_server.url + href).status == 200, href
    assert watch.errors == []


def test_the_language_switch_shows_english(seeded, live_server, page_factory):
    page, watch = page_factory()
    login(page, live_server.url, "leader", "demo12345")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Yearly indicators", exact=True).is_visible()
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="年度指标", exact=True).is_visible()
    assert watch.errors == []
