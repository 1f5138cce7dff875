"""`innocounty create-token USERNAME`: a new token that authenticates, audited, old one dead."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from innocounty import cli
from innocounty.audit.models import LogEntry

pytestmark = pytest.mark.django_db


def _create_token(capsys, username: str) -> tuple[int, str, str]:
    try:
        code = cli.main(["create-token", username])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _plans(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/plans/").status_code


def test_it_prints_a_token_that_authenticates_as_the_user(capsys, leader_user):
    code, out, err = _create_token(capsys, "leader")
    assert (code, err) == (0, "")
    key = out.strip()
    assert len(key) == 40 and key.isalnum()
    assert _plans(key) == 200
    entry = LogEntry.objects.get(action="api.token.created")
    assert entry.object_id == str(leader_user.pk)
    assert entry.data == {"replaced": False}
    assert key not in str(entry.data)


def test_a_second_token_replaces_the_first(capsys, leader_user):
    first = _create_token(capsys, "leader")[1].strip()
    second = _create_token(capsys, "leader")[1].strip()
    assert first != second
    assert _plans(first) == 401
    assert _plans(second) == 200
    entries = LogEntry.objects.filter(action="api.token.created").order_by("pk")
    assert [e.data for e in entries] == [{"replaced": False}, {"replaced": True}]


def test_an_unknown_user_gets_no_token(capsys, db):
    code, out, err = _create_token(capsys, "nobody")
    assert code != 0
    assert out == ""
    assert "找不到用户“nobody”" in err
    assert not LogEntry.objects.filter(action="api.token.created").exists()


def test_an_inactive_user_gets_no_token(capsys, leader_user):
    User.objects.filter(pk=leader_user.pk).update(is_active=False)
    code, out, err = _create_token(capsys, "leader")
    assert code != 0
    assert out == ""
    assert "用户“leader”已停用，不能创建接口令牌" in err
    assert not LogEntry.objects.filter(action="api.token.created").exists()


def test_an_inactive_users_existing_token_is_refused(capsys, leader_user):
    key = _create_token(capsys, "leader")[1].strip()
    User.objects.filter(pk=leader_user.pk).update(is_active=False)
    assert _plans(key) == 401
