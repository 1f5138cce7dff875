"""The office's people pages and audit log in Chromium, in Chinese and English."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def seeded(qianjiang):
    from innocounty.plans.demo import demo_accounts_create

    demo_accounts_create(plan=qianjiang)
    return qianjiang


def _no_han(page, selector: str) -> None:
    for text in page.locator(selector).all_inner_texts():
        assert not HAN.search(text), text


def test_the_office_creates_a_reporter_who_then_changes_the_password(
    seeded, live_server, page_factory
):
    guesser, _ = page_factory()
    for _attempt in range(5):
        login(guesser, live_server.url, "unit05", "wrong-guess")
    page, watch = page_factory()
    login(page, live_server.url, "office", "demo12345")
    page.goto(f"{live_server.url}/accounts/manage/locked/")
    assert "unit05" in page.locator("#locks").inner_text()
    screenshot(page, "locked-zh")
    page.get_by_role("button", name="解除锁定").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#no-locks").is_visible()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="人员管理").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("人员管理")
    assert page.get_by_role("link", name="管理后台").count() == 0

    page.get_by_role("link", name="新建填报员账号").click()
    page.get_by_label("姓名").fill("赵六")
    page.get_by_label("登录名").fill("zhao-liu")
    page.get_by_label("联系电话").fill("13700001234")
    page.get_by_label("所在单位").select_option(label="市科技局")
    page.get_by_role("button", name="创建账号").click()
    page.wait_for_load_state("networkidle")
    password = page.locator("#new-password").inner_text()
    assert len(password) == 12
    screenshot(page, "people-created-zh")

    page.goto(f"{live_server.url}/accounts/manage/people/")
    row = page.locator("tr", has_text="zhao-liu")
    assert "13700001234" in row.first.inner_text()
    assert row.first.locator(".never-logged-in").count() == 1
    screenshot(page, "people-zh")
    page.goto(f"{live_server.url}/accounts/manage/audit/")
    assert "创建账号" in page.locator("#audit").inner_text()
    assert "accounts.user.created" not in page.locator("#audit").inner_text()
    screenshot(page, "audit-zh")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Audit log")
    _no_han(page, "h1, thead, #audit-filters label, #audit td:nth-child(3)")
    screenshot(page, "audit-en")
    page.goto(f"{live_server.url}/accounts/manage/people/")
    _no_han(page, "h1, thead, #people-filters label, td .state, td .tag, nav.main")
    screenshot(page, "people-en")
    page.goto(f"{live_server.url}/accounts/manage/locked/")
    _no_han(page, "main")
    screenshot(page, "locked-en")

    person, _ = page_factory()
    login(person, live_server.url, "zhao-liu", password)
    assert person.url.endswith("/accounts/password/")
    assert person.locator("#forced-change").is_visible()
    screenshot(person, "password-forced-zh")
    person.get_by_label("旧密码").fill(password)
    person.get_by_label("新密码", exact=True).fill("Bright-Moon-731")
    person.get_by_label("新密码确认", exact=True).fill("Bright-Moon-731")
    person.get_by_role("button", name="修改密码").click()
    person.wait_for_load_state("networkidle")
    assert "/accounts/password/" not in person.url
    assert person.get_by_text("密码已修改。").is_visible()
    assert watch.errors == []
    assert watch.foreign == []
