from __future__ import annotations

from pathlib import Path

import pytest

DOCUMENTS = Path(__file__).parent / "documents"


@pytest.fixture(scope="session")
def tongshan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .docx test document, built by the script committed beside the others."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_tongshan_docx", DOCUMENTS / "make_tongshan_docx.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("docx") / "tongshan-2023.docx")


def _soffice() -> str:
    import os
    import shutil

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI for the .doc/.wps/PDF tests")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@pytest.fixture(scope="session")
def converted(tongshan_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test documents in the formats offices send: PDF, .doc and WPS .wps, made by LibreOffice.

    tongshan (a real Word table with a two-row header) and qingshan (bullets, task units).
    """
    import subprocess

    import docx

    folder = tmp_path_factory.mktemp("formats")
    qingshan = docx.Document()
    for line in (DOCUMENTS / "qingshan-bullets.txt").read_text(encoding="utf-8").splitlines():
        qingshan.add_paragraph(line)
    qingshan.save(folder / "qingshan-bullets.docx")
    (folder / "tongshan-2023.docx").write_bytes(tongshan_docx.read_bytes())
    soffice = _soffice()
    profile = (folder / "profile").as_uri()
    for target in ("pdf", "doc"):
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
             "--outdir", str(folder), str(folder / "tongshan-2023.docx"), str(folder / "qingshan-bullets.docx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    # A WPS Writer file is an OLE document like .doc; offices send it with its own suffix.
    (folder / "tongshan-2023.wps").write_bytes((folder / "tongshan-2023.doc").read_bytes())
    return {p.name: p for p in folder.iterdir() if p.is_file()}
