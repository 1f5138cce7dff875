"""The backup's rules (issue 19), with expected values worked out in the test from the rows
and files it makes, never from the backup's own model list:

- a restore into an empty database gives back every row and every file byte for byte, and
  new rows get ids above the restored ones;
- a restore refuses a database (or a storage) that is not empty, unless forced, and then
  replaces everything, stray files included;
- an archive that is not exactly what the backup wrote is refused and changes nothing.

Few tests, each checking much: a mutation run (docs/en/mutation-testing.md) runs every one of
them per mutant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection

from innocounty.audit.models import LogEntry
from innocounty.ops import backup
from innocounty.ops.backup import BackupError, backup_create, backup_restore
from innocounty.plans.models import Indicator, Plan, Task, Unit
from innocounty.reporting.models import Value
from tests.compare import first_difference
from tests.ops.test_backup import empty_everything as empty_database

FILES = {
    "a.txt": "中文内容\n".encode(),
    "evidence/2024/05/ab/report.pdf": b"%PDF-1.4 \x00\x01\x02 evidence",
    "evidence/2024/05/cd/photo.jpg": bytes(range(256)) * 300,  # more than one 64 KiB chunk
    "evidence/z.bin": b"",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()


@pytest.fixture
def populated(small_plan, office_user, reporter_a):
    indicator = small_plan.indicators.get(code="N01")
    Value.objects.create(indicator=indicator, period="2024", value=Decimal("2.6"))
    Value.objects.create(indicator=indicator, period="2024", value=Decimal("2.75"), version=2)
    Value.objects.create(indicator=indicator, period="2025", value=Decimal("-0.125"))
    small_plan.log_action("plans.plan.changed", user=office_user, data={"note": "改"})
    office_user.user_permissions.add(
        Permission.objects.get(codename="view_logentry", content_type__app_label="audit")
    )
    Group.objects.create(name="custom").permissions.add(
        Permission.objects.get(codename="change_plan")
    )
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content, name=name.rsplit("/", 1)[-1]))
    # A permission of a model that no longer exists cannot be named on the other side.
    gone = ContentType.objects.create(app_label="gone", model="oldthing")
    Permission.objects.create(codename="view_oldthing", name="old", content_type=gone)
    # A migration of an app that is no longer installed is not part of the schema.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('gone', '0001_x', %s)",
            [dt.datetime(2024, 1, 1)],
        )
    return small_plan


def _ms(row: dict[str, Any]) -> dict[str, Any]:
    """Datetimes to the millisecond: the precision the backup keeps (the docs say so)."""
    return {
        k: v.replace(microsecond=v.microsecond // 1000 * 1000) if isinstance(v, dt.datetime) else v
        for k, v in row.items()
    }


def _rows(model) -> list[dict[str, Any]]:
    return [_ms(r) for r in model._base_manager.order_by("pk").values()]


def facts() -> dict[str, Any]:
    """What the database holds, read here model by model (named by hand)."""
    return {
        "users": _rows(User),
        "user_permissions": sorted(
            (u.username, p.content_type.app_label, p.codename)
            for u in User.objects.all()
            for p in u.user_permissions.all()
        ),
        "groups": sorted(
            (
                g.name,
                sorted(p.codename for p in g.permissions.all()),
                sorted(g.user_set.values_list("username", flat=True)),
            )
            for g in Group.objects.all()
        ),
        "plans": _rows(Plan),
        "units": _rows(Unit),
        "unit_users": sorted(Unit.users.through.objects.values_list("unit_id", "user_id")),
        "tasks": _rows(Task),
        "indicators": _rows(Indicator),
        "values": _rows(Value),
        "log": [
            {**row, "content_type_id": _content_type(row["content_type_id"])}
            for row in _rows(LogEntry)
        ],
    }


def _content_type(pk: int | None) -> tuple[str, str] | None:
    """A content type by natural key: its id differs in every database."""
    return ContentType.objects.filter(pk=pk).values_list("app_label", "model").first()


def files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def empty_everything(media: Path) -> None:
    """A fresh install: no rows, no files, content types with other ids than before."""
    empty_database()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def nothing_there(media: Path) -> bool:
    return (
        not User.objects.exists()
        and not Plan.objects.exists()
        and not Value.objects.exists()
        and not LogEntry.objects.exists()
        and not Group.objects.exists()
        and files(media) == {}
    )


def _hmac(data: bytes, secret: str | None = None) -> str:
    salt = "innocounty.ops.backup.manifest"
    key = hashlib.sha256((salt + (secret or settings.BACKUP_SIGNING_KEY)).encode()).digest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- backup → restore gives back everything -------------------------------------------------


def test_a_restore_into_an_empty_database_gives_back_every_row_and_every_file(
    populated, media, tmp_path
):
    before = facts()
    assert len(before["users"]) == 2 and len(before["values"]) == 3 and len(before["log"]) >= 1
    assert files(media) == FILES
    path = tmp_path / "new" / "folder" / "b.zip"  # folders that do not exist yet

    made = backup_create(path=path)

    assert made.path == path and made.files == 4 and made.size == path.stat().st_size
    assert made.counts["auth.user"] == 2
    assert made.counts["reporting.value"] == 3
    assert made.counts["plans.task"] == 3
    assert made.counts["auth.group"] == Group.objects.count() == 6  # 5 roles and "custom"
    assert made.counts["audit.logentry"] == LogEntry.objects.count()
    assert [p.name for p in path.parent.iterdir()] == ["b.zip"]  # no temporary file left
    with zipfile.ZipFile(path) as z:
        raw = z.read("manifest.json")
        manifest = json.loads(raw)
        names = set(z.namelist())
        members = {n: z.read(n) for n in names}
        infos = {i.filename: i for i in z.infolist()}
    assert json.loads(members["manifest.sig"]) == {
        "algorithm": "HMAC-SHA256",
        "signature": _hmac(raw),
    }
    assert raw == json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    assert manifest["format"] == "innocounty-backup" and manifest["format_version"] == 1
    assert manifest["database"] == connection.vendor and manifest["serialization"] == "jsonl"
    assert manifest["files"] == 4 and manifest["app_version"] not in ("", "unknown")
    created = dt.datetime.fromisoformat(manifest["created"])
    assert manifest["created"].endswith("+08:00") and created.microsecond == 0
    assert abs((created - dt.datetime.now(dt.UTC)).total_seconds()) < 600
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = sorted(f"{a}.{n}" for a, n in cursor.fetchall())
    assert "gone.0001_x" in applied and "plans.0001_initial" in applied
    assert manifest["migrations"] == [m for m in applied if m != "gone.0001_x"]
    perm_lines = members[_member(manifest, "auth.permission")].decode().splitlines()
    perm_keys = [
        (*json.loads(line)["fields"]["content_type"], json.loads(line)["fields"]["codename"])
        for line in perm_lines
    ]
    assert perm_keys == sorted(perm_keys) and len(perm_keys) == Permission.objects.count() - 1
    assert all(k[0] != "gone" for k in perm_keys) and ("audit", "logentry", "view_logentry") in (
        perm_keys
    )
    for name, content in FILES.items():
        assert members["files/" + name] == content
        assert manifest["members"]["files/" + name] == _sha(content)
        assert infos["files/" + name].compress_type == zipfile.ZIP_DEFLATED
    assert set(manifest["members"]) == names - {"manifest.json", "manifest.sig"}
    labels = [e["model"] for e in manifest["models"]]
    assert labels[0] == "contenttypes.contenttype"
    assert labels.index("auth.user") < labels.index("plans.unit")  # Unit.users names users
    assert "sessions.session" not in labels and "authtoken.token" not in labels
    for number, entry in enumerate(manifest["models"], start=1):
        member = entry["member"]
        assert member == f"data/{number:03d}-{entry['model']}.jsonl"
        assert manifest["members"][member] == _sha(members[member])
        assert manifest["counts"][entry["model"]] == entry["count"]
        lines = members[member].decode().splitlines()
        assert len(lines) == entry["count"]
        assert all(json.loads(line)["model"] == entry["model"] for line in lines)
    value_lines = [
        json.loads(x) for x in members[_member(manifest, "reporting.value")].splitlines()
    ]
    assert [(v["pk"], v["fields"]["value"]) for v in value_lines] == [
        (r["id"], str(r["value"])) for r in before["values"]
    ]
    ct_lines = members[_member(manifest, "contenttypes.contenttype")].decode().splitlines()
    ct_keys = [tuple(json.loads(line)["fields"].values()) for line in ct_lines]
    assert ct_keys == sorted(ct_keys) and all("pk" not in json.loads(x) for x in ct_lines)
    user_line = json.loads(members[_member(manifest, "auth.user")].split(b"\n")[0])
    assert user_line["pk"] == before["users"][0]["id"]  # data rows keep their ids

    empty_everything(media)
    assert nothing_there(media)

    result = backup_restore(path=path)

    assert first_difference(facts(), before) is None
    assert files(media) == FILES
    assert result.counts == manifest["counts"] and result.files == 4
    assert result.migrated is False and result.signed is True
    assert result.manifest["signed"] is True and result.manifest["members"] == manifest["members"]
    assert User.objects.get(username="office").check_password("pw-for-tests-123")
    assert User.objects.get(username="office").has_perm("audit.view_logentry")
    # New rows get ids above the restored ones.
    assert User.objects.create_user("newcomer").pk > max(u["id"] for u in before["users"])
    assert populated.log_action("plans.plan.viewed").pk > max(e["id"] for e in before["log"])
    # And backing up again gives the same rows (the archive's data members, byte for byte).
    again = backup_create(path=tmp_path / "again.zip")
    assert again.counts["auth.user"] == 3


def _member(manifest: dict[str, Any], label: str) -> str:
    return next(e["member"] for e in manifest["models"] if e["model"] == label)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(populated, media, tmp_path):
    path = tmp_path / "b.zip"
    backup_create(path=path)
    expected, expected_files = facts(), files(media)
    Value.objects.filter(period="2025").delete()
    User.objects.create_user("intruder")
    default_storage.save("stray/x.txt", ContentFile(b"not in the backup"))
    before, before_files = facts(), files(media)

    with pytest.raises(BackupError) as caught:
        backup_restore(path=path)
    message = str(caught.value)
    assert message.startswith("数据库不是空的（") and message.endswith("确认替换请加 --force。")
    assert "用户（auth.user）3 条" in message and "文件 5 个" in message
    assert "reporting.value）2 条、" in message and " 条、文件 5 个）；" in message
    assert first_difference(facts(), before) is None and files(media) == before_files

    told = []
    result = backup_restore(path=path, force=True, announce=told.append)
    assert (
        first_difference(facts(), expected) is None and files(media) == expected_files
    )  # the stray file is gone
    assert result.files == 4
    assert len(told) == 1 and told[0].files == 5 and told[0].rows["auth.user"] == 3
    assert told[0].rows["reporting.value"] == 2 and not told[0].empty

    # Files alone make the storage not empty; rows alone the database.
    empty_everything(media)
    default_storage.save("only.txt", ContentFile(b"x"))
    with pytest.raises(BackupError, match=r"^数据库不是空的（文件 1 个）"):
        backup_restore(path=path)
    assert files(media) == {"only.txt": b"x"} and not User.objects.exists()
    default_storage.delete("only.txt")
    Group.objects.create(name="g")
    with pytest.raises(BackupError, match=r"^数据库不是空的（组（auth\.group）1 条）"):
        backup_restore(path=path)
    Group.objects.all().delete()
    told.clear()
    backup_restore(path=path, force=True, announce=told.append)  # empty: nothing to announce
    assert (
        told == []
        and first_difference(facts(), expected) is None
        and files(media) == expected_files
    )


def test_a_restore_drops_sessions_and_api_tokens_and_keeps_them_out_of_the_archive(
    populated, media, tmp_path, client
):
    from django.contrib.sessions.models import Session
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=User.objects.get(username="office"))
    client.force_login(User.objects.get(username="office"))
    assert Session.objects.exists()
    path = tmp_path / "b.zip"
    backup_create(path=path)
    with zipfile.ZipFile(path) as z:
        assert all(token.key.encode() not in z.read(n) for n in z.namelist())
    backup_restore(path=path, force=True)
    assert not Token.objects.exists() and not Session.objects.exists()
    assert User.objects.filter(username="office").exists()


# --- a bad archive changes nothing --------------------------------------------------------


def _rewrite(path: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
    return target


def _resigned(path: Path, target: Path, edit: Callable[[dict], Any] | None = None, **more):
    """A copy of the archive with its manifest edited and signed again with the key (as
    someone holding the key could): only the checks after the signature can refuse it.
    `more` maps member names to new contents (None: left out); checksums are fixed."""
    with zipfile.ZipFile(path) as src:
        manifest = json.loads(src.read("manifest.json"))
        contents = {i.filename: src.read(i.filename) for i in src.infolist()}
    for name, data in more.items():
        name = name.replace("__", "/").replace("_DOT_", ".")
        if data is None:
            contents.pop(name, None)
        else:
            contents[name] = data
            manifest["members"][name] = _sha(data)
    if edit is not None:
        edit(manifest)
    raw = json.dumps(manifest, ensure_ascii=False).encode()
    contents["manifest.json"] = raw
    contents["manifest.sig"] = json.dumps(
        {"algorithm": "HMAC-SHA256", "signature": _hmac(raw)}
    ).encode()
    with zipfile.ZipFile(target, "w") as dst:
        for name, data in contents.items():
            dst.writestr(name, data)
    return target


def test_a_bad_archive_is_refused_with_its_reason_and_changes_nothing(populated, media, tmp_path):
    good = tmp_path / "good.zip"
    backup_create(path=good)
    with zipfile.ZipFile(good) as z:
        manifest = json.loads(z.read("manifest.json"))
        value_member = _member(manifest, "reporting.value")
        values = z.read(value_member)
    expected = facts()
    t = tmp_path
    garbage = t / "garbage.zip"
    garbage.write_bytes(b"this is not a zip file at all")
    truncated = t / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    other = t / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    as_dir = t / "folder.zip"
    as_dir.mkdir()

    def manifest_only(name: str, text: str) -> Path:
        target = t / name
        with zipfile.ZipFile(target, "w") as z:
            z.writestr("manifest.json", text)
        return target

    def edit(name: str, change: Callable[[dict], Any]) -> Path:
        return _resigned(good, t / name, change)

    def sig(name: str, text: str | None) -> Path:
        return _rewrite(
            good, t / name, lambda n, d: (text and text.encode()) if n == "manifest.sig" else d
        )

    crc = manifest_only("crc.zip", '{"format": "innocounty-backup"}')
    crc.write_bytes(crc.read_bytes().replace(b"innocounty-backup", b"innocounty-backuq"))
    version = backup._app_version()
    bad: list[tuple[Path, str]] = [
        (t / "nowhere.zip", f"找不到备份文件 {t / 'nowhere.zip'}。"),
        (as_dir, f"找不到备份文件 {as_dir}。"),
        (garbage, f"{garbage} 不是 innocounty 备份文件（无法按 zip 读取，文件可能已损坏）。"),
        (truncated, f"{truncated} 不是 innocounty 备份文件（无法按 zip 读取，文件可能已损坏）。"),
        (other, f"{other} 不是 innocounty 备份文件（缺少 manifest.json）。"),
        (
            manifest_only("foreign.zip", '{"format": "something-else"}'),
            f"{t / 'foreign.zip'} 不是 innocounty 备份文件（缺少 manifest.json）。",
        ),
        (
            manifest_only("list.zip", '["innocounty-backup"]'),
            f"{t / 'list.zip'} 不是 innocounty 备份文件（缺少 manifest.json）。",
        ),
        (manifest_only("json.zip", "{not json"), "备份清单 manifest.json 已损坏，无法读取。"),
        (crc, f"{crc} 不是 innocounty 备份文件（无法按 zip 读取，文件可能已损坏）。"),
        (
            edit("v2.zip", lambda m: m.update(format_version=2, app_version="9.9")),
            f"备份格式版本 2 不受支持：本版本（innocounty {version}）只能恢复格式版本 1；"
            "请用创建该备份的 innocounty 9.9 恢复。",
        ),
        (
            edit("v0.zip", lambda m: (m.update(format_version=None), m.pop("app_version"))),
            f"备份格式版本 None 不受支持：本版本（innocounty {version}）只能恢复格式版本 1；"
            "请用创建该备份的 innocounty ? 恢复。",
        ),
        (edit("nomembers.zip", lambda m: m.pop("members")), "备份清单 manifest.json 已损坏"),
        (edit("nomodels.zip", lambda m: m.pop("models")), "备份清单 manifest.json 已损坏"),
        (
            edit("count.zip", lambda m: m["models"][0].update(count="many")),
            "备份清单 manifest.json 已损坏",
        ),
        (
            edit("entry.zip", lambda m: m["models"][0].pop("member")),
            "备份清单 manifest.json 已损坏",
        ),
        (edit("entries.zip", lambda m: m.update(models=[1])), "备份清单 manifest.json 已损坏"),
        (
            edit("migrations.zip", lambda m: m.update(migrations=7)),
            "备份清单 manifest.json 已损坏",
        ),
        (sig("unsigned.zip", None), backup.BACKUP_UNSIGNED),
        (sig("sig-garbage.zip", "not json"), backup.BACKUP_BAD_SIGNATURE),
        (sig("sig-list.zip", "[1]"), backup.BACKUP_BAD_SIGNATURE),
        (
            sig("sig-int.zip", '{"algorithm": "HMAC-SHA256", "signature": 5}'),
            backup.BACKUP_BAD_SIGNATURE,
        ),
        (
            sig(
                "sig-algo.zip",
                json.dumps({"algorithm": "MD5", "signature": _hmac(_raw_manifest(good))}),
            ),
            backup.BACKUP_BAD_SIGNATURE,
        ),
        (
            sig(
                "sig-wrong.zip",
                json.dumps({"algorithm": "HMAC-SHA256", "signature": _hmac(b"other")}),
            ),
            backup.BACKUP_BAD_SIGNATURE,
        ),
        (
            _rewrite(
                good,
                t / "tampered.zip",
                lambda n, d: d.replace(b"2.6", b"9.6") if n == value_member else d,
            ),
            f"备份文件已损坏或被改动：{value_member} 的 SHA-256 校验值不符。",
        ),
        (
            _resigned(good, t / "extra.zip", data__999_DOT_jsonl=b""),
            "备份文件已被改动：包含清单之外的 data/999.jsonl。",
        ),
        (
            _unlisted(good, t / "unlisted.zip"),
            "备份文件已被改动：包含清单之外的 files/zz-unlisted.txt。",
        ),
        (
            _resigned(good, t / "missing.zip", **{value_member.replace("/", "__"): None}),
            f"备份文件不完整：缺少 {value_member}。",
        ),
        (
            _resigned(good, t / "missing-file.zip", **{"files__a_DOT_txt": None}),
            "备份文件不完整：缺少 files/a.txt。",
        ),
        (
            edit(
                "unknown-model.zip",
                lambda m: m["models"].append(
                    {"model": "plans.nosuchmodel", "member": value_member, "count": 3}
                ),
            ),
            "备份含有本版本没有的数据表 plans.nosuchmodel（备份来自 innocounty "
            f"{manifest['app_version']}）；请先升级 innocounty。",
        ),
        (
            edit(
                "no-app.zip",
                lambda m: m["models"].append({"model": "x", "member": value_member, "count": 3}),
            ),
            "备份含有本版本没有的数据表 x（",
        ),
        (
            edit("newer.zip", lambda m: m["migrations"].append("plans.9999_future")),
            f"备份来自更新的 innocounty {manifest['app_version']}（数据库结构 "
            "plans.9999_future 本版本没有）；请先升级 innocounty。",
        ),
        (
            edit("newer-app.zip", lambda m: m["migrations"].append("nosuchapp.0001_initial")),
            "数据库结构 nosuchapp.0001_initial 本版本没有",
        ),
        (
            edit("count-lines.zip", lambda m: _set_count(m, "reporting.value", 4)),
            "备份文件已损坏：reporting.value 应有 4 条记录，实际 3 条。",
        ),
        (
            # The same row twice: 4 lines as the manifest says, but 3 rows once loaded.
            _resigned(
                good,
                t / "twice.zip",
                lambda m: _set_count(m, "reporting.value", 4),
                **{value_member.replace("/", "__"): values + values.splitlines(True)[0]},
            ),
            "备份文件已损坏：reporting.value 应有 4 条记录，实际 3 条。",
        ),
    ]
    for name in ("files//x", "files/a\\b", "files/./x", "files/../x", "files/a//b", "files/a/.."):
        bad.append(
            (
                _resigned(good, t / f"unsafe{len(bad)}.zip", **{name.replace("/", "__"): b"x"}),
                f"备份文件已被改动：不安全的文件名 {name}。",
            )
        )
    # The last: a line that cannot be restored, named by member and line.
    broken = values.splitlines(keepends=True)
    broken[1] = b'{"model": "reporting.value", "pk": 2, "fields": {"value": \n'
    bad.append(
        (
            _resigned(
                good, t / "broken.zip", **{value_member.replace("/", "__"): b"".join(broken)}
            ),
            f"备份文件 {value_member} 第 2 行无法恢复：",
        )
    )
    # Values whose indicators the archive does not hold: loaded, then the constraint check
    # refuses them and the whole load is rolled back.
    bad.append(
        (
            _resigned(
                good,
                t / "orphan.zip",
                lambda m: _set_count(m, "plans.indicator", 0),
                **{_member(manifest, "plans.indicator").replace("/", "__"): b""},
            ),
            "恢复失败，数据库没有任何改动：",
        )
    )

    empty_everything(media)
    for path, message in bad:
        with pytest.raises(BackupError) as caught:
            backup_restore(path=path, force=True)
        text = str(caught.value)
        assert "\n" not in text, path.name
        assert text.startswith(message) or (message and message in text), (path.name, text)
        assert nothing_there(media), path.name
        assert not (tmp_path / "x").exists()
        if path.name == "broken.zip":
            # The line's own problem, from the JSON reader, not an empty or "None" reason.
            assert re.search(r"Expecting|Unterminated|JSON", text.removeprefix(message)), text
        if path.name == "orphan.zip":
            # The reason is the database's own, on one line: a broken foreign key.
            assert re.search(r"(?i)foreign key", text.removeprefix(message)), text

    # Verifying on its own refuses an unsigned archive too, unless told to trust it.
    unsigned = sig("unsigned-again.zip", None)
    with zipfile.ZipFile(unsigned) as z, pytest.raises(BackupError, match="没有签名"):
        backup.backup_verify(archive=z, path=unsigned)
    with zipfile.ZipFile(unsigned) as z:
        assert (
            backup.backup_verify(archive=z, path=unsigned, trust_unsigned=True)["signed"] is False
        )

    # The good archive still restores after all that, and so does an unsigned one when the
    # operator says it is trusted (every other check still applies).
    result = backup_restore(path=unsigned, trust_unsigned=True)
    assert result.signed is False and result.manifest["signed"] is False
    assert first_difference(facts(), expected) is None and files(media) == FILES
    empty_everything(media)
    result = backup_restore(path=good)
    assert result.signed is True and first_difference(facts(), expected) is None

    # Users loaded last: the rows naming them by natural key wait for them (deferred), and a
    # folder entry in the zip is no member.
    def users_last(m: dict) -> None:
        m["models"].sort(key=lambda e: e["model"] == "auth.user")

    reordered = _resigned(good, t / "users-last.zip", users_last)
    with zipfile.ZipFile(reordered, "a") as z:
        z.writestr(zipfile.ZipInfo("files/folder/"), b"")
    empty_everything(media)
    backup_restore(path=reordered)
    assert first_difference(facts(), expected) is None and files(media) == FILES


def _raw_manifest(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("manifest.json")


def _set_count(manifest: dict[str, Any], label: str, count: int) -> None:
    for entry in manifest["models"]:
        if entry["model"] == label:
            entry["count"] = count
    manifest["counts"][label] = count


def _unlisted(good: Path, target: Path) -> Path:
    path = _rewrite(good, target, lambda n, d: d)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("files/zz-unlisted.txt", b"x")
    return path


# --- failures while writing files or the archive ----------------------------------------


def test_a_restore_that_fails_on_a_file_changes_nothing(populated, media, tmp_path, monkeypatch):
    path = tmp_path / "b.zip"
    backup_create(path=path)
    expected, expected_files = facts(), files(media)
    saved: list[str] = []
    real_save = default_storage.save

    def full_disk(name, content, **kwargs):
        if saved:
            raise OSError("disk full\nmore detail")
        saved.append(name)
        return real_save(name, content, **kwargs)

    empty_everything(media)
    monkeypatch.setattr(default_storage, "save", full_disk)
    with pytest.raises(BackupError) as caught:
        backup_restore(path=path)
    # The second file fails; the first, written already, is removed again.
    assert str(caught.value) == (
        "恢复文件 files/evidence/2024/05/ab/report.pdf 失败，数据库没有任何改动：disk full"
    )
    assert saved == ["a.txt"] and nothing_there(media)
    monkeypatch.undo()

    # A storage that keeps a file under another name: refused, and nothing is left.
    monkeypatch.setattr(
        default_storage, "save", lambda name, content, **kw: real_save("x-" + name, content, **kw)
    )
    with pytest.raises(BackupError) as caught:
        backup_restore(path=path)
    assert str(caught.value) == "恢复文件 a.txt 失败，数据库没有任何改动：存储改名为 x-a.txt"
    assert nothing_there(media)
    monkeypatch.undo()
    backup_restore(path=path)
    assert first_difference(facts(), expected) is None and files(media) == expected_files


def test_a_forced_restore_that_fails_on_a_file_keeps_the_files_that_were_there(
    populated, media, tmp_path, monkeypatch
):
    path = tmp_path / "b.zip"
    backup_create(path=path)
    before = files(media)
    assert len(before) >= 2  # one file replaced, then the next one fails
    real_save = default_storage.save
    saves = []

    def second_file_fails(name, content, **kw):
        if not name.endswith(".before-restore"):
            saves.append(name)
            if len(saves) == 2:
                raise OSError("磁盘已满")
        return real_save(name, content, **kw)

    monkeypatch.setattr(default_storage, "save", second_file_fails)
    with pytest.raises(BackupError, match="磁盘已满"):
        backup_restore(path=path, force=True)
    assert files(media) == before  # the replaced first file given back, no copy left over


def test_a_backup_that_cannot_be_written_or_read_leaves_no_file(
    populated, media, tmp_path, monkeypatch
):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(BackupError, match=r"^无法写入备份文件 .*a-file/b\.zip："):
        backup_create(path=blocker / "b.zip")

    def fail(message):
        def raising(using):
            raise DatabaseError(message)

        return raising

    out = tmp_path / "out"
    monkeypatch.setattr(backup, "_applied_migrations", fail("no such table: x\nat line 2"))
    with pytest.raises(BackupError) as caught:
        backup_create(path=out / "b.zip")
    assert str(caught.value) == (
        "读取数据库失败：no such table: x（数据库尚未初始化？请先运行 innocounty migrate。）"
    )
    monkeypatch.setattr(backup, "_applied_migrations", fail('relation "x" does not exist'))
    with pytest.raises(BackupError, match="请先运行 innocounty migrate"):
        backup_create(path=out / "b.zip")
    monkeypatch.setattr(backup, "_applied_migrations", fail("disk I/O error"))
    with pytest.raises(BackupError) as caught:
        backup_create(path=out / "b.zip")
    assert str(caught.value) == "读取数据库失败：disk I/O error"

    def broken_storage(storage, path=""):
        raise OSError(28, "No space left on device")

    monkeypatch.undo()
    monkeypatch.setattr(backup, "_storage_files", broken_storage)
    with pytest.raises(BackupError) as caught:
        backup_create(path=out / "b.zip")
    assert str(caught.value) == f"无法写入备份文件 {out / 'b.zip'}：No space left on device"

    def interrupted(storage, path=""):
        raise KeyboardInterrupt

    monkeypatch.setattr(backup, "_storage_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        backup_create(path=out / "b.zip")
    assert list(out.iterdir()) == []  # no archive, no temporary file


def test_an_empty_installation_backs_up_and_restores_with_no_media_folder(db, media, tmp_path):
    call_command("flush", interactive=False, verbosity=0)
    assert not media.exists()
    path = tmp_path / "b.zip"
    made = backup_create(path=path)
    assert made.files == 0 and made.counts["auth.user"] == 0
    plan = backup.restore_plan()
    assert plan.empty and plan.rows == {} and plan.files == 0 and plan.summary() == ""
    result = backup_restore(path=path)
    assert result.files == 0 and not User.objects.exists()


def test_the_signature_key_is_backup_signing_key_else_the_secret_key(settings):
    assert backup.backup_signature(b"m") == _hmac(b"m", settings.BACKUP_SIGNING_KEY)
    assert backup.backup_signature(b"m", key="k") == _hmac(b"m", "k")
    settings.BACKUP_SIGNING_KEY = "the-county-key"
    assert backup.backup_signature(b"m") == _hmac(b"m", "the-county-key")
    settings.BACKUP_SIGNING_KEY = ""
    assert backup.backup_signature(b"m") == _hmac(b"m", settings.SECRET_KEY)
    del settings.BACKUP_SIGNING_KEY
    assert backup.backup_signature(b"m") == _hmac(b"m", settings.SECRET_KEY)
    assert _hmac(b"m", settings.SECRET_KEY) != _hmac(b"m", "the-county-key")


def test_the_app_version_is_the_installed_package_or_unknown(monkeypatch):
    from importlib import metadata

    assert backup._app_version() == metadata.version("innocounty")

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(backup.metadata, "version", missing)
    assert backup._app_version() == "unknown"


def test_a_member_read_in_many_chunks_is_counted_whole(populated, media, tmp_path, monkeypatch):
    """Lines are counted across the chunks a member is read in (64 KiB in use; 7 bytes here,
    so every member spans many): a good archive still verifies and restores."""
    good = tmp_path / "good.zip"
    backup_create(path=good)
    expected = facts()
    monkeypatch.setattr(backup, "CHUNK", 7)
    empty_everything(media)
    result = backup_restore(path=good)
    assert result.signed is True and first_difference(facts(), expected) is None


def test_one_line_is_the_first_line_or_the_errors_name():
    assert backup._one_line(ValueError("first\nsecond")) == "first"
    assert backup._one_line(ValueError("  ")) == "ValueError"
    assert backup._one_line(KeyError()) == "KeyError"


@pytest.mark.django_db(transaction=True)
def test_migrate_if_needed_applies_what_is_missing_quietly_and_says_so(capsys):
    """A database one migration behind (the province's method rankings taken back): the
    restore's first step applies it, prints nothing, and says it did; then there is nothing
    left to apply."""
    call_command("migrate", "province", "0003", verbosity=0)
    assert "province_methodranking" not in connection.introspection.table_names()
    capsys.readouterr()
    assert backup.migrate_if_needed() is True
    assert capsys.readouterr().out == ""
    assert "province_methodranking" in connection.introspection.table_names()
    assert backup.migrate_if_needed() is False


def _damaged(good: Path, target: Path, member: str, how: str) -> Path:
    """`good` with `member` damaged as a disk or a transfer would, deterministically:
    "stream" makes its deflate stream start with a block of the reserved type (zlib fails),
    "crc" changes the CRC-32 the central directory records for it (zipfile fails)."""
    with zipfile.ZipFile(good) as z:
        info = z.getinfo(member)
    data = bytearray(good.read_bytes())
    if how == "stream":
        # The local header: 30 bytes, the name and the extra field, then the data.
        at = info.header_offset
        name_length = int.from_bytes(data[at + 26 : at + 28], "little")
        extra_length = int.from_bytes(data[at + 28 : at + 30], "little")
        data[at + 30 + name_length + extra_length] |= 0b110  # BTYPE 11: reserved
    else:
        central = data.rfind(b"PK\x01\x02", 0, data.rindex(member.encode()))
        data[central + 16] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("how", ["stream", "crc"])
def test_a_member_damaged_inside_the_zip_is_named_and_changes_nothing(
    populated, media, tmp_path, how
):
    """A member's bytes damaged (not an edit: the zip itself is broken), whether the damage
    shows in the decompression or in the CRC: the restore refuses the archive, naming the
    member, and nothing changes."""
    good = tmp_path / "good.zip"
    backup_create(path=good)
    with zipfile.ZipFile(good) as z:
        member = _member(json.loads(z.read("manifest.json")), "reporting.value")
    damaged = _damaged(good, tmp_path / "damaged.zip", member, how)
    empty_everything(media)
    with pytest.raises(BackupError) as caught:
        backup_restore(path=damaged, force=True)
    assert str(caught.value) == f"备份文件已损坏或被改动：{member} 的 SHA-256 校验值不符。"
    assert nothing_there(media)


@pytest.mark.parametrize("how", ["stream", "crc"])
def test_a_manifest_damaged_inside_the_zip_is_refused_as_not_a_backup(
    populated, media, tmp_path, how
):
    good = tmp_path / "good.zip"
    backup_create(path=good)
    damaged = _damaged(good, tmp_path / "damaged.zip", "manifest.json", how)
    empty_everything(media)
    with pytest.raises(BackupError) as caught:
        backup_restore(path=damaged, force=True)
    expected = f"{damaged} 不是 innocounty 备份文件（无法按 zip 读取，文件可能已损坏）。"
    assert str(caught.value) == expected
    assert nothing_there(media)
