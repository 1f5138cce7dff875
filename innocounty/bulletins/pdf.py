"""Optional PDF through LibreOffice (`soffice --headless --convert-to pdf`), when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PDF_NO_SOFFICE = "未安装 LibreOffice（soffice），无法生成 PDF。"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, *, timeout: int = 180) -> bytes:
    """Convert .docx bytes to PDF bytes; RuntimeError when LibreOffice is missing or fails.

    Each conversion uses its own LibreOffice profile, so conversions may run side by side.
    """
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError(PDF_NO_SOFFICE)
    with tempfile.TemporaryDirectory(prefix="innocounty-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bulletin.docx"
        source.write_bytes(content)
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        target = folder / "bulletin.pdf"
        if result.returncode != 0 or not target.exists():
            raise RuntimeError(f"LibreOffice 转换失败：{result.stderr.strip()[:300]}")
        return target.read_bytes()
