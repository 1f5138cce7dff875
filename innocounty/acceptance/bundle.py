"""The evidence bundle (验收材料包): one zip, ready to send to the province, with

- ``自评报告.docx`` (the stored report, as `document.report_docx` writes it),
- ``指标完成情况表.xlsx`` (the report's indicator table: baseline, each year, 考核值, 完成值,
  met or not, and the gaps),
- ``佐证材料/指标NN-名称/`` and ``佐证材料/任务NN-名称/``: every approved evidence file the
  report's annex lists, named ``报告期-原文件名`` (a name taken twice gets ``-2``, ``-3``),
- ``佐证材料目录.txt``: what is in each folder, and which items have no evidence.

Everything comes from the report's snapshot, so the bundle matches the report it goes with.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from innocounty.acceptance.document import report_docx
from innocounty.acceptance.exporters import IndicatorTableExporter
from innocounty.core.officedoc import ZIP_DATE
from innocounty.reporting.exporters import write_xlsx
from innocounty.reporting.models import Evidence

UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def safe(name: str, limit: int = 60) -> str:
    """A file or folder name any system accepts (no path separators, no control characters)."""
    cleaned = UNSAFE.sub("_", name).strip(" .") or "_"
    return cleaned[:limit]


def indicator_xlsx(snapshot: dict[str, Any]) -> bytes:
    """The report's indicator table (`exporters.IndicatorTableExporter`) as xlsx."""
    return write_xlsx(IndicatorTableExporter(snapshot))


def _write(
    archive: zipfile.ZipFile, name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED
) -> None:
    entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    entry.compress_type = compress
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, data)


def bundle_zip(report: Any) -> bytes:
    """The report's evidence bundle as zip bytes (see the module)."""
    snapshot = report.snapshot
    folders: list[tuple[str, str, list[dict[str, Any]]]] = []
    for n, i in enumerate(snapshot["indicators"], start=1):
        folders.append((f"指标{n:02d}-{safe(i['name'])}", i["name"], i["evidence"]))
    for program in snapshot["programs"]:
        for t in program["tasks"]:
            folders.append((f"任务{t['number']:02d}-{safe(t['title'])}", t["title"], t["evidence"]))
    ids = [e["id"] for _f, _n, items in folders for e in items]
    files = {e.pk: e for e in Evidence.objects.filter(pk__in=ids)}

    out = io.BytesIO()
    catalogue = [f"{report.title} 佐证材料目录", ""]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "自评报告.docx", report_docx(report))
        _write(archive, "指标完成情况表.xlsx", indicator_xlsx(snapshot))
        for folder, label, items in folders:
            catalogue.append(f"{folder}  {label}")
            if not items:
                catalogue.append("    （无佐证材料）")
            taken: set[str] = set()
            for item in items:
                evidence = files.get(item["id"])
                name = safe(f"{item['period']}-{item['name']}", 120)
                stem, dot, ext = name.rpartition(".")
                candidate, k = name, 2
                while candidate in taken:
                    candidate = f"{stem}-{k}{dot}{ext}" if dot else f"{name}-{k}"
                    k += 1
                taken.add(candidate)
                if evidence is None:
                    catalogue.append(f"    {candidate}（文件已不在库中）")
                    continue
                with evidence.file.open("rb") as handle:
                    # Evidence is PDF, images, docx, xlsx: compressed already, stored as is.
                    data = handle.read()
                    _write(archive, f"佐证材料/{folder}/{candidate}", data, zipfile.ZIP_STORED)
                catalogue.append(f"    {candidate}")
        _write(archive, "佐证材料目录.txt", "\n".join(catalogue).encode("utf-8") + b"\n")
    return out.getvalue()
