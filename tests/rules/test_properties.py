"""Invariants over random workflows and data (hypothesis, derandomized so CI runs the same
examples every time and never depends on an example database).

- The monitor's inputs are exactly the latest approved version of every value, as a model of
  the workflow kept here by hand says; refused actions change nothing.
- backup → restore → backup gives byte-identical archives, files included.
- No sequence of actions changes an issued bulletin's bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.services import bulletin_create, bulletin_edit, bulletin_issue
from innocounty.monitor.selectors import plan_snapshot
from innocounty.reporting import services
from innocounty.reporting.models import Evidence, Round, TaskReport, Value

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NOW = timezone.make_aware(dt.datetime(2026, 11, 29, 9, 0))
PDF = b"%PDF-1.4\n% property\n"

# code → (unit, reporter fixture name, how a typed number looks)
ITEMS = {
    "N01": ("县财政局", "reporter_a", lambda n: f"{Decimal(n) / 100:.2f}"),
    "S01": ("县经信局", "reporter_b", lambda n: f"{Decimal(n) / 1000:.3f}"),
}
action = st.tuples(
    st.sampled_from(["save", "submit", "approve", "return", "correct"]),
    st.sampled_from(sorted(ITEMS)),
    st.integers(min_value=100, max_value=999),
)
actions = st.lists(action, max_size=14)
few_actions = st.lists(action, max_size=6)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()


@pytest.fixture
def people(office_user, reporter_a, reporter_b):
    return {"office": office_user, "reporter_a": reporter_a, "reporter_b": reporter_b}


class Workflow:
    """Applies actions through the services and keeps the model: versions per code."""

    def __init__(self, round_: Round, people: dict) -> None:
        self.round = round_
        self.people = people
        self.plan = round_.plan
        self.versions: dict[str, list[dict]] = {code: [] for code in ITEMS}

    def latest(self, code: str) -> Value | None:
        return (
            Value.objects.filter(indicator__code=code, period=self.round.period)
            .order_by("-version")
            .first()
        )

    def apply(self, action: str, code: str, n: int) -> None:
        unit_name, who, typed = ITEMS[code]
        reporter, office = self.people[who], self.people["office"]
        model = self.versions[code]
        last = model[-1] if model else None
        state = last["state"] if last else None
        current = self.latest(code)
        if action == "save":
            allowed = state in (None, "draft", "returned")
            call = lambda: services.value_save(  # noqa: E731
                round_=self.round,
                indicator=self.plan.indicators.get(code=code),
                unit=self.plan.units.get(name=unit_name),
                data={"value": typed(n), "explanation": "随机测试说明"},
                by=reporter,
                revision=current.revision if current else None,
            )
            after = {"state": state or "draft", "value": Decimal(typed(n))}
        elif action == "submit":
            allowed = state in ("draft", "returned")
            call = lambda: services.value_submit(value=current, by=reporter)  # noqa: E731
            after = {"state": "submitted"}
        elif action in ("approve", "return"):
            allowed = state == "submitted"
            if action == "approve":
                call = lambda: services.value_approve(value=current, by=office)  # noqa: E731
            else:
                call = lambda: services.value_return(value=current, by=office, reason="请核实")  # noqa: E731
            after = {"state": "approved" if action == "approve" else "returned"}
        else:
            allowed = state == "approved"
            by = office if n % 2 else reporter
            call = lambda: services.value_correct(value=current, by=by, reason="更正")  # noqa: E731
            after = None
        if current is None and action != "save":
            return  # nothing to act on
        rows_before = list(Value.objects.order_by("pk").values())
        try:
            call()
        except (services.ReportingError, PermissionDenied):
            assert not allowed, (action, code, state)
            assert list(Value.objects.order_by("pk").values()) == rows_before
            return
        assert allowed, (action, code, state)
        if action == "correct":
            model.append({"state": "draft", "value": last["value"]})
        elif last is None:
            model.append(after)
        else:
            last.update(after)

    def expected_inputs(self) -> dict[str, dict[str, Decimal]]:
        result: dict[str, dict[str, Decimal]] = {}
        for code, versions in self.versions.items():
            approved = [v["value"] for v in versions if v["state"] == "approved"]
            result[code] = {self.round.period: approved[-1]} if approved else {}
        return result


@settings(PROPERTY, max_examples=60)
@given(steps=actions)
def test_the_monitor_is_fed_exactly_the_latest_approved_versions(small_plan, people, steps):
    Value.objects.all().delete()
    Round.objects.all().delete()
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=people["office"]
    )
    flow = Workflow(round_, people)
    for step in steps:
        flow.apply(*step)
    snap = plan_snapshot(plan=small_plan, period="2024", today=dt.date(2026, 11, 29), now=NOW)
    assert {s.code: dict(s.values) for s in snap.data.indicators} == flow.expected_inputs()


# --- backup → restore → backup ---------------------------------------------------------------

files = st.lists(st.binary(min_size=0, max_size=3000), max_size=3)


def _backup(path: Path) -> bytes:
    with time_machine.travel(dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC), tick=False):
        call_command("backup", "-o", str(path), verbosity=0)
    return path.read_bytes()


def _rows() -> dict[str, list[dict]]:
    """The reporting rows made in the example (at a frozen time, so no lost microseconds)."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Round, Value, Evidence, TaskReport)
    }


