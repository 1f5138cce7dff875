"""Backup and restore: everything out into one zip and back into an empty database.

CI runs this file on SQLite and on PostgreSQL; the content-type ids are shifted before each
restore, so a backup never depends on ids that differ between databases.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from innocounty.audit.models import LogEntry
from innocounty.ops import backup as ops_backup
from innocounty.plans.models import Plan
from innocounty.plans.services import plan_export
from innocounty.reporting.models import Value

FILES = {
    "evidence/2024/05/ab/report.pdf": b"%PDF-1.4 \x00\x01\x02 evidence",
    "evidence/2024/05/cd/photo.jpg": bytes(range(256)) * 40,
    "top-level.txt": "中文内容\n".encode(),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    # The rolled-back test leaves content-type ids in the cache that no longer exist.
    ContentType.objects.clear_cache()


@pytest.fixture
def populated(small_plan, office_user, reporter_a, reporter_b, leader_user):
    """A plan, the personas, values (two versions where versions exist), audit and files."""
    indicator = small_plan.indicators.get(code="N01")
    has_versions = "version" in {f.name for f in Value._meta.get_fields()}
    first = Value.objects.create(indicator=indicator, period="2024", value=Decimal("2.6"))
    first.log_action("reporting.value.created", user=reporter_a, data={"value": "2.6"})
    if has_versions:
        second = Value.objects.create(
            indicator=indicator, period="2024", value=Decimal("2.75"), version=2
        )
        second.log_action("reporting.value.corrected", user=office_user, data={"old": "2.6"})
    Value.objects.create(indicator=indicator, period="2025", value=Decimal("-0.125"))
    small_plan.log_action("plans.plan.changed", user=office_user, data={"password": "x"})
    office_user.user_permissions.add(
        Permission.objects.get(codename="view_logentry", content_type__app_label="audit")
    )
    Group.objects.create(name="custom").permissions.add(
        Permission.objects.get(codename="change_plan")
    )
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content))
    return small_plan


def snapshot() -> dict:
    """Every backed-up row, serialized with natural keys, plus the plan export and the files."""
    rows = {}
    for model in ops_backup.backup_models():
        text = serializers.serialize(
            "json",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=model in ops_backup.MIGRATE_CREATED,
        )
        objects = json.loads(text)
        if model in ops_backup.MIGRATE_CREATED:
            objects = sorted(objects, key=lambda o: json.dumps(o, sort_keys=True))
        rows[model._meta.label_lower] = objects
    return {
        "rows": rows,
        "plans": [plan_export(plan=p).model_dump(mode="json") for p in Plan.objects.all()],
        "files": {name: default_storage.open(name).read() for name in stored_files()},
    }


def stored_files() -> list[str]:
    return sorted(ops_backup._storage_files(default_storage))


def empty_everything() -> None:
    """Empty the database as a fresh install has it, with content-type ids unlike before."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE needs the pending checks done
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    for ct in ContentType.objects.order_by("-pk"):
        ContentType.objects.filter(pk=ct.pk).update(id=ct.pk + 1000)
        Permission.objects.filter(content_type_id=ct.pk).update(content_type_id=ct.pk + 1000)
    ContentType.objects.clear_cache()
    for name in stored_files():
        default_storage.delete(name)


def data_rows() -> int:
    return sum(m._base_manager.count() for m in ops_backup._data_models())


@pytest.fixture
def backup_file(populated, tmp_path) -> Path:
    path = tmp_path / "backup.zip"
    call_command("backup", "-o", str(path), verbosity=0)
    return path


def test_a_restore_into_an_emptied_database_gives_back_everything(populated, tmp_path):
    before = snapshot()
    path = tmp_path / "out" / "innocounty.zip"
    call_command("backup", "-o", str(path))
    empty_everything()
    assert data_rows() == 0 and stored_files() == []

    call_command("restore", str(path))

    assert snapshot() == before
    office = User.objects.get(username="office")
    assert office.check_password("pw-for-tests-123")
    assert office.has_perm("audit.view_logentry")
    assert set(populated.office_unit.users.values_list("username", flat=True)) == {"office"}
    entry = LogEntry.objects.get(action="plans.plan.changed")
    assert entry.content_object == Plan.objects.get() and entry.data == {"password": "***"}
    for name, content in FILES.items():
        assert default_storage.open(name).read() == content


