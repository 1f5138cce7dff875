"""`innocounty backup` and `innocounty restore` as an operator runs them: separate processes."""

from __future__ import annotations

from innocounty.core.planfile import shipped_plan_path
from tests.console import run_console

run = run_console


def test_a_backup_restores_into_a_fresh_install_that_was_never_migrated(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    assert run(["migrate", "-v0"], source).returncode == 0
    loaded = run(["load-plan", str(shipped_plan_path("qianjiang-2023"))], source)
    assert loaded.returncode == 0, loaded.stderr
    (source / "media" / "evidence").mkdir(parents=True)
    (source / "media" / "evidence" / "a.pdf").write_bytes(b"%PDF evidence")

    key = {"BACKUP_SIGNING_KEY": "county-backup-key-for-tests"}
    made = run(["backup", "-o", str(tmp_path / "b.zip")], source, **key)
    assert made.returncode == 0, made.stderr
    assert "已备份到" in made.stdout

    # The new server has its own generated SECRET_KEY: without the backup key, refused.
    refused = run(["restore", str(tmp_path / "b.zip")], target)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        "CommandError: 备份文件签名不符：它不是用本机的签名密钥（BACKUP_SIGNING_KEY，未设置时为 "
        "SECRET_KEY）创建的，或创建后被改动过；请设置创建该备份时的密钥，或确认来源可信后加 "
        "--trust-unsigned 恢复。"
    ]
    restored = run(["restore", str(tmp_path / "b.zip")], target, **key)
    assert restored.returncode == 0, restored.stderr
    assert "已从" in restored.stdout
    exported = [run(["export-plan", "--json"], d).stdout for d in (source, target)]
    assert exported[0] and exported[0] == exported[1]
    assert (target / "media" / "evidence" / "a.pdf").read_bytes() == b"%PDF evidence"


def test_errors_are_one_chinese_line_without_a_traceback(tmp_path):
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip")
    for args, message in [
        (["restore", str(garbage)], "不是 innocounty 备份文件"),
        (["restore", str(tmp_path / "none.zip")], "找不到备份文件"),
        (["backup", "-o", str(tmp_path / "b.zip")], "请先运行 innocounty migrate"),
    ]:
        result = run(args, tmp_path / "data")
        assert result.returncode != 0
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_trust_unsigned_restores_an_archive_signed_elsewhere_with_a_warning(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    assert run(["migrate", "-v0"], source).returncode == 0
    assert run(["backup", "-o", str(tmp_path / "b.zip")], source).returncode == 0
    restored = run(["restore", "--trust-unsigned", str(tmp_path / "b.zip")], target)
    assert restored.returncode == 0, restored.stderr
    assert "已从" in restored.stdout
    assert "签名未通过验证" in restored.stderr


# Runs in its own process on a SQLite file: halfway through the backup (rows read, files not
# yet), another connection tries to take the write lock at once.
DURING_BACKUP = """
import sqlite3, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from innocounty.ops import backup

call_command("migrate", verbosity=0)
files = backup._storage_files
seen = []

def probe(storage, path=""):
    other = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        seen.append("free")
    except sqlite3.OperationalError as exc:
        seen.append(str(exc))
    finally:
        other.close()
    return files(storage, path)

backup._storage_files = probe
backup.backup_create(path=sys.argv[1])
print(seen[0])
"""


def test_a_backup_on_sqlite_does_not_hold_the_write_lock(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": ""}
    env["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    result = subprocess.run(
        [sys.executable, "-c", DURING_BACKUP, str(tmp_path / "b.zip")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "free"
    assert (tmp_path / "b.zip").exists()
