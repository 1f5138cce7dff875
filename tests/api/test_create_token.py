"""`innocounty create-token USERNAME`: a new token that authenticates, audited, old one dead.

In process through `call_command` (the console script itself, a separate process, is run in
tests/test_cli.py: `execute_from_command_line` closes the test's database connection)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from innocounty import cli
from innocounty.audit.models import LogEntry

pytestmark = pytest.mark.django_db


def _create_token(username: str) -> str:
    out = io.StringIO()
    call_command("create_token", username, stdout=out)
    return out.getvalue()


def _plans(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/plans/").status_code


def test_the_console_script_knows_the_subcommand():
    assert "create-token" in cli.OWN_COMMANDS


def test_it_prints_a_token_that_authenticates_as_the_user(leader_user):
    out = _create_token("leader")
    assert out.endswith("\n") and out.count("\n") == 1
    key = out.strip()
    assert len(key) == 40 and key.isalnum()
    assert _plans(key) == 200
    entry = LogEntry.objects.get(action="api.token.created")
    assert entry.object_id == str(leader_user.pk)
    assert entry.data == {"replaced": False}
    assert key not in str(entry.data)


def test_a_second_token_replaces_the_first(leader_user):
    first = _create_token("leader").strip()
    second = _create_token("leader").strip()
    assert first != second
    assert _plans(first) == 401
    assert _plans(second) == 200
    entries = LogEntry.objects.filter(action="api.token.created").order_by("pk")
    assert [e.data for e in entries] == [{"replaced": False}, {"replaced": True}]


def test_an_unknown_user_gets_no_token(db):
    with pytest.raises(CommandError, match=r"^找不到用户“nobody”$"):
        _create_token("nobody")
    assert not LogEntry.objects.filter(action="api.token.created").exists()


def test_an_inactive_user_gets_no_token(leader_user):
    User.objects.filter(pk=leader_user.pk).update(is_active=False)
    with pytest.raises(CommandError, match=r"^用户“leader”已停用，不能创建接口令牌$"):
        _create_token("leader")
    assert not LogEntry.objects.filter(action="api.token.created").exists()


def test_an_inactive_users_existing_token_is_refused(leader_user):
    key = _create_token("leader").strip()
    User.objects.filter(pk=leader_user.pk).update(is_active=False)
    assert _plans(key) == 401


def test_tokens_are_not_in_the_django_admin():
    from django.contrib import admin
    from rest_framework.authtoken.models import Token, TokenProxy

    assert not admin.site.is_registered(TokenProxy)
    assert not admin.site.is_registered(Token)
