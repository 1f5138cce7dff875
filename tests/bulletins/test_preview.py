"""The bulletin editor and its preview: the same text, tables and charts as the Word file."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from html import unescape

import pytest
from docx import Document

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.pdf import docx_to_pdf, soffice_path

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_preview_shows_every_paragraph_and_table_row_of_the_document(client, office, bulletin):
    client.force_login(office)
    html = client.get(f"/bulletins/{bulletin.pk}/preview/").content.decode()
    text = _text(html)
    document = Document(io.BytesIO(bulletin_docx(bulletin, font=None)[0]))
    for paragraph in document.paragraphs:
        line = paragraph.text.strip()
        # The Word file's only extra sentence is the no-font notice for its charts.
        if line and "图表从略" not in line:
            assert line in text, line
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.text in text, cell.text
    # Lagging indicators are marked in both.
    assert html.count('class="marked"') == sum(
        1 for i in bulletin.snapshot["indicators"] if i["lagging"]
    ) + sum(1 for u in (bulletin.snapshot["reporting"] or {"units": []})["units"] if u["overdue"])


def test_save_and_preview_stores_the_text_then_opens_the_preview(client, office, bulletin):
    client.force_login(office)
    data = {
        "title": "关于创新型县（市）建设进展情况的通报（修改稿）",
        "doc_number": bulletin.doc_number,
        "revision": bulletin.revision,
        **bulletin.paragraphs,
        "intro": "为加快推进建设，现将有关情况通报如下。",
        "then": "preview",
    }
    response = client.post(f"/bulletins/{bulletin.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/bulletins/{bulletin.pk}/preview/"
    bulletin.refresh_from_db()
    assert bulletin.title == data["title"]
    assert "为加快推进建设，现将有关情况通报如下。" in _text(
        client.get(response["Location"]).content.decode()
    )


def test_the_editor_asks_before_issuing_and_says_when_pdf_is_unavailable(
    client, office, bulletin, monkeypatch
):
    client.force_login(office)
    monkeypatch.setattr("innocounty.bulletins.pdf.soffice_path", lambda: None)
    html = client.get(f"/bulletins/{bulletin.pk}/").content.decode()
    assert 'id="bulletin-issue"' in html
    assert re.search(r'id="bulletin-issue"[^>]*data-confirm="[^"]+"', html)
    assert 'id="no-pdf"' in html
    assert "LibreOffice" in html


def _last_page_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", pages.stdout).group(1))
    return subprocess.run(
        ["pdftotext", "-f", str(count), "-l", str(count), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("extra_lines", [0, 3, 6, 9, 12])
def test_the_signature_never_stands_alone_on_the_last_page(bulletin, tmp_path, extra_lines):
    """Whatever the length of the last section, the last page holds text besides the 落款."""
    if soffice_path() is None or not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler are required in CI")
        pytest.skip("LibreOffice or poppler not installed")
    bulletin.paragraphs = {
        **bulletin.paragraphs,
        "problems": "\n".join(
            [bulletin.paragraphs["problems"]]
            + [f"第{n}项下一步工作要求，请各成员单位认真落实。" for n in range(extra_lines)]
        ),
    }
    pdf = docx_to_pdf(bulletin_docx(bulletin, font=None)[0])
    office = bulletin.snapshot["plan"]["office"]
    last = [
        line.strip()
        for line in _last_page_text(pdf, tmp_path).splitlines()
        if line.strip() and not re.fullmatch(r"[—\-–\s\d]+", line.strip())
    ]
    assert office in last
    others = [line for line in last if line not in (office, bulletin.snapshot["date"])]
    assert others, "the last page holds only the signature block"


def test_closing_a_round_asks_first(client, office, seeded):
    from innocounty.reporting.models import Round

    client.force_login(office)
    round_ = Round.objects.filter(plan=seeded, status="open").first() or Round.objects.first()
    round_.status = "open"
    round_.save(update_fields=["status"])
    html = client.get(f"/reporting/rounds/{round_.pk}/").content.decode()
    assert re.search(r'id="round-close"[^>]*data-confirm="[^"]+"', html)
