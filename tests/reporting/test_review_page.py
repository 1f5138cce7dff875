"""The review page shows what the office needs to judge a value; a unit's whole submission
can be approved at once; single values are returned with a reason (issue 12, item 7)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.core.workflow import Action
from innocounty.reporting import services
from innocounty.reporting.models import TaskReport, Value

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def submitted(small_plan, office_user, reporter_a, reporter_b, n01, s01, unit_a, unit_b):
    # 2023 approved: the previous period's value of N01 is 2.4.
    r2023 = services.round_open(
        plan=small_plan, period="2023", deadline=dt.date(2030, 1, 1), by=office_user
    )
    old = services.value_save(
        round_=r2023, indicator=n01, unit=unit_a, data={"value": "2.4"}, by=reporter_a
    ).value
    services.value_approve(value=services.value_submit(value=old, by=reporter_a), by=office_user)
    r2024 = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2030, 1, 1), by=office_user
    )
    value = services.value_save(
        round_=r2024,
        indicator=n01,
        unit=unit_a,
        data={
            "value": "1.1",
            "source": "财政决算表-UNIQ-SRC",
            "caliber": "一般公共预算口径-UNIQ-CAL",
            "explanation": "决算调整-UNIQ-EXPL",
        },
        by=reporter_a,
    ).value
    services.evidence_add(
        upload=SimpleUploadedFile("决算表-UNIQ.pdf", PDF), by=reporter_a, value=value
    )
    value = services.value_submit(value=value, by=reporter_a)
    task = small_plan.tasks.get(number=1)
    report = services.task_report_save(
        round_=r2024,
        task=task,
        unit=unit_a,
        data={"progress": "进展", "percent": 50},
        by=reporter_a,
        revision=None,
    )
    report = services.task_report_transition(report=report, action=Action.SUBMIT, by=reporter_a)
    other = services.value_save(
        round_=r2024,
        indicator=s01,
        unit=unit_b,
        data={"value": "0.49", "explanation": "x"},
        by=reporter_b,
    ).value
    other = services.value_submit(value=other, by=reporter_b)
    return r2024, value, report, other


def test_each_value_is_shown_with_previous_target_source_caliber_warnings_and_evidence(
    client, office_user, submitted, n01
):
    round_, value, _report, _other = submitted
    client.force_login(office_user)
    html = client.get(reverse("reporting:round-review", args=[round_.pk])).content.decode()
    row = html[html.index(f'id="review-value-{value.pk}"') :]
    row = row[: row.index("</tr>")]
    target = n01.targets.get(year=2024, kind="target").value
    assert 'data-testid="previous">2.40' in row and "2023" in row
    assert f'data-testid="target">{n01.format_value(target)}' in row
    assert 'data-testid="current"><strong>1.10</strong>' in row
    for marker in (
        "财政决算表-UNIQ-SRC",
        "一般公共预算口径-UNIQ-CAL",
        "决算调整-UNIQ-EXPL",
        "决算表-UNIQ.pdf",
    ):
        assert marker in row
    # 1.1 against 2.4 last year: a warning, shown with the unit's explanation.
    assert value.warnings and value.warnings[0] in row


def test_the_office_approves_one_units_whole_submission_at_once(
    client, office_user, submitted, unit_a
):
    round_, value, report, other = submitted
    client.force_login(office_user)
    url = reverse("reporting:round-review-unit-approve", args=[round_.pk, unit_a.pk])
    response = client.post(url, follow=True)
    assert "已通过县财政局的 1 项指标数据和 1 项任务进展" in response.content.decode()
    assert Value.objects.get(pk=value.pk).state == "approved"
    assert TaskReport.objects.get(pk=report.pk).state == "approved"
    # Another unit's submission is untouched.
    assert Value.objects.get(pk=other.pk).state == "submitted"
    assert LogEntry.objects.filter(action="reporting.value.approved").count() == 2  # 2023 + now
    assert f'id="review-value-{other.pk}"' in response.content.decode()


def test_a_reporter_cannot_approve_a_units_submission(client, reporter_a, submitted, unit_a):
    round_, value, *_ = submitted
    client.force_login(reporter_a)
    url = reverse("reporting:round-review-unit-approve", args=[round_.pk, unit_a.pk])
    assert client.post(url).status_code == 403
    assert Value.objects.get(pk=value.pk).state == "submitted"


def test_a_single_value_is_returned_with_its_reason(client, office_user, submitted):
    round_, value, report, _other = submitted
    client.force_login(office_user)
    client.post(
        reverse("reporting:value-return", args=[value.pk]),
        {"reason": "请附决算表盖章页", "next": reverse("reporting:round-review", args=[round_.pk])},
    )
    value.refresh_from_db()
    assert (value.state, value.return_reason) == ("returned", "请附决算表盖章页")
    assert TaskReport.objects.get(pk=report.pk).state == "submitted"