def _members(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _empty(media: Path) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    for p in sorted(media.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()


@settings(PROPERTY, max_examples=10)
@given(steps=few_actions, contents=files)
def test_backup_restore_backup_gives_identical_archives(
    small_plan, people, media, tmp_path, steps, contents
):
    # Frozen time: the backup keeps datetimes to the millisecond (Django's JSON encoder), so a
    # time with microseconds would come back changed (see docs/en/mutation-testing.md).
    with time_machine.travel(dt.datetime(2026, 11, 29, 9, 30, tzinfo=dt.UTC), tick=False):
        _backup_restore_backup(small_plan, people, media, tmp_path, steps, contents)


def _backup_restore_backup(small_plan, people, media, tmp_path, steps, contents):
    Evidence.objects.all().delete()
    Value.objects.all().delete()
    Round.objects.all().delete()
    for p in sorted(media.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=people["office"]
    )
    flow = Workflow(round_, people)
    for step in steps:
        flow.apply(*step)
    value = (
        services.value_save(
            round_=round_,
            indicator=small_plan.indicators.get(code="N01"),
            unit=small_plan.units.get(name="县财政局"),
            data={"value": "2.50"},
            by=people["reporter_a"],
            revision=None,
        ).value
        if flow.latest("N01") is None
        else None
    )
    owner = value or flow.latest("N01")
    stored = 0
    if not owner.is_locked():
        for i, content in enumerate(contents):
            services.evidence_add(
                upload=SimpleUploadedFile(f"附件{i}.pdf", PDF + content),
                by=people["reporter_a"],
                value=owner,
            )
            stored += 1
    files_before = {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }
    assert len(files_before) == stored  # the same content twice is stored twice

    # Rows listed here by hand, not through the backup's own model list.
    rows_before = _rows()

    first = _backup(tmp_path / "first.zip")
    _empty(media)
    assert Evidence.objects.count() == 0
    call_command("restore", str(tmp_path / "first.zip"), verbosity=0)
    assert _rows() == rows_before
    second = _backup(tmp_path / "second.zip")

    assert _members(second) == _members(first)
    assert second == first
    assert {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    } == files_before
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert {
            n.removeprefix("files/"): archive.read(n)
            for n in archive.namelist()
            if n.startswith("files/")
        } == files_before


# --- an issued bulletin never changes ---------------------------------------------------------

bulletin_actions = st.lists(
    st.one_of(
        st.tuples(st.just("value"), actions.filter(bool)),
        st.tuples(st.just("edit"), st.text(min_size=1, max_size=20)),
        st.tuples(st.just("issue"), st.none()),
        st.tuples(st.just("another"), st.none()),
    ),
    max_size=6,
)


@settings(PROPERTY, max_examples=20)
@given(steps=bulletin_actions)
def test_no_sequence_of_actions_changes_an_issued_bulletin(small_plan, people, steps):
    Bulletin.objects.all().delete()
    Value.objects.all().delete()
    Round.objects.all().delete()
    office = people["office"]
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office
    )
    flow = Workflow(round_, people)
    for step in [("save", "N01", 261), ("submit", "N01", 0), ("approve", "N01", 0)]:
        flow.apply(*step)
    issued = bulletin_issue(
        bulletin=bulletin_create(plan=small_plan, period="2024", by=office, now=NOW),
        by=office,
        now=NOW,
    )
    row = Bulletin.objects.filter(pk=issued.pk).values().get()
    content, _ = bulletin_docx(issued, font=None)
    for kind, arg in steps:
        if kind == "value":
            for step in arg:
                flow.apply(*step)
        elif kind == "edit":
            with pytest.raises(ValidationError):
                bulletin_edit(
                    bulletin=issued,
                    by=office,
                    data={"title": arg, "doc_number": arg, "summary": arg},
                    revision=issued.revision,
                )
        elif kind == "issue":
            with pytest.raises(ValidationError):
                bulletin_issue(bulletin=issued, by=office, now=NOW + dt.timedelta(days=1))
        else:
            bulletin_create(plan=small_plan, period="2024", by=office, now=NOW)
    stored = Bulletin.objects.get(pk=issued.pk)
    assert Bulletin.objects.filter(pk=issued.pk).values().get() == row
    assert bulletin_docx(stored, font=None)[0] == content