def test_new_rows_after_a_restore_get_fresh_ids(backup_file):
    top_user = User.objects.order_by("-pk").first().pk
    top_entry = LogEntry.objects.order_by("-pk").first().pk
    empty_everything()
    call_command("restore", str(backup_file), verbosity=0)

    assert User.objects.create_user("newcomer").pk > top_user
    plan = Plan.objects.get()
    assert plan.log_action("plans.plan.viewed").pk > top_entry


def test_the_manifest_describes_the_archive(backup_file):
    with zipfile.ZipFile(backup_file) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = {n for n in archive.namelist() if n not in ("manifest.json", "manifest.sig")}
        raw_manifest = archive.read("manifest.json")
        signature = json.loads(archive.read("manifest.sig"))
    assert manifest["format"] == "innocounty-backup"
    assert manifest["format_version"] == ops_backup.FORMAT_VERSION
    assert manifest["app_version"]
    assert manifest["created"].endswith("+08:00")
    assert manifest["counts"]["auth.user"] == 4
    assert manifest["counts"]["audit.logentry"] == LogEntry.objects.count()
    assert manifest["files"] == len(FILES)
    assert set(manifest["members"]) == names
    assert {f"files/{name}" for name in FILES} <= names
    order = [entry["model"] for entry in manifest["models"]]
    assert order.index("contenttypes.contenttype") < order.index("auth.permission")
    assert order.index("auth.user") < order.index("plans.unit")  # Unit.users names users
    # HMAC-SHA256 of the manifest's bytes, with Django's salted key derivation.
    assert signature == {"algorithm": "HMAC-SHA256", "signature": _hmac(raw_manifest)}


def _hmac(data: bytes, secret: str | None = None) -> str:
    from django.conf import settings

    key_salt = "innocounty.ops.backup.manifest"
    secret = secret or settings.BACKUP_SIGNING_KEY
    key = hashlib.sha256((key_salt + secret).encode()).digest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def test_every_model_of_the_project_is_backed_up_and_sessions_are_not():
    chosen = {m._meta.label_lower for m in ops_backup.backup_models()}
    ours = {
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_config.name.startswith("innocounty.")
    }
    assert ours <= chosen
    assert {"auth.user", "auth.group", "auth.permission", "audit.logentry"} <= chosen
    assert "sessions.session" not in chosen


def test_restore_refuses_a_database_that_is_not_empty_and_writes_nothing(backup_file):
    Value.objects.filter(period="2025").delete()
    before = snapshot()
    with pytest.raises(CommandError, match=r"数据库不是空的（.*用户（auth\.user）4 条.*--force"):
        call_command("restore", str(backup_file))
    assert snapshot() == before


def test_restore_with_force_says_what_it_replaces_and_replaces_it(backup_file, capsys):
    expected = snapshot()
    User.objects.create_user("intruder")
    Value.objects.filter(period="2025").delete()
    default_storage.save("stray.txt", ContentFile(b"not in the backup"))

    call_command("restore", str(backup_file), "--force")

    out = capsys.readouterr().out
    assert "将替换现有数据：" in out and "用户（auth.user）5 条" in out and "文件 4 个" in out
    assert snapshot() == expected
    assert not User.objects.filter(username="intruder").exists()


def test_a_restore_drops_the_api_tokens_and_their_secrets_stay_out_of_the_archive(
    populated, tmp_path
):
    from rest_framework.authtoken.models import Token

    user = User.objects.order_by("pk").first()
    token = Token.objects.create(user=user)
    path = tmp_path / "backup.zip"
    call_command("backup", "-o", str(path), verbosity=0)
    with zipfile.ZipFile(path) as archive:
        assert all(token.key.encode() not in archive.read(n) for n in archive.namelist())

    call_command("restore", str(path), "--force")

    assert User.objects.filter(pk=user.pk).exists()
    assert not Token.objects.exists()  # issued again with `innocounty create-token`


