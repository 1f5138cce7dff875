"""The rules a deliberate bug broke while every other test stayed green (issue 19).

Each test states one rule and works its expected values out by hand from the data it makes:
never from the snapshot function, the model list or the selector under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.services import bulletin_create, bulletin_edit, bulletin_issue
from innocounty.core.workflow import Action
from innocounty.monitor.selectors import plan_snapshot
from innocounty.reporting import services
from innocounty.reporting.models import Evidence, Value
from innocounty.reporting.selectors import deadline_end

PDF = b"%PDF-1.4\n% rule test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
NOW = timezone.make_aware(dt.datetime(2026, 11, 29, 9, 0))


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()


def _unit(plan, name):
    return plan.units.get(name=name)


def _value(round_, code, unit_name, reporter, number, *, revision=None, explanation=""):
    plan = round_.plan
    return services.value_save(
        round_=round_,
        indicator=plan.indicators.get(code=code),
        unit=_unit(plan, unit_name),
        data={"value": number, "source": "统计年报", "explanation": explanation},
        by=reporter,
        revision=revision,
    ).value


def _approved(round_, code, unit_name, reporter, office, number):
    value = _value(round_, code, unit_name, reporter, number, explanation="按决算口径")
    value = services.value_submit(value=value, by=reporter)
    return services.value_approve(value=value, by=office)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- a locked (approved) item takes no evidence ----------------------------------------------


def test_evidence_is_refused_on_an_approved_value_and_nothing_is_stored(
    round_2024, reporter_a, office_user, media
):
    value = _approved(round_2024, "N01", "县财政局", reporter_a, office_user, "2.60")
    for by in (reporter_a, office_user):
        with pytest.raises(services.ReportingError, match="已审核锁定"):
            services.evidence_add(upload=SimpleUploadedFile("决算.pdf", PDF), by=by, value=value)
    assert Evidence.objects.count() == 0
    assert _files(media) == {}
    assert not value.log_entries().filter(action="reporting.evidence.added").exists()


def test_evidence_is_refused_on_an_approved_task_report(
    small_plan, round_2024, reporter_a, office_user, media
):
    report = services.task_report_save(
        round_=round_2024,
        task=small_plan.tasks.get(number=1),
        unit=_unit(small_plan, "县财政局"),
        data={"progress": "预算已安排", "percent": 50},
        by=reporter_a,
        revision=None,
    )
    report = services.task_report_transition(report=report, action=Action.SUBMIT, by=reporter_a)
    report = services.task_report_transition(report=report, action=Action.APPROVE, by=office_user)
    with pytest.raises(services.ReportingError, match="已审核锁定"):
        services.evidence_add(
            upload=SimpleUploadedFile("a.pdf", PDF), by=reporter_a, task_report=report
        )
    assert Evidence.objects.count() == 0 and _files(media) == {}


def test_evidence_is_accepted_on_a_draft_and_on_the_new_version_of_a_correction(
    round_2024, reporter_a, office_user
):
    approved = _approved(round_2024, "N01", "县财政局", reporter_a, office_user, "2.60")
    draft = services.value_correct(value=approved, by=reporter_a, reason="决算数调整")
    evidence = services.evidence_add(
        upload=SimpleUploadedFile("a.pdf", PDF), by=reporter_a, value=draft
    )
    assert evidence.value_id == draft.pk != approved.pk
    assert list(Evidence.objects.values_list("value_id", flat=True)) == [draft.pk]


# --- only approved values count: the cockpit and the bulletin ---------------------------------

# Numbers chosen to be unique on the pages: an approved 2.61 (N01), a correction of it in draft
# (2.87), and an S01 value that was only ever saved and submitted (0.463), never approved.
APPROVED_N01 = "2.61"
DRAFT_N01 = "2.87"
UNAPPROVED_S01 = "0.463"


@pytest.fixture
def mixed_values(round_2024, reporter_a, reporter_b, office_user):
    approved = _approved(round_2024, "N01", "县财政局", reporter_a, office_user, APPROVED_N01)
    draft = services.value_correct(value=approved, by=reporter_a, reason="决算数调整")
    draft = _value(
        round_2024,
        "N01",
        "县财政局",
        reporter_a,
        DRAFT_N01,
        revision=draft.revision,
        explanation="决算数调整",
    )
    services.value_submit(value=draft, by=reporter_a)  # submitted, not approved
    s01 = _value(round_2024, "S01", "县经信局", reporter_b, UNAPPROVED_S01, explanation="初步统计")
    services.value_submit(value=s01, by=reporter_b)
    # What the database holds, stated by hand: N01 v1 approved 2.61, v2 submitted 2.87.
    assert sorted(Value.objects.values_list("indicator__code", "version", "state", "value")) == [
        ("N01", 1, "approved", Decimal(APPROVED_N01)),
        ("N01", 2, "submitted", Decimal(DRAFT_N01)),
        ("S01", 1, "submitted", Decimal(UNAPPROVED_S01)),
    ]
    return round_2024.plan


def test_the_monitor_is_fed_only_the_latest_approved_version(mixed_values):
    snap = plan_snapshot(plan=mixed_values, period="2024", today=dt.date(2026, 11, 29), now=NOW)
    inputs = {s.code: dict(s.values) for s in snap.data.indicators}
    assert inputs == {"N01": {"2024": Decimal(APPROVED_N01)}, "S01": {}}


def test_a_later_approved_correction_replaces_the_first(round_2024, reporter_a, office_user):
    first = _approved(round_2024, "N01", "县财政局", reporter_a, office_user, "2.61")
    draft = services.value_correct(value=first, by=office_user, reason="决算数调整")
    draft = _value(
        round_2024,
        "N01",
        "县财政局",
        reporter_a,
        "2.64",
        revision=draft.revision,
        explanation="决算数调整",
    )
    draft = services.value_submit(value=draft, by=reporter_a)
    services.value_approve(value=draft, by=office_user)
    snap = plan_snapshot(plan=round_2024.plan, period="2024", today=dt.date(2026, 11, 29), now=NOW)
    inputs = {s.code: dict(s.values) for s in snap.data.indicators}
    assert inputs["N01"] == {"2024": Decimal("2.64")}


def test_the_cockpit_shows_no_unapproved_number(mixed_values, client, office_user):
    client.force_login(office_user)
    # The indicator page also lists the reported versions with their states: not checked here.
    for name, args in (
        ("monitor:cockpit", [mixed_values.key]),
        ("monitor:indicator-list", [mixed_values.key]),
        ("monitor:ranking", [mixed_values.key]),
    ):
        html = client.get(reverse(name, args=args), {"period": "2024"}).content.decode()
        assert DRAFT_N01 not in html, name
        assert UNAPPROVED_S01 not in html and "0.46" not in html, name
    html = client.get(
        reverse("monitor:indicator-list", args=[mixed_values.key]), {"period": "2024"}
    )
    assert APPROVED_N01 in html.content.decode()


def test_the_bulletin_shows_the_approved_value_and_no_unapproved_number(mixed_values, office_user):
    bulletin = bulletin_create(plan=mixed_values, period="2024", by=office_user, now=NOW)
    rows = {row["code"]: row for row in bulletin.snapshot["indicators"]}
    assert rows["N01"]["value"] == "2.61"  # 2 decimals, as N01 is defined
    assert rows["S01"]["value"] == "—" and rows["S01"]["status"] == "no_data"
    text = json.dumps([bulletin.snapshot, bulletin.paragraphs], ensure_ascii=False)
    assert DRAFT_N01 not in text and "0.463" not in text and "0.46" not in text
    content, _warnings = bulletin_docx(bulletin, font=None)
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "2.61" in xml and DRAFT_N01 not in xml and "0.463" not in xml


# --- a backup keeps every evidence row and every file byte for byte ---------------------------


def test_backup_and_restore_give_back_every_evidence_row_and_file(
    round_2024, reporter_a, reporter_b, office_user, media, tmp_path
):
    n01 = _value(round_2024, "N01", "县财政局", reporter_a, "2.55")
    s01 = _value(round_2024, "S01", "县经信局", reporter_b, "0.47")
    uploads = [
        (reporter_a, n01, "决算表.pdf", PDF),
        (reporter_a, n01, "附件二.pdf", PDF + b"% second\n"),
        (reporter_b, s01, "能耗.pdf", PDF + bytes(range(256))),
    ]
    for by, value, name, content in uploads:
        services.evidence_add(upload=SimpleUploadedFile(name, content), by=by, value=value)
    # The expected rows, built here from what was uploaded (not from the backup's model list).
    expected_rows = sorted(
        (value.indicator.code, name, len(content), hashlib.sha256(content).hexdigest())
        for _by, value, name, content in uploads
    )
    expected_files = {
        f"{hashlib.sha256(content).hexdigest()}.pdf": content for *_x, content in uploads
    }
    stored = _files(media)
    assert {Path(k).name: v for k, v in stored.items()} == expected_files

    path = tmp_path / "backup.zip"
    call_command("backup", "-o", str(path), verbosity=0)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["counts"]["reporting.evidence"] == 3
        assert {
            n.removeprefix("files/"): archive.read(n)
            for n in archive.namelist()
            if n.startswith("files/")
        } == stored

    for name in stored:
        (media / name).unlink()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE needs the pending checks done
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert _files(media) == {} and Evidence.objects.count() == 0

    call_command("restore", str(path), "--force", verbosity=0)

    rows = sorted(
        (e.value.indicator.code, e.name, e.size, e.sha256) for e in Evidence.objects.all()
    )
    assert rows == expected_rows
    assert _files(media) == stored
    for evidence in Evidence.objects.all():
        assert hashlib.sha256(evidence.file.read()).hexdigest() == evidence.sha256


# --- an issued bulletin never changes -------------------------------------------------------


def test_an_issued_bulletin_cannot_be_edited_through_the_service(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    bulletin = bulletin_issue(bulletin=bulletin, by=office_user, now=NOW)
    before = Bulletin.objects.filter(pk=bulletin.pk).values().get()
    docx_before, _ = bulletin_docx(bulletin, font=None)
    with pytest.raises(ValidationError, match="已印发"):
        bulletin_edit(
            bulletin=bulletin,
            by=office_user,
            data={"title": "改过的标题", "doc_number": "改〔2026〕9号", "summary": "改过的正文"},
        )
    with pytest.raises(ValidationError, match="已印发"):
        bulletin_issue(bulletin=bulletin, by=office_user, now=NOW + dt.timedelta(days=1))
    assert Bulletin.objects.filter(pk=bulletin.pk).values().get() == before
    assert bulletin_docx(Bulletin.objects.get(pk=bulletin.pk), font=None)[0] == docx_before
    actions = list(bulletin.log_entries().values_list("action", flat=True).order_by("pk"))
    assert actions == ["bulletins.bulletin.created", "bulletins.bulletin.issued"]


# --- the deadline day in the database's time zone ---------------------------------------------


def test_the_deadline_ends_at_the_last_moment_of_the_day_in_shanghai(round_2024):
    sh = dt.timezone(dt.timedelta(hours=8))
    assert deadline_end(round_2024) == dt.datetime(2025, 3, 31, 23, 59, 59, 999999, tzinfo=sh)
    assert round_2024.is_overdue(dt.date(2025, 3, 31)) is False
    assert round_2024.is_overdue(dt.date(2025, 4, 1)) is True


def test_a_value_sent_on_the_deadline_day_is_on_time_and_one_sent_the_next_day_is_not(
    round_2024, reporter_a, reporter_b, time_machine
):
    from innocounty.reporting.selectors import round_status

    time_machine.move_to(
        dt.datetime(2025, 3, 31, 23, 59, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    )
    services.value_submit(
        value=_value(round_2024, "N01", "县财政局", reporter_a, "2.55"), by=reporter_a
    )
    time_machine.move_to(
        dt.datetime(2025, 4, 1, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    )
    services.value_submit(
        value=_value(round_2024, "S01", "县经信局", reporter_b, "0.47"), by=reporter_b
    )
    status = round_status(round_=round_2024, now=timezone.now())
    by_unit = {row.unit.name: row.progress for row in status.rows}
    # 县财政局: N01 (on time) + task 1 (nothing): 1 of 2 on time.
    assert by_unit["县财政局"].timeliness == 0.5
    # 县经信局: S01 (late) + task 3 (nothing); 县科技局 shares S01: late for it too.
    assert by_unit["县经信局"].timeliness == 0.0
    assert by_unit["县经信局"].completeness == 0.5
    assert by_unit["县经信局"].overdue is True
