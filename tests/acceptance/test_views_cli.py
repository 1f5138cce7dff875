"""Acceptance pages (who sees what, by content), the command, and the report in LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from innocounty.acceptance.document import report_docx
from innocounty.acceptance.models import SelfEvaluation
from innocounty.bulletins.pdf import docx_to_pdf, soffice_path
from innocounty.reporting.models import Value
from tests.console import run_console as run

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "self-evaluation"


def _freeze(day: dt.date):
    return time_machine.travel(
        timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))), tick=False
    )


def test_readiness_shows_every_indicator_and_task_with_what_is_missing(client, leader, seeded):
    client.force_login(leader)
    with _freeze(dt.date(2026, 11, 29)):
        page = client.get(reverse("acceptance:readiness", args=[seeded.key])).content.decode()
    for indicator in seeded.indicators.all():
        assert f'data-code="{indicator.code}"' in page
    for number in range(1, 29):
        assert f'data-task="{number}"' in page
    assert 'data-testid="score-total"' in page
    assert "计算方法" in page
    unapproved_2025 = seeded.indicators.exclude(
        values__period="2025", values__state="approved"
    ).count()
    assert unapproved_2025 > 0
    # Each indicator without an approved 2025 value says so in its "missing" cell.
    assert page.count("2025：") >= unapproved_2025


def test_readiness_waits_for_the_last_year_unless_asked(client, office, seeded):
    client.force_login(office)
    url = reverse("acceptance:readiness", args=[seeded.key])
    with _freeze(dt.date(2024, 6, 1)):
        early = client.get(url).content.decode()
        asked = client.get(url + "?now=1").content.decode()
    assert 'id="early"' in early and 'data-testid="score-total"' not in early
    assert 'data-testid="score-total"' in asked
    with _freeze(dt.date(2025, 2, 1)):
        assert 'data-testid="score-total"' in client.get(url).content.decode()


def test_the_final_assessment_compares_with_both_values(client, leader, seeded):
    client.force_login(leader)
    with _freeze(dt.date(2026, 11, 29)):
        response = client.get(reverse("acceptance:final", args=[seeded.key]))
    page = response.content.decode()
    s = response.context["s"]
    assert s["plan_ended"] is True
    reached = sum(1 for i in s["indicators"] if i["against_assessment"]["met"] is True)
    missed = sum(1 for i in s["indicators"] if i["against_assessment"]["met"] is False)
    assert reached and missed
    # Worked out from the rows: 科技型中小企业数 2025 = 214, 考核值 260 → −46.
    small = seeded.indicators.get(name="科技型中小企业数")
    value = Value.objects.filter(indicator=small, period="2025", state="approved").get()
    assert value.value == 214
    row = page.split(f'data-code="{small.code}"')[1].split("</tr>")[0]
    assert "未达到" in row and "−46" in row and "260" in row
    assert "data-print" in page and "acceptance/print.js" in page


def test_the_office_creates_edits_and_issues_and_leaders_only_read(client, office, leader, seeded):
    client.force_login(office)
    response = client.post(reverse("acceptance:report-create", args=[seeded.key]))
    report = SelfEvaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    client.post(
        reverse("acceptance:report-edit", args=[report.pk]),
        {"title": report.title, "revision": 0, "overall": "总体评价由办公室改写。"},
    )
    report.refresh_from_db()
    assert report.paragraphs["overall"] == "总体评价由办公室改写。"
    client.force_login(leader)
    assert client.post(reverse("acceptance:report-issue", args=[report.pk])).status_code == 403
    page = client.get(report.get_absolute_url()).content.decode()
    assert "总体评价由办公室改写。" in page and 'id="report-edit"' not in page
    docx = client.get(reverse("acceptance:report-download", args=[report.pk]))
    assert docx.content == report_docx(report)
    bundle = client.get(reverse("acceptance:report-bundle", args=[report.pk]))
    assert "自评报告.docx" in zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    client.force_login(office)
    client.post(reverse("acceptance:report-issue", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_issued()
    assert client.post(reverse("acceptance:report-edit", args=[report.pk]), {}).status_code == 403


def test_reporters_never_see_readiness_or_reports(client, seeded, office):
    from innocounty.acceptance.services import self_evaluation_create, self_evaluation_edit

    report = self_evaluation_create(plan=seeded, by=office)
    marker = "机密标记-自评报告-7731"
    self_evaluation_edit(report=report, by=office, data={"problems": marker})
    reporter = User.objects.get(username="unit01")
    client.force_login(reporter)
    urls = [
        reverse("acceptance:readiness", args=[seeded.key]) + "?now=1",
        reverse("acceptance:final", args=[seeded.key]),
        report.get_absolute_url(),
        reverse("acceptance:report-download", args=[report.pk]),
        reverse("acceptance:report-bundle", args=[report.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert marker.encode() not in response.content
    board = client.get(reverse("monitor:task-board", args=[seeded.key])).content.decode()
    assert f'href="{reverse("acceptance:readiness", args=[seeded.key])}"' not in board
    assert reverse("acceptance:final", args=[seeded.key]) not in board


def test_the_command_writes_a_fresh_report(seeded, tmp_path):
    out = io.StringIO()
    target = tmp_path / "自评报告.docx"
    bundle = tmp_path / "材料包.zip"
    call_command("self_evaluation", "-o", str(target), "--bundle", str(bundle), stdout=out)
    report = SelfEvaluation.objects.get()
    assert f"自评报告 #{report.pk}" in out.getvalue()
    assert target.read_bytes() == report_docx(report)
    assert "指标完成情况表.xlsx" in zipfile.ZipFile(bundle).namelist()
    call_command("self_evaluation", "--plan", seeded.key, "-o", str(target), stdout=out)
    assert SelfEvaluation.objects.count() == 2  # a fresh snapshot each time
    with pytest.raises(CommandError, match="找不到方案“nowhere”"):
        call_command("self_evaluation", "--plan", "nowhere", "-o", str(target))
    with pytest.raises(CommandError, match=r"\.docx"):
        call_command("self_evaluation", "-o", str(tmp_path / "x.txt"))


def test_the_console_script_writes_the_report_after_demo(tmp_path):
    assert run(["demo", "--no-serve"], tmp_path).returncode == 0
    target = tmp_path / "report.docx"
    result = run(["self-evaluation", "-o", str(target)], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = Document(str(target))
    assert doc.paragraphs[0].text.endswith("自评报告")
    bad = run(["self-evaluation", "--plan", "nowhere", "-o", str(target)], tmp_path)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "nowhere" in bad.stderr


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


def test_the_report_converts_to_pdf_and_png(tools, report):
    pdf = docx_to_pdf(report_docx(report))
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "self-evaluation.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "70",
            "-png",
            str(ARTIFACTS / "self-evaluation.pdf"),
            str(ARTIFACTS / "page"),
        ],
        check=True,
        timeout=120,
    )
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) >= 5  # text, the table over pages, the tasks, the annex
    assert all(p.stat().st_size > 5000 for p in pages)
