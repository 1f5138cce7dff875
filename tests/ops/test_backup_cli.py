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

    made = run(["backup", "-o", str(tmp_path / "b.zip")], source)
    assert made.returncode == 0, made.stderr
    assert "已备份到" in made.stdout

    restored = run(["restore", str(tmp_path / "b.zip")], target)
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
