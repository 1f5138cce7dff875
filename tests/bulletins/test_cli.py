"""`innocounty bulletin`: through call_command, and once as a user runs it after `demo`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from innocounty.bulletins.models import Bulletin
from tests.console import run_console as run


@pytest.mark.django_db
def test_the_command_stores_a_bulletin_and_writes_it(seeded, tmp_path):
    out = io.StringIO()
    target = tmp_path / "通报.docx"
    call_command("bulletin", "--period", "2025", "-o", str(target), stdout=out)
    bulletin = Bulletin.objects.get()
    assert f"通报 #{bulletin.pk}" in out.getvalue()
    doc = Document(str(target))
    assert any(p.text == bulletin.title for p in doc.paragraphs)
    assert len(doc.tables[0].rows) == 22

    again = tmp_path / "again.docx"
    call_command("bulletin", "--bulletin", str(bulletin.pk), "-o", str(again), stdout=out)
    assert again.read_bytes() == target.read_bytes()
    assert Bulletin.objects.count() == 1


@pytest.mark.django_db
def test_the_command_explains_a_bad_period_or_plan(seeded, tmp_path):
    with pytest.raises(CommandError, match="2025Q7"):
        call_command("bulletin", "--period", "2025Q7", "-o", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="找不到方案“nowhere”"):
        call_command("bulletin", "--period", "2025", "--plan", "nowhere", "-o", "x.docx")


def test_the_console_script_writes_a_bulletin_after_demo(tmp_path):
    assert run(["demo", "--no-serve"], tmp_path).returncode == 0
    target = tmp_path / "bulletin.docx"
    result = run(["bulletin", "--period", "2024", "-o", str(target)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    doc = Document(str(target))
    assert any("2024年" in p.text for p in doc.paragraphs)
    bad = run(["bulletin", "--period", "someday", "-o", str(target)], tmp_path)
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
