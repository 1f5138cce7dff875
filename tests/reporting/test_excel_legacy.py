"""Old Excel (.xls) and WPS (.et) uploads: converted with LibreOffice, then imported as any
upload; a clear message when LibreOffice is missing or cannot read the file."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal

import pytest

from innocounty.reporting import excel
from innocounty.reporting.models import Value
from tests.reporting.test_excel import FIRST, col, edit, snapshot, template_a  # noqa: F401

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def to_xls(data: bytes, tmp_path) -> bytes:
    """The workbook saved as .xls by LibreOffice, as a person with an old Excel would."""
    source = tmp_path / "filled.xlsx"
    source.write_bytes(data)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "filled.xls").read_bytes()


@needs_soffice
def test_a_filled_template_saved_as_xls_imports(template_a, reporter_a, n01, tmp_path):  # noqa: F811
    filled = edit(template_a, {f"{col('value')}{FIRST}": 2.31})
    xls = to_xls(filled, tmp_path)
    assert xls.startswith(OLE2)
    result = excel.import_workbook(data=xls, by=reporter_a, filename="a.xls")
    assert (result.created, result.changed, result.unchanged) == (1, 0, 0)
    assert Value.objects.get(indicator=n01, period="2024").value == Decimal("2.31")


@needs_soffice
def test_a_damaged_xls_is_refused_with_one_message(reporter_a):
    before = snapshot()
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.import_workbook(data=OLE2 + b"\0" * 100, by=reporter_a, filename="x.xls")
    # LibreOffice either cannot convert it or makes an empty workbook without our marker.
    assert caught.value.problems in (
        [excel.NOT_OUR_FILE.format(name="x.xls")],
        [p for p in caught.value.problems if p.startswith("文件“x.xls”是旧版 Excel（.xls）")],
    )
    assert len(caught.value.problems) == 1
    assert snapshot() == before


def test_without_libreoffice_an_xls_is_refused_with_a_message(reporter_a, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    before = snapshot()
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.import_workbook(data=OLE2 + b"\0" * 100, by=reporter_a, filename="x.et")
    assert caught.value.problems == [
        "文件“x.et”是旧版 Excel（.xls）或 WPS（.et）工作簿；服务器未安装 LibreOffice，无法转换。"
        "请在 Excel 或 WPS 中另存为 .xlsx 后再上传"
    ]
    assert snapshot() == before
