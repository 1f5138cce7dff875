"""The console script, run as a user runs it: a separate process on a fresh data folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from innocounty.core.planfile import load_plan_file, shipped_plan_path
from tests.console import run_console

run = run_console


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    result = run(["demo", "--no-serve"], data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_demo_prepares_the_database_and_prints_the_accounts(demo_dir):
    result = run(["demo", "--no-serve"], demo_dir)  # a second run is harmless
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "潜江国家创新型县（市）建设实施方案" in out
    assert "demo12345" in out
    for account in ("office", "leader", "unit01"):
        assert f"  {account} " in out
    assert (demo_dir / "innocounty.sqlite3").exists()
    # Without --counties the demo stays one county: no region, no province account.
    with sqlite3.connect(demo_dir / "innocounty.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM plans_region").fetchone() == (0,)
        assert db.execute("SELECT key, county_id FROM plans_plan").fetchall() == [
            ("qianjiang-2023", None)
        ]
    assert "  province " not in out


def test_export_plan_after_demo_gives_the_whole_plan_as_shipped(demo_dir):
    result = run(["export-plan", "--json"], demo_dir)
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    shipped = load_plan_file(shipped_plan_path("qianjiang-2023"))
    assert exported == shipped.to_contract()
    assert list(exported)[:8] == [
        "title",
        "doc_number",
        "date",
        "programs",
        "indicators",
        "main_targets",
        "units",
        "findings",
    ]
    assert len(exported["programs"]) == 6
    assert sum(len(p["tasks"]) for p in exported["programs"]) == 28
    assert len(exported["indicators"]) == 21


def test_export_plan_names_the_plans_it_knows_when_asked_for_another(demo_dir):
    result = run(["export-plan", "--plan", "nowhere-2020"], demo_dir)
    assert result.returncode != 0
    assert "找不到方案“nowhere-2020”" in result.stderr
    assert "qianjiang-2023" in result.stderr
    assert "Traceback" not in result.stderr


def test_load_plan_of_the_shipped_file_changes_nothing_after_demo(demo_dir):
    result = run(["load-plan", str(shipped_plan_path("qianjiang-2023"))], demo_dir)
    assert result.returncode == 0, result.stderr
    assert "没有变化" in result.stdout


def test_a_missing_plan_file_is_a_one_line_error(demo_dir):
    result = run(["load-plan", "/nonexistent/plan.yaml"], demo_dir)
    assert result.returncode != 0
    assert "找不到方案文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_create_token_prints_a_token_for_a_demo_account(demo_dir):
    result = run(["create-token", "leader"], demo_dir)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert len(token) == 40 and token.isalnum()
    result = run(["create-token", "nobody"], demo_dir)
    assert result.returncode != 0
    assert "找不到用户“nobody”" in result.stderr
    assert "Traceback" not in result.stderr


def test_other_subcommands_go_to_django(tmp_path):
    result = run(["check"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
