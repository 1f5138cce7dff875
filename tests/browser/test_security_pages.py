"""Pages under the Content-Security-Policy in Chromium: nothing is blocked, charts draw,
htmx swaps, and the language switch works before login."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# Recorded by the page itself: every CSP violation, whatever the console says.
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


@pytest.fixture
def seeded(qianjiang):
    import datetime as dt

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def test_the_login_page_switches_language_before_login(seeded, live_server, page_factory):
    page, watch = page_factory()
    page.add_init_script(WATCH_CSP)
    response = page.goto(f"{live_server.url}/reporting/todo/")
    assert "/accounts/login/?next=/reporting/todo/" in page.url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    screenshot(page, "security-login-zh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/accounts/login/?next=/reporting/todo/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    screenshot(page, "security-login-en")
    # Signing in from the English page goes on to `next`, still in English.
    page.get_by_label("User name").fill("unit05")
    page.get_by_label("Password").fill("demo12345")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/reporting/todo/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _violations(page) == []
    assert watch.errors == []


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_signed_in_pages_run_under_the_policy(seeded, live_server, page_factory, locale):
    page, watch = page_factory(locale=locale)
    page.add_init_script(WATCH_CSP)
    if locale == "en":  # the browser asks for English: the login page is in English
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("User name").fill("office")
        page.get_by_label("Password").fill("demo12345")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
    else:
        login(page, live_server.url, "office", "demo12345")
    assert page.locator("html").get_attribute("lang") == locale.lower().replace("-cn", "-hans")
    key = seeded.key
    unit = seeded.units.get(name="市科技局")
    round_ = seeded.rounds.get(period="2025")
    paths = {
        "cockpit": f"/monitor/{key}/",
        "indicators": f"/monitor/{key}/indicators/",
        "task-board": f"/monitor/{key}/tasks/",
        "entry": f"/reporting/rounds/{round_.pk}/units/{unit.pk}/",
        "review": f"/reporting/rounds/{round_.pk}/review/",
        "plan": f"/plans/{key}/",
    }
    for name, path in paths.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        headers = response.headers
        assert "no-store" in headers["cache-control"], path
        assert "default-src 'self'" in headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], (path, _violations(page))
        screenshot(page, f"security-{name}-{locale}")
    # Charts draw on the cockpit (canvas present) under the policy.
    page.goto(f"{live_server.url}/monitor/{key}/")
    page.wait_for_function("document.querySelectorAll('[data-chart][data-drawn] canvas').length")
    # The chart tooltip (HTML with style attributes) shows without a violation.
    page.locator("[data-chart] canvas").first.hover()
    page.mouse.move(300, 300)
    # htmx swaps the task board under the policy, with no <style> element injected.
    page.goto(f"{live_server.url}/monitor/{key}/tasks/")
    with page.expect_response(lambda r: "/tasks/?" in r.url):
        page.locator(".filters-form select[name=program]").select_option("1")
    page.wait_for_load_state("networkidle")
    assert "program=" in page.url
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert _violations(page) == []
    assert watch.errors == []
    assert watch.foreign == []


def test_the_admin_runs_under_the_policy(seeded, live_server, page_factory):
    page, watch = page_factory()
    page.add_init_script(WATCH_CSP)
    page.goto(f"{live_server.url}/admin/")
    assert "/accounts/login/?next=/admin/" in page.url  # the admin has no login form of its own
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("demo12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/")
    for path in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], (path, _violations(page))
    screenshot(page, "security-admin-user-add")
    assert watch.errors == []


def test_the_fault_pages_back_link_works_under_the_policy(
    seeded, live_server, page_factory, monkeypatch
):
    """The 503 page's “返回上一页” link returns to the form with what was typed (it was a
    javascript: link, which the policy blocks)."""
    from django.db.utils import OperationalError

    from innocounty.reporting import services

    page, watch = page_factory()
    page.add_init_script(WATCH_CSP)
    login(page, live_server.url, "unit05", "demo12345")
    unit = seeded.units.get(name="市科技局")
    round_ = seeded.rounds.get(period="2025")
    page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/")

    def unreachable(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "value_save", unreachable)
    field = page.locator("input[name$='-source']:not([disabled])").first
    name = field.get_attribute("name")
    field.fill("csp-back-marker")
    with page.expect_response(lambda r: r.url.endswith("/save")) as info:
        page.get_by_role("button", name="保存", exact=True).first.click()
    assert info.value.status == 503
    assert "default-src 'self'" in info.value.headers["content-security-policy"]
    # The link works once back.js is loaded (before that it is a plain link to the home page).
    page.wait_for_load_state("load")
    page.get_by_role("link", name="返回上一页").click()
    page.wait_for_url(f"**/units/{unit.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/units/{unit.pk}/")
    assert page.locator(f"input[name='{name}']").input_value() == "csp-back-marker"
    assert _violations(page) == []
    assert [e for e in watch.errors if "503" not in e] == []
