"""等保 2.0 accounts: password rules, forced change, the office's people pages, audit."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from innocounty.accounts import services
from innocounty.accounts.models import Profile
from innocounty.audit.models import LogEntry

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "Qianjiang-2026"


def _entries(action: str, user=None):
    qs = LogEntry.objects.filter(action=action)
    if user is not None:
        qs = qs.filter(object_id=str(user.pk))
    return qs


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("abcdefgh12", False),  # two classes
        ("ABCDEFGH12", False),
        ("abcd!efgh", False),
        ("Ab1!x", False),  # three classes, too short
        ("Abcdefg12", True),
        ("abcdefg1!", True),
        ("ABCDEFG1!", True),
    ],
)
def test_passwords_need_eight_characters_and_three_classes(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_the_class_rule_speaks_chinese():
    with pytest.raises(ValidationError) as caught:
        validate_password("abcdefgh12")
    assert "至少 3 类" in " ".join(caught.value.messages)


def test_generated_passwords_pass_the_rules():
    for _ in range(20):
        password = services.generate_password()
        validate_password(password)
        assert len(password) == 12


def _create(client, office_user, unit, username="zhang-san", phone="13800001111"):
    client.force_login(office_user)
    response = client.post(
        reverse("accounts:person-create"),
        {"real_name": "张三", "username": username, "phone": phone, "unit": unit.pk},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password = re.search(r'<code id="new-password" class="password">([^<]+)</code>', html)[1]
    return User.objects.get(username=username), password


def test_the_office_creates_a_reporter_who_must_change_the_password_first(
    client, small_plan, office_user
):
    unit = small_plan.units.get(name="县经信局")
    user, password = _create(client, office_user, unit)
    assert user.first_name == "张三" and user.check_password(password)
    assert list(user.units.all()) == [unit]
    assert set(user.groups.values_list("name", flat=True)) == {"reporter"}
    assert Profile.objects.get(user=user).phone == "13800001111"
    entry = _entries("accounts.user.created", user).get()
    assert entry.user == office_user and entry.data["units"] == ["县经信局"]
    assert password not in str(entry.data)

    client.logout()
    assert client.login(username="zhang-san", password=password)
    for url in (reverse("web:home"), reverse("reporting:todo"), reverse("accounts:people")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse(
            "accounts:password-change"
        )
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert 'id="forced-change"' in page
    # A weak new password is refused and changes nothing.
    weak = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": "abcdefgh12", "new_password2": "abcdefgh12"},
    )
    assert weak.status_code == 200 and "至少 3 类" in weak.content.decode()
    assert User.objects.get(pk=user.pk).check_password(password)
    done = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert done.status_code == 302
    assert not Profile.objects.get(user=user).must_change_password
    assert _entries("accounts.password.changed", user).get().user == user
    assert client.get(reverse("reporting:todo")).status_code == 200  # still signed in


def test_bad_input_creates_nothing(client, small_plan, office_user, reporter_a):
    client.force_login(office_user)
    before = User.objects.count()
    response = client.post(
        reverse("accounts:person-create"),
        {"real_name": "李四", "username": "reporter-a", "phone": "abc", "unit": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "该登录名已被使用。" in html and "请输入有效的电话号码" in html
    assert User.objects.count() == before
    assert not _entries("accounts.user.created").exists()


def test_a_reset_forces_a_change_at_next_login(client, small_plan, office_user, reporter_a):
    client.force_login(office_user)
    response = client.post(reverse("accounts:person-reset", args=[reporter_a.pk]))
    password = re.search(r'id="new-password" class="password">([^<]+)<', response.content.decode())[
        1
    ]
    reporter_a.refresh_from_db()
    assert reporter_a.check_password(password)
    assert not reporter_a.check_password("pw-for-tests-123")
    assert Profile.objects.get(user=reporter_a).must_change_password
    assert _entries("accounts.password.reset", reporter_a).get().user == office_user
    client.logout()
    client.login(username="reporter-a", password=password)
    assert client.get(reverse("reporting:todo"))["Location"] == reverse("accounts:password-change")


def test_the_office_cannot_manage_the_admin_or_another_office(client, small_plan, office_user):
    admin = User.objects.create_superuser("root", password="Root-pass-123")
    colleague = User.objects.create_user("office2", password="x")
    colleague.groups.add(*office_user.groups.all())
    client.force_login(office_user)
    for target in (admin, colleague, office_user):
        assert client.post(reverse("accounts:person-reset", args=[target.pk])).status_code == 403
        assert (
            client.post(reverse("accounts:person-deactivate", args=[target.pk])).status_code == 403
        )
        target.refresh_from_db()
        assert target.is_active
    assert User.objects.get(username="root").check_password("Root-pass-123")
    assert not LogEntry.objects.filter(action__startswith="accounts.").exists()


def test_deactivate_and_reactivate(client, small_plan, office_user, reporter_a):
    client.force_login(office_user)
    client.post(reverse("accounts:person-deactivate", args=[reporter_a.pk]))
    reporter_a.refresh_from_db()
    assert not reporter_a.is_active
    assert _entries("accounts.user.deactivated", reporter_a).get().user == office_user
    other = client.__class__()
    login = other.post(reverse("login"), {"username": "reporter-a", "password": "pw-for-tests-123"})
    assert login.status_code == 200  # refused, the form again
    client.post(reverse("accounts:person-reactivate", args=[reporter_a.pk]))
    reporter_a.refresh_from_db()
    assert reporter_a.is_active
    assert _entries("accounts.user.reactivated", reporter_a).count() == 1
    assert other.login(username="reporter-a", password="pw-for-tests-123")


def test_editing_units_and_phone_is_audited(client, small_plan, office_user, reporter_a):
    client.force_login(office_user)
    other_unit = small_plan.units.get(name="县经信局")
    response = client.post(
        reverse("accounts:person-edit", args=[reporter_a.pk]),
        {"real_name": "王五", "phone": "0571-8888888", "units": [other_unit.pk]},
    )
    assert response.status_code == 302
    assert list(reporter_a.units.values_list("name", flat=True)) == ["县经信局"]
    moved = _entries("accounts.user.units_changed", reporter_a).get()
    assert moved.data["units"] == [["县财政局"], ["县经信局"]]
    changed = _entries("accounts.user.changed", reporter_a).get()
    assert changed.data["changes"]["phone"] == ["", "0571-8888888"]


def test_a_reporter_never_sees_people_or_other_units_phones(
    client, small_plan, office_user, reporter_a, reporter_b
):
    marker = "13912345678"
    Profile.objects.create(user=reporter_b, phone=marker)
    urls = [
        reverse("accounts:people"),
        reverse("accounts:audit"),
        reverse("accounts:locked"),
        reverse("accounts:person-edit", args=[reporter_b.pk]),
        reverse("reporting:todo"),
        reverse("plans:unit-list", args=[small_plan.key]),
        reverse("plans:unit-detail", args=[small_plan.key, reporter_b.units.get().pk]),
    ]
    client.force_login(office_user)
    assert marker in client.get(reverse("accounts:people")).content.decode()
    client.force_login(reporter_a)
    assert client.get(reverse("accounts:people")).status_code == 403
    for url in urls:
        response = client.get(url, follow=True)
        assert marker not in response.content.decode(), url
        assert "reporter-b" not in response.content.decode() or "accounts" not in url, url


def test_the_people_page_highlights_who_never_logged_in(client, small_plan, office_user):
    unit = small_plan.units.get(name="县经信局")
    _create(client, office_user, unit, username="new-one")
    html = client.get(reverse("accounts:people"), {"status": "never"}).content.decode()
    assert "new-one" in html and 'class="tag down never-logged-in"' in html
    assert "待改初始密码" in html
    new_one = User.objects.get(username="new-one")
    for name in ("person-edit", "person-reset", "person-deactivate"):
        assert f'"{reverse(f"accounts:{name}", args=[new_one.pk])}"' in html, name


def test_logins_logouts_and_failures_are_audited(client, small_plan, reporter_a):
    client.post(reverse("login"), {"username": "reporter-a", "password": "wrong"})
    assert LogEntry.objects.filter(action="ops.login.failed").count() == 1
    client.post(reverse("login"), {"username": "reporter-a", "password": "pw-for-tests-123"})
    assert _entries("ops.login.succeeded", reporter_a).count() == 1
    client.post(reverse("logout"))
    assert _entries("accounts.logout", reporter_a).get().user == reporter_a


def test_locked_accounts_are_listed_and_unlocked(client, small_plan, office_user, reporter_a):
    other = client.__class__()
    for _ in range(5):
        other.post(reverse("login"), {"username": "reporter-a", "password": "wrong"})
    client.force_login(office_user)
    page = client.get(reverse("accounts:locked")).content.decode()
    assert "reporter-a" in page and 'id="no-locks"' not in page
    refused = other.post(
        reverse("login"), {"username": "reporter-a", "password": "pw-for-tests-123"}
    )
    assert refused.status_code == 200  # locked
    client.post(reverse("accounts:unlock"), {"kind": "account", "key": "reporter-a"})
    assert _entries("accounts.lock.cleared", reporter_a).get().data["failures"] == 5
    assert 'id="no-locks"' in client.get(reverse("accounts:locked")).content.decode()
    ok = other.post(reverse("login"), {"username": "reporter-a", "password": "pw-for-tests-123"})
    assert ok.status_code == 302


def test_the_audit_page_shows_labels_and_filters(client, small_plan, office_user, reporter_a):
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        services.password_reset(user=reporter_a, by=office_user)
    with time_machine.travel(dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC), tick=False):
        services.person_set_active(user=reporter_a, active=False, by=office_user)
    client.force_login(office_user)
    url = reverse("accounts:audit")
    html = client.get(url).content.decode()
    assert "重置密码" in html and "停用账号" in html
    assert "accounts.password.reset" not in html.split('id="audit"')[1]
    june = client.get(url, {"date_from": "2026-05-01", "date_to": "2026-06-30"}).content.decode()
    assert (
        "重置密码" in june.split('id="audit"')[1] and "停用账号" not in june.split('id="audit"')[1]
    )
    only = client.get(url, {"action": "accounts.user.deactivated"}).content.decode()
    body = only.split('id="audit"')[1]
    assert "停用账号" in body and "重置密码" not in body
    nobody = client.get(url, {"who": reporter_a.pk}).content.decode().split('id="audit"')[1]
    assert "停用账号" not in nobody
    wrong = client.get(url, {"date_from": "2026-07-01", "date_to": "2026-06-01"}).content.decode()
    assert "起始日期不能晚于结束日期。" in wrong


def test_a_create_racing_another_gets_a_clear_message(client, small_plan, office_user, monkeypatch):
    """Two clicks pass the form's uniqueness check together: the second meets the database's."""
    from innocounty.accounts import forms

    _create(client, office_user, small_plan.units.get(name="县经信局"), username="twice")
    monkeypatch.setattr(forms.PersonCreateForm, "clean_username", lambda self: "twice")
    response = client.post(
        reverse("accounts:person-create"),
        {
            "real_name": "张三",
            "username": "twice",
            "phone": "13800001111",
            "unit": small_plan.units.get(name="县经信局").pk,
        },
    )
    assert response.status_code == 200
    assert "该登录名已被使用。" in response.content.decode()
    assert User.objects.filter(username="twice").count() == 1
    assert _entries("accounts.user.created").count() == 1


def test_guessing_the_current_password_on_the_change_page_locks_like_the_login(
    client, small_plan, reporter_a
):
    client.force_login(reporter_a)
    url = reverse("accounts:password-change")
    wrong = {"old_password": "wrong", "new_password1": STRONG, "new_password2": STRONG}
    for _ in range(5):
        client.post(url, wrong)
    assert LogEntry.objects.filter(action="ops.login.failed").count() == 5
    right = {"old_password": "pw-for-tests-123", "new_password1": STRONG, "new_password2": STRONG}
    refused = client.post(url, right)
    assert refused.status_code == 200 and "登录失败次数过多" in refused.content.decode()
    reporter_a.refresh_from_db()
    assert reporter_a.check_password("pw-for-tests-123")