def _rewrite(path: Path, target: Path, change) -> Path:
    """Copy the zip at `path` to `target`, letting `change(name, data)` alter each member."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
    return target


def _edit_manifest(edit):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest)

    return change


def _resign(path: Path, secret: str | None = None) -> Path:
    """Sign the archive at `path` again, as someone holding the key (`secret`) would."""
    with zipfile.ZipFile(path) as z:
        manifest = z.read("manifest.json")
    signature = json.dumps({"algorithm": "HMAC-SHA256", "signature": _hmac(manifest, secret)})
    return _rewrite(
        path,
        path.with_name("signed-" + path.name),
        lambda name, data: signature.encode() if name == "manifest.sig" else data,
    )


def _fix_checksum(member_part: str, source: Path):
    """A manifest edit giving the member named like `member_part` the checksum it has in
    the archive being written (read from `source`, the archive with the changed member)."""

    def edit(manifest):
        member = next(m for m in manifest["members"] if member_part in m)
        with zipfile.ZipFile(source) as z:
            manifest["members"][member] = hashlib.sha256(z.read(member)).hexdigest()

    return edit


def _tamper_value(name, data):
    if "reporting.value" in name:
        return data.replace(b"2.6", b"9.6")
    return data


def _drop_a_row(name, data):
    if "reporting.value" in name:
        data = b"".join(data.splitlines(keepends=True)[1:])
    return data


def _bad_archives(path: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    garbage = tmp / "garbage.zip"
    garbage.write_bytes(b"this is not a zip file at all")
    truncated = tmp / "truncated.zip"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    not_ours = tmp / "other.zip"
    with zipfile.ZipFile(not_ours, "w") as z:
        z.writestr("readme.txt", "hello")
    foreign_manifest = tmp / "foreign.zip"
    with zipfile.ZipFile(foreign_manifest, "w") as z:
        z.writestr("manifest.json", json.dumps({"format": "something-else"}))

    def wrong_version(m):
        m["format_version"] = 99

    with_extra = _rewrite(path, tmp / "extra.zip", lambda name, data: data)
    with zipfile.ZipFile(with_extra, "a") as z:
        z.writestr("data/999-sneaky.jsonl", "")

    def drop_row_fix_checksum(manifest):
        with zipfile.ZipFile(path) as z:
            member = next(
                e["member"] for e in manifest["models"] if e["model"] == "reporting.value"
            )
            data = _drop_a_row(member, z.read(member))
        manifest["members"][member] = hashlib.sha256(data).hexdigest()

    short = _rewrite(path, tmp / "short.zip", _drop_a_row)
    rebuilt = _rewrite(short, tmp / "short-fixed.zip", _edit_manifest(drop_row_fix_checksum))
    short = _resign(rebuilt)
    unsigned = _rewrite(path, tmp / "unsigned.zip", lambda n, d: None if n == "manifest.sig" else d)

    escape = tmp / "escape.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(escape, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                members = manifest["members"]
                members["files/../../escape.txt"] = members.pop("files/top-level.txt")
                data = json.dumps(manifest).encode()
            name = "files/../../escape.txt" if info.filename == "files/top-level.txt" else None
            dst.writestr(name or info.filename, data)
    escape = _resign(escape)

    def newer_schema(m):
        m["migrations"].append("plans.9999_from_the_future")

    return {
        "garbage": (garbage, "不是 innocounty 备份文件（无法按 zip 读取"),
        "truncated": (truncated, "不是 innocounty 备份文件（无法按 zip 读取"),
        "not a backup": (not_ours, "不是 innocounty 备份文件（缺少 manifest.json）"),
        "foreign manifest": (foreign_manifest, "不是 innocounty 备份文件"),
        "wrong version": (
            _rewrite(path, tmp / "v99.zip", _edit_manifest(wrong_version)),
            "备份格式版本 99 不受支持",
        ),
        "tampered": (
            _rewrite(path, tmp / "tampered.zip", _tamper_value),
            "reporting.value.jsonl 的 SHA-256 校验值不符",
        ),
        "extra member": (with_extra, "包含清单之外的 data/999-sneaky.jsonl"),
        "count": (short, "reporting.value 应有 "),
        "escape": (escape, "不安全的文件名 files/../../escape.txt"),
        "newer schema": (
            _resign(_rewrite(path, tmp / "newer.zip", _edit_manifest(newer_schema))),
            "备份来自更新的 innocounty",
        ),
        "rebuilt": (rebuilt, "备份文件签名不符"),
        "unsigned": (unsigned, "备份文件没有签名（manifest.sig）"),
        "other key": (_resign(path, secret="another-installation-key"), "备份文件签名不符"),
    }


BAD = [
    "garbage",
    "truncated",
    "not a backup",
    "foreign manifest",
    "wrong version",
    "tampered",
    "extra member",
    "count",
    "escape",
    "newer schema",
    "rebuilt",
    "unsigned",
    "other key",
]


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_archive_is_refused_with_one_line_and_nothing_is_written(backup_file, tmp_path, kind):
    bad, message = _bad_archives(backup_file, tmp_path)[kind]
    empty_everything()
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        call_command("restore", str(bad), "--force")
    assert "\n" not in str(caught.value)
    assert data_rows() == 0
    assert stored_files() == []
    assert not (tmp_path / "escape.txt").exists()


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match=r"找不到备份文件 .*nowhere\.zip"):
        call_command("restore", str(tmp_path / "nowhere.zip"))


def test_a_failure_while_loading_rolls_everything_back(backup_file, monkeypatch):
    empty_everything()

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ops_backup, "_restore_files", broken)
    with pytest.raises(CommandError, match="恢复失败，数据库没有任何改动：disk full"):
        call_command("restore", str(backup_file))
    assert data_rows() == 0


def _make_superuser(username: str):
    """Edit the archive's user rows: `username` becomes a superuser."""

    def change(name, data):
        if not name.endswith("auth.user.jsonl"):
            return data
        lines = []
        for line in data.decode().splitlines():
            row = json.loads(line)
            if row["fields"]["username"] == username:
                row["fields"]["is_superuser"] = row["fields"]["is_staff"] = True
            lines.append(json.dumps(row, ensure_ascii=False))
        return ("\n".join(lines) + "\n").encode()

    return change


