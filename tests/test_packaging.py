"""`pip install .` (not editable) ships everything the site needs: templates, static files,
translations, the plan files and the vendored scripts with their licences."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_the_files_the_site_needs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("innocounty-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ROOT.joinpath("innocounty").rglob("*"):
        relative = path.relative_to(ROOT).as_posix()
        if path.is_dir() or "__pycache__" in relative or "/var/" in relative:
            continue
        if "plan_files" in relative:
            continue
        assert relative in names, f"{relative} is missing from the wheel"
    for name in ("qianjiang-2023.yaml", "qianjiang-2023.errata.yaml", "qianjiang-2023.source.txt"):
        assert f"innocounty/plan_files/{name}" in names
