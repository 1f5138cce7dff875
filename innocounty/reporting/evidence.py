"""Evidence files (佐证材料): the type is read from the content, never from the name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

EVIDENCE_TOO_LARGE = gettext_noop("文件“{name}”超过 {limit} MB，请压缩后再上传")
EVIDENCE_EMPTY = gettext_noop("文件“{name}”是空文件")
EVIDENCE_BAD_TYPE = gettext_noop("文件“{name}”不是允许的类型（PDF、JPG、PNG、XLSX、DOCX）")
EVIDENCE_MISMATCH = gettext_noop("文件“{name}”的内容是 {actual}，与扩展名不符")
EVIDENCE_ZIP_BOMB = gettext_noop("文件“{name}”解压后过大，已拒绝")

# Office files are zip archives; one that unpacks to more than this is refused.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class EvidenceError(ValueError):
    pass


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
JPG = Kind("jpg", "image/jpeg", "JPG")
PNG = Kind("png", "image/png", "PNG")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
DOCX = Kind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
EXTENSIONS = {"pdf": PDF, "jpg": JPG, "jpeg": JPG, "png": PNG, "xlsx": XLSX, "docx": DOCX}


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


def _office_kind(content: bytes, name: str) -> Kind | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise EvidenceError(gettext(EVIDENCE_ZIP_BOMB).format(name=name))
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def detect(content: bytes, name: str = "") -> Kind | None:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content, name)
    return None


def sniff(name: str, content: bytes) -> Kind:
    """Return the file's kind, or raise EvidenceError saying what is wrong with it."""
    limit = max_bytes()
    if len(content) > limit:
        raise EvidenceError(
            gettext(EVIDENCE_TOO_LARGE).format(name=name, limit=limit // (1024 * 1024))
        )
    if not content:
        raise EvidenceError(gettext(EVIDENCE_EMPTY).format(name=name))
    kind = detect(content, name)
    if kind is None:
        raise EvidenceError(gettext(EVIDENCE_BAD_TYPE).format(name=name))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension and EXTENSIONS.get(extension) not in (kind, None):
        raise EvidenceError(gettext(EVIDENCE_MISMATCH).format(name=name, actual=kind.label))
    if extension and extension not in EXTENSIONS:
        raise EvidenceError(gettext(EVIDENCE_BAD_TYPE).format(name=name))
    return kind