def test_a_rebuilt_archive_with_matching_checksums_is_refused_and_changes_nothing(
    backup_file, tmp_path, capsys
):
    """The attack: a reporter made superuser, every checksum and count made to match."""
    changed = _rewrite(backup_file, tmp_path / "changed.zip", _make_superuser("reporter-a"))
    rebuilt = _rewrite(
        changed, tmp_path / "rebuilt.zip", _edit_manifest(_fix_checksum("auth.user", changed))
    )
    before = snapshot()
    with pytest.raises(CommandError, match="备份文件签名不符") as caught:
        call_command("restore", str(rebuilt), "--force")
    assert "--trust-unsigned" in str(caught.value)
    assert snapshot() == before
    assert not User.objects.get(username="reporter-a").is_superuser

    # The operator may say explicitly that the archive is genuine: then it restores, with a
    # warning, and every other check still applies.
    call_command("restore", str(rebuilt), "--force", "--trust-unsigned")
    assert "签名未通过验证" in capsys.readouterr().err
    assert User.objects.get(username="reporter-a").is_superuser
    tampered = _rewrite(rebuilt, tmp_path / "tampered.zip", _tamper_value)
    with pytest.raises(CommandError, match="SHA-256 校验值不符"):
        call_command("restore", str(tampered), "--force", "--trust-unsigned")


def test_a_backup_signed_with_backup_signing_key_needs_that_key(populated, tmp_path, settings):
    settings.BACKUP_SIGNING_KEY = "the-county-backup-key"
    path = tmp_path / "keyed.zip"
    call_command("backup", "-o", str(path), verbosity=0)
    with zipfile.ZipFile(path) as z:
        signature = json.loads(z.read("manifest.sig"))["signature"]
        assert signature == _hmac(z.read("manifest.json"), "the-county-backup-key")
    expected = snapshot()
    empty_everything()
    settings.BACKUP_SIGNING_KEY = settings.SECRET_KEY
    with pytest.raises(CommandError, match="备份文件签名不符"):
        call_command("restore", str(path))
    assert data_rows() == 0
    settings.BACKUP_SIGNING_KEY = "the-county-backup-key"
    call_command("restore", str(path))
    assert snapshot() == expected


def test_a_broken_line_is_named_by_member_and_line(backup_file, tmp_path):
    def break_second_line(name, data):
        if "reporting.value" not in name:
            return data
        lines = data.splitlines(keepends=True)
        lines[1] = b'{"model": "reporting.value", "pk": 2, "fields": {"value": \n'
        return b"".join(lines)

    broken = _rewrite(backup_file, tmp_path / "broken.zip", break_second_line)
    broken = _resign(
        _rewrite(
            broken,
            tmp_path / "broken-fixed.zip",
            _edit_manifest(_fix_checksum("reporting.value", broken)),
        )
    )
    with zipfile.ZipFile(broken) as z:
        member = next(n for n in z.namelist() if "reporting.value" in n)
    empty_everything()
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(broken))
    message = str(caught.value)
    assert message.startswith(f"备份文件 {member} 第 2 行无法恢复：")
    assert "\n" not in message
    assert data_rows() == 0
