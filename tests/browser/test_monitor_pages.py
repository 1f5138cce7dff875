"""Monitor pages in Chromium: every page opens for each role, charts draw, nothing external."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# Counts the non-white pixels of every chart canvas: a blank canvas counts 0.
CANVAS_INK = """
() => Array.from(document.querySelectorAll('[data-chart] canvas')).map(c => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) ink++;
  }
  return ink;
})
"""


@pytest.fixture
def seeded(qianjiang):
    import datetime as dt

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def _pages(plan, *, reader: bool):
    unit = plan.units.get(name="市科技局")
    key = plan.key
    pages = [
        ("task-board", f"/monitor/{key}/tasks/", 0),
        ("task-5", f"/monitor/{key}/tasks/5/", 1),
        ("indicator-N14", f"/monitor/{key}/indicators/N14/?period=2024", 1),
        ("scorecard-kjj", f"/monitor/{key}/units/{unit.pk}/", 1),
    ]
    if reader:
        pages = [
            ("cockpit", f"/monitor/{key}/", 3),
            ("cockpit-2024", f"/monitor/{key}/?period=2024", 3),
            ("indicators-red", f"/monitor/{key}/indicators/?status=amber&period=2024", 0),
            ("ranking", f"/monitor/{key}/ranking/", 1),
            *pages,
        ]
    return pages


def _check_charts(page, expected: int, path: str) -> None:
    assert page.locator("[data-chart]").count() == expected, path
    if not expected:
        return
    page.wait_for_function(
        "n => document.querySelectorAll('[data-chart][data-drawn] canvas').length >= n",
        arg=expected,
    )
    for chart in page.locator("[data-chart]").all():
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label")
    ink = page.evaluate(CANVAS_INK)
    assert len(ink) == expected and all(n > 200 for n in ink), (path, ink)


@pytest.mark.parametrize(
    ("username", "size"),
    [
        ("office", (1366, 768)),
        ("leader", (390, 844)),
        ("unit05", (1366, 768)),
        ("unit05", (390, 844)),
    ],
)
def test_every_monitor_page_opens_and_draws(seeded, live_server, page_factory, username, size):
    page, watch = page_factory(*size)
    # Charts draw at once without animation, and the reduced-motion path is exercised.
    page.emulate_media(reduced_motion="reduce")
    login(page, live_server.url, username, "demo12345")
    reader = username != "unit05"
    if not reader:
        # unit05 reports for 市科技局 in the demo accounts.
        assert seeded.units.get(name="市科技局").users.filter(username=username).exists()
    for name, path, charts in _pages(seeded, reader=reader):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        _check_charts(page, charts, path)
        screenshot(page, f"monitor-{name}-{username}-{size[0]}")
    if not reader:
        response = page.request.get(f"{live_server.url}/monitor/{seeded.key}/")
        assert response.status == 403
    assert watch.errors == []
    assert watch.foreign == []


def test_links_on_the_monitor_pages_work(seeded, live_server, page_factory):
    page, watch = page_factory()
    login(page, live_server.url, "leader", "demo12345")
    hrefs: set[str] = set()
    for _name, path, _charts in _pages(seeded, reader=True):
        page.goto(live_server.url + path)
        hrefs |= set(
            page.eval_on_selector_all(
                "main a[href^='/'], main a[href^='?']",
                "els => els.map(e => new URL(e.href).pathname + new URL(e.href).search)",
            )
        )
    assert len(hrefs) > 60
    for href in sorted(hrefs):
        assert page.request.get(live_server.url + href).status == 200, href
    assert watch.errors == []


def test_the_home_page_is_the_cockpit_and_its_lights_filter(seeded, live_server, page_factory):
    page, watch = page_factory()
    login(page, live_server.url, "leader", "demo12345")
    assert page.url.endswith(f"/monitor/{seeded.key}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("驾驶舱")
    amber = int(page.get_by_test_id("light-amber").inner_text())
    page.locator("a.light.amber").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.indicators tbody tr").count() == max(amber, 1)
    assert watch.errors == []


def test_the_task_board_filters_with_htmx(seeded, live_server, page_factory):
    page, watch = page_factory()
    login(page, live_server.url, "office", "demo12345")
    page.goto(f"{live_server.url}/monitor/{seeded.key}/tasks/")
    assert page.locator("table.board tbody tr").count() == 28
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.headers.get("hx-request", "")))
    with page.expect_response(lambda r: "/tasks/?" in r.url):
        page.get_by_label("创新工程").select_option("1")
    page.wait_for_load_state("networkidle")
    program = seeded.programs.get(number=1)
    assert page.locator("table.board tbody tr").count() == program.tasks.count()
    assert "program=1" in page.url  # pushed into the address bar
    assert "true" in requests  # an htmx request, not a full page load
    assert watch.errors == []
    assert watch.foreign == []
    screenshot(page, "monitor-task-board-filtered-1366")
