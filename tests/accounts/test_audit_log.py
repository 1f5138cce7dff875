"""The audit log: nobody edits or deletes it; kept at least 180 days; the admin is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from innocounty.accounts.models import Profile
from innocounty.audit.models import AuditLogImmutable, LogEntry

pytestmark = pytest.mark.django_db

User = get_user_model()
NOW = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)


def _entry(office_user) -> LogEntry:
    from innocounty.accounts.services import audit_user

    return audit_user(office_user, "accounts.user.changed", by=office_user, data={"x": 1})


def test_entries_cannot_be_changed_or_deleted(office_user):
    entry = _entry(office_user)
    entry.action = "forged"
    with pytest.raises(AuditLogImmutable):
        entry.save()
    with pytest.raises(AuditLogImmutable):
        entry.delete()
    with pytest.raises(AuditLogImmutable):
        LogEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AuditLogImmutable):
        LogEntry.objects.all().delete()
    with pytest.raises(AuditLogImmutable):
        LogEntry._base_manager.filter(pk=entry.pk).delete()
    assert LogEntry.objects.get(pk=entry.pk).action == "accounts.user.changed"


def test_the_admin_offers_no_change_or_delete(client, office_user):
    admin = User.objects.create_superuser("root", password="Root-pass-123")
    entry = _entry(office_user)
    client.force_login(admin)
    change = client.post(
        reverse("admin:audit_logentry_change", args=[entry.pk]), {"action": "forged"}
    )
    assert change.status_code in (302, 403)
    delete = client.post(reverse("admin:audit_logentry_delete", args=[entry.pk]), {"post": "yes"})
    assert delete.status_code in (302, 403)
    assert LogEntry.objects.get(pk=entry.pk).action == "accounts.user.changed"


def test_purge_refuses_less_than_180_days_and_keeps_younger_entries(office_user):
    with time_machine.travel(NOW - dt.timedelta(days=181), tick=False):
        old = _entry(office_user)
    with time_machine.travel(NOW - dt.timedelta(days=179), tick=False):
        young = _entry(office_user)
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(CommandError, match="少于等保要求的 180 天"):
            call_command("purge_audit", days=179)
        assert LogEntry.objects.filter(pk__in=[old.pk, young.pk]).count() == 2
        call_command("purge_audit", days=180)
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=young.pk).exists()


def test_a_retention_below_180_days_fails_the_system_check(settings):
    from innocounty.audit.checks import audit_retention

    settings.AUDIT_RETENTION_DAYS = 90
    assert [e.id for e in audit_retention(None)] == ["innocounty.E180"]
    settings.AUDIT_RETENTION_DAYS = 180
    assert audit_retention(None) == []


def test_purge_audit_on_the_console_refuses_without_a_traceback(capsys):
    from innocounty.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["purge-audit", "--days", "30"])
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert "少于等保要求的 180 天" in err and "Traceback" not in err


def test_only_the_system_administrator_uses_the_django_admin(client, office_user):
    office_user.is_staff = True
    office_user.save()
    client.force_login(office_user)
    assert client.get(reverse("admin:index")).status_code == 302
    home = client.get(reverse("accounts:people")).content.decode()
    assert "人员管理" in home and reverse("admin:index") not in home
    admin = User.objects.create_superuser("root", password="Root-pass-123")
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert reverse("admin:index") in client.get(reverse("accounts:people")).content.decode()


def test_admin_changes_to_people_are_audited(client, small_plan, reporter_b):
    admin = User.objects.create_superuser("root", password="Root-pass-123")
    client.force_login(admin)
    created = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-admin-made",
            "password1": "Strong-pass-1",
            "password2": "Strong-pass-1",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "0",
            "profile-INITIAL_FORMS": "0",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    user = User.objects.get(username="new-admin-made")
    assert Profile.objects.get(user=user).must_change_password
    assert (
        LogEntry.objects.get(action="accounts.user.created", object_id=str(user.pk)).user == admin
    )

    unit = small_plan.units.get(name="县财政局")
    response = client.post(
        reverse("admin:plans_unit_change", args=[unit.pk]),
        {"users": [reporter_b.pk], "_save": "保存"},
    )
    assert response.status_code == 302
    moved = LogEntry.objects.get(action="accounts.user.units_changed", object_id=str(reporter_b.pk))
    assert moved.data["units"] == [["县经信局"], ["县经信局", "县财政局"]]
    assert moved.user == admin


def test_demo_accounts_are_not_forced_to_change_their_password(client, small_plan):
    from innocounty.plans.demo import DEMO_PASSWORD, demo_accounts_create

    demo_accounts_create(plan=small_plan)
    for username in ("office", "leader", "admin", "unit01"):
        assert client.login(username=username, password=DEMO_PASSWORD)
        assert client.get(reverse("reporting:todo")).status_code == 200, username


def test_a_password_set_in_the_admin_must_be_changed_and_is_audited(client, small_plan, reporter_b):
    admin = User.objects.create_superuser("root", password="Root-pass-123")
    client.force_login(admin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[reporter_b.pk]),
        {"password1": "Admin-set-77", "password2": "Admin-set-77", "usable_password": "true"},
    )
    assert response.status_code == 302
    reporter_b.refresh_from_db()
    assert reporter_b.check_password("Admin-set-77")
    assert Profile.objects.get(user=reporter_b).must_change_password
    entry = LogEntry.objects.get(action="accounts.password.reset", object_id=str(reporter_b.pk))
    assert entry.user == admin and "Admin-set-77" not in str(entry.data)


def test_a_role_change_in_the_admin_is_audited(client, small_plan, reporter_b):
    admin = User.objects.create_superuser("root", password="Root-pass-123")
    from django.contrib.auth.models import Group

    office = Group.objects.get(name="office")
    client.force_login(admin)
    page = client.get(reverse("admin:auth_user_change", args=[reporter_b.pk]))
    assert page.status_code == 200
    data = {
        "username": "reporter-b",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in reporter_b.groups.all()] + [office.pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-11-29",
        "date_joined_1": "10:00:00",
        "initial-date_joined_0": "2026-11-29",
        "initial-date_joined_1": "10:00:00",
        "profile-TOTAL_FORMS": "0",
        "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
    }
    response = client.post(reverse("admin:auth_user_change", args=[reporter_b.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = LogEntry.objects.get(
        action="accounts.user.permissions_changed", object_id=str(reporter_b.pk)
    )
    assert entry.user == admin
    assert entry.data["changes"]["groups"] == [["reporter"], ["office", "reporter"]]
    assert entry.data["changes"]["is_staff"] == [False, True]


def test_the_log_names_roles_by_their_labels_in_both_languages():
    """Role codes in an entry read as the roles' names (the tag takes them from the core's
    table, not from the plans app)."""
    from django.utils import translation

    from innocounty.audit.templatetags.audit_extras import audit_summary

    data = {"changes": {"groups": [["reporter"], ["office", "reporter"]]}, "role": "leader"}
    with translation.override("zh-hans"):
        assert audit_summary(data) == ["角色：填报员 → 领导小组办公室、填报员", "角色：领导"]
    with translation.override("en"):
        assert audit_summary(data) == [
            "Role: Reporter → Leading group office, Reporter",
            "Role: Leader",
        ]
