"""Drafts, submitted-not-approved and returned items are seen only by their own unit and the
office; leaders see approved data only (issue 11, item 2).

Tested by content: unique markers are planted in unit B's (县经信局) draft value, submitted
value, correction draft, evidence file name, returned task report and draft task report. Then
every GET URL of the site is crawled as reporter A (县财政局) and as the leader — every URL
pattern resolved with every sample id, plus every link found on the pages — and no page,
export or download may contain a marker. The office's crawl must find them all (the control).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections import deque
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from innocounty.core.workflow import Action
from innocounty.plans.models import Indicator, Task, Unit
from innocounty.reporting import services
from innocounty.reporting.models import Evidence, Round, TaskReport, Value

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MARKERS = {
    "draft-source": "ZQXDRAFTSRC",
    "draft-caliber": "ZQXDRAFTCAL",
    "draft-note": "ZQXDRAFTNOTE",
    "draft-explanation": "ZQXDRAFTEXPL",
    "submitted-source": "ZQXSUBMITSRC",
    "correction-note": "ZQXCORRNOTE",
    "evidence-name": "ZQXEVIDNAME",
    "returned-report": "ZQXRETURNED",
    "draft-report": "ZQXDRAFTREPORT",
}
OWN_MARKER = "ZQXOWNDRAFTA"
SKIP_PREFIXES = ("/admin/", "/accounts/logout", "/i18n/", "/static/")
MAX_PAGES = 1500


def _plant(small_plan, office, reporter_a, reporter_b) -> None:
    unit_a = small_plan.units.get(name="县财政局")
    unit_b = small_plan.units.get(name="县经信局")
    s01 = small_plan.indicators.get(code="S01")  # 县经信局 and 县科技局
    n01 = small_plan.indicators.get(code="N01")  # 县财政局
    r2023 = services.round_open(
        plan=small_plan, period="2023", deadline=dt.date(2024, 3, 31), by=office
    )
    r2024 = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office
    )
    r2025 = services.round_open(
        plan=small_plan, period="2025", deadline=dt.date(2026, 3, 31), by=office
    )

    def save(round_, indicator, unit, by, revision=None, **data):
        return services.value_save(
            round_=round_, indicator=indicator, unit=unit, data=data, by=by, revision=revision
        ).value

    # B's submitted value (2023) and draft value (2024) with evidence.
    services.value_submit(
        value=save(r2023, s01, unit_b, reporter_b, value="0.5", source=MARKERS["submitted-source"]),
        by=reporter_b,
    )
    draft = save(
        r2024,
        s01,
        unit_b,
        reporter_b,
        value="0.49",
        source=MARKERS["draft-source"],
        caliber=MARKERS["draft-caliber"],
        note=MARKERS["draft-note"],
        explanation=MARKERS["draft-explanation"],
    )
    services.evidence_add(
        upload=SimpleUploadedFile(f"{MARKERS['evidence-name']}.pdf", PDF),
        by=reporter_b,
        value=draft,
    )
    # B's approved value (2025), then a correction draft of it.
    approved = services.value_approve(
        value=services.value_submit(
            value=save(r2025, s01, unit_b, reporter_b, value="0.48", source="统计局"),
            by=reporter_b,
        ),
        by=office,
    )
    correction = services.value_correct(value=approved, by=reporter_b, reason="年报更正")
    save(
        r2025,
        s01,
        unit_b,
        reporter_b,
        value="0.47",
        source="统计局",
        note=MARKERS["correction-note"],
        revision=correction.revision,
    )
    # A's own draft: A sees it (the crawl's positive control for A).
    save(r2024, n01, unit_a, reporter_a, value="2.6", source=OWN_MARKER)

    # B's returned lead report on task 3 and draft contribution on task 2.
    report = services.task_report_save(
        round_=r2024,
        task=small_plan.tasks.get(number=3),
        unit=unit_b,
        data={"progress": MARKERS["returned-report"], "problems": MARKERS["returned-report"]},
        by=reporter_b,
        revision=None,
    )
    report = services.task_report_transition(report=report, action=Action.SUBMIT, by=reporter_b)
    services.task_report_transition(report=report, action=Action.RETURN, by=office, reason="请补充")
    services.task_report_save(
        round_=r2024,
        task=small_plan.tasks.get(number=2),
        unit=unit_b,
        data={"progress": MARKERS["draft-report"], "next_steps": MARKERS["draft-report"]},
        by=reporter_b,
        revision=None,
    )
    from innocounty.bulletins.services import bulletin_create

    bulletin_create(plan=small_plan, period="2024")


# --- the crawler ----------------------------------------------------------------------------


def _patterns(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            namespace = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _patterns(p.url_patterns, namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, list(p.pattern.converters), p


def _samples(plan) -> dict[str, list]:
    from innocounty.bulletins.models import Bulletin
    from innocounty.reporting.exporters import exporters_of

    return {
        "plan_key": [plan.key],
        "round_id": list(Round.objects.values_list("pk", flat=True)),
        "unit_id": list(Unit.objects.values_list("pk", flat=True)),
        "value_id": list(Value.objects.values_list("pk", flat=True)),
        "report_id": list(TaskReport.objects.values_list("pk", flat=True)),
        "evidence_id": list(Evidence.objects.values_list("pk", flat=True)),
        "number": list(Task.objects.values_list("number", flat=True)),
        "code": list(Indicator.objects.values_list("code", flat=True)),
        "bulletin_id": list(Bulletin.objects.values_list("pk", flat=True)),
        "kind": list(exporters_of("bulletins")),
    }


def seed_urls(plan) -> list[str]:
    """Every named URL pattern with every combination of sample ids; unknown integer
    parameters get small ids, so URLs added later are crawled too."""
    samples = _samples(plan)
    urls = []
    for name, params, _pattern in _patterns(get_resolver().url_patterns):
        if name in ("logout", "set_language"):
            continue
        choices = [samples.get(p, [1, 2, 3]) for p in params]
        for combo in itertools.product(*choices):
            try:
                urls.append(reverse(name, kwargs=dict(zip(params, combo, strict=True))))
            except Exception:  # a sample that does not fit the converter
                continue
    return urls


_HREF = re.compile(r'(?:href|action|src|hx-get)="([^"#]+)"')


def _texts(response) -> str:
    """Everything a response says: HTML/CSV text, and every member of an xlsx/docx zip."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [body.decode("utf-8", "replace")]
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
    return "\n".join(parts)


