"""One bulletin through LibreOffice to PDF and through pdftoppm to PNG, for a person to look at.

Skipped when LibreOffice is missing, except in CI (env var CI set), where it must run.
The pages go to test-artifacts/bulletin/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.pdf import docx_to_pdf, soffice_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "bulletin"

pytestmark = pytest.mark.django_db


@pytest.fixture
def tools():
    missing = [
        name
        for name, found in (("soffice", soffice_path()), ("pdftoppm", shutil.which("pdftoppm")))
        if not found
    ]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"required in CI but missing: {', '.join(missing)}")
        pytest.skip(f"not installed: {', '.join(missing)}")


def test_the_bulletin_converts_to_pdf_and_png(tools, bulletin):
    pdf = docx_to_pdf(bulletin_docx(bulletin)[0])
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "bulletin.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", str(ARTIFACTS / "bulletin.pdf"), str(ARTIFACTS / "page")],
        check=True,
        timeout=120,
    )
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) >= 3
    text = (
        subprocess.run(
            ["pdftotext", "-layout", str(ARTIFACTS / "bulletin.pdf"), "-"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if shutil.which("pdftotext")
        else ""
    )
    if text:
        assert "一、总体情况" in text
        assert re.search(r"—\s*1\s*—", text)
        assert re.search(r"—\s*2\s*—", text)
