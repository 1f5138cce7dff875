"""`innocounty parse` as run by the console script: exit codes, JSON contract, one-line errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

from innocounty.core.parser.cli import run
from innocounty.core.parser.regenerate import PLANS_DIR
from innocounty.core.planfile import load_plan_file

SEED = PLANS_DIR / "qianjiang-2023.source.txt"
ERRATA = PLANS_DIR / "qianjiang-2023.errata.yaml"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return run(list(argv), out, err), out.getvalue(), err.getvalue()


def test_it_prints_the_contract_as_json() -> None:
    code, out, err = _run(str(SEED), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data)[:8] == [
        "title", "doc_number", "date", "programs", "indicators", "main_targets", "units", "findings",
    ]  # fmt: skip
    assert data["doc_number"] == "潜政发〔2023〕12号"
    assert len([t for p in data["programs"] for t in p["tasks"]]) == 28
    assert data["indicators"][13]["direction"] == "lower"
    assert data["indicators"][13]["targets"][1] == {"year": 2024, "kind": "target", "value": 0.485}
    assert {"各区、镇、街道", "相关区、镇、街道"} <= {u["name"] for u in data["units"]}
    assert all(set(f) == {"kind", "message", "line"} for f in data["findings"])


def test_it_writes_yaml_with_the_errata(tmp_path: Path) -> None:
    out_path = tmp_path / "plan.yaml"
    code, out, err = _run(str(SEED), "-o", str(out_path), "--errata", str(ERRATA))
    assert (code, out, err) == (0, "", "")
    assert load_plan_file(out_path).key == "qianjiang-2023"


def test_a_bad_file_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = _run(str(path), "--json")
    assert code == 1
    assert out == ""
    assert err == f"{path}: 不是文本文件（含二进制内容）\n"


def test_bad_usage_exits_2_with_one_line() -> None:
    code, _, err = _run("--bogus")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("用法错误")


def test_a_bad_errata_file_is_one_line(tmp_path: Path) -> None:
    errata = tmp_path / "e.yaml"
    errata.write_text("tasks:\n  99: {title: x}\n", encoding="utf-8")
    code, _, err = _run(str(SEED), "--errata", str(errata))
    assert code == 1
    assert err == f"{errata}: tasks.99：方案中没有任务 99\n"