def crawl(client, plan) -> dict[str, str]:
    """GET every seed URL and every same-site link found; return {url: text} of answers."""
    queue = deque(seed_urls(plan))
    seen: set[str] = set(queue)
    pages: dict[str, str] = {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200:
            continue
        text = _texts(response)
        pages[url] = text
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in _HREF.findall(text):
            link = unescape(link)
            if not link.startswith("/") or link.startswith("//"):
                continue
            if link.startswith(SKIP_PREFIXES) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    assert len(pages) < MAX_PAGES, "crawl limit reached"
    return pages


def _leaks(pages: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (label, url) for url, text in pages.items() for label, m in MARKERS.items() if m in text
    ]


@pytest.fixture
def planted(small_plan, office_user, reporter_a, reporter_b, leader_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plant(small_plan, office_user, reporter_a, reporter_b)
    return small_plan


def test_reporter_of_another_unit_never_sees_drafts(client, planted, reporter_a):
    client.force_login(reporter_a)
    pages = crawl(client, planted)
    assert _leaks(pages) == []
    assert any(OWN_MARKER in text for text in pages.values()), "A must see its own draft"
    assert len(pages) > 30


def test_leader_sees_approved_data_only(client, planted, leader_user):
    client.force_login(leader_user)
    pages = crawl(client, planted)
    assert _leaks(pages) == []
    assert not any(OWN_MARKER in text for text in pages.values())
    # The approved version of the corrected value is still there.
    s01 = planted.indicators.get(code="S01")
    approved = Value.objects.get(indicator=s01, period="2025", state="approved")
    assert reverse("reporting:value-detail", args=[approved.pk]) in pages


def test_the_office_sees_every_marker(client, planted, office_user):
    """The control: the crawl reaches the pages where the markers are."""
    client.force_login(office_user)
    pages = crawl(client, planted)
    found = {label for label, _url in _leaks(pages)}
    assert found == set(MARKERS)


def test_own_unit_reporter_sees_its_drafts(client, planted, reporter_b):
    client.force_login(reporter_b)
    pages = crawl(client, planted)
    found = {label for label, _url in _leaks(pages)}
    assert found == set(MARKERS)


def test_saving_a_task_the_unit_is_not_on_shows_nothing_of_others(client, planted, reporter_a):
    """POSTing to the save URL of task 2 or 3 (A is on neither) re-rendered others' reports."""
    client.force_login(reporter_a)
    unit_a = planted.units.get(name="县财政局")
    round_ = Round.objects.get(plan=planted, period="2024")
    for number in (2, 3):
        url = reverse("reporting:task-report-save", args=[round_.pk, unit_a.pk, number])
        response = client.post(url, {"progress": "试图保存"})
        text = response.content.decode()
        assert response.status_code in (403, 404)
        assert not any(m in text for m in MARKERS.values())
    assert not TaskReport.objects.filter(unit=unit_a).exists()
