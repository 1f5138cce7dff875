"""代填/代报: the office enters and submits a unit's values and task reports on its behalf.

Only the office, only through the explicit on-behalf path; the audit log names the unit and the
unit's own entry page says the office did it, with who and when. Everyone else is refused with
nothing written, and a reporter never gains another unit this way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.core.workflow import Action
from innocounty.reporting import excel, services
from innocounty.reporting.models import TaskReport, Value
from tests.reporting.test_excel import FIRST, col, edit, snapshot

pytestmark = pytest.mark.django_db


def _entries(model, obj) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type__app_label="reporting",
            content_type__model=model._meta.model_name,
            object_id=str(obj.pk),
        ).order_by("pk")
    )


def _writes() -> tuple:
    return (
        snapshot(),
        list(TaskReport.objects.values_list("pk", "revision")),
        LogEntry.objects.count(),
    )


def test_the_round_page_links_the_office_to_enter_for_each_unit(
    client, office_user, reporter_a, round_2024, unit_a
):
    entry = reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk])
    client.force_login(office_user)
    page = client.get(reverse("reporting:round-detail", args=[round_2024.pk])).content.decode()
    assert f'href="{entry}?on_behalf=1"' in page
    client.force_login(reporter_a)
    page = client.get(reverse("reporting:round-detail", args=[round_2024.pk])).content.decode()
    assert "on_behalf=1" not in page


def test_the_office_saves_and_submits_for_a_unit_and_the_unit_sees_it(
    client, office_user, reporter_a, round_2024, unit_a, n01
):
    office_user.first_name = "代填人甲"
    office_user.save()
    client.force_login(office_user)
    page_url = reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk])
    page = client.get(page_url + "?on_behalf=1").content.decode()
    assert 'id="on-behalf-banner"' in page
    assert 'name="on_behalf" value="1"' in page

    save = reverse("reporting:round-unit-save", args=[round_2024.pk, unit_a.pk])
    response = client.post(
        save, {"on_behalf": "1", "N01-value": "2.61", "N01-explanation": "办公室代填"}
    )
    assert response.status_code == 302
    assert response["Location"] == page_url + "?on_behalf=1"
    value = Value.objects.get(indicator=n01, period="2024")
    assert value.value == Decimal("2.61")
    assert value.unit == unit_a
    assert value.updated_by == office_user

    submit = reverse("reporting:round-unit-submit", args=[round_2024.pk, unit_a.pk])
    assert client.post(submit, {"on_behalf": "1"}).status_code == 302
    value.refresh_from_db()
    assert value.state == "submitted"

    log = _entries(Value, value)
    assert [e.action for e in log] == ["reporting.value.created", "reporting.value.submitted"]
    assert all(e.user == office_user for e in log)
    assert all(e.data["on_behalf_of"] == "县财政局" for e in log)

    # The unit's own reporter sees on its entry page that the office did it, who and when.
    client.force_login(reporter_a)
    page = client.get(page_url).content.decode()
    assert "由办公室代填/代报：代填人甲，" in page
    assert 'id="on-behalf-banner"' not in page
    # …and the value's history names the unit.
    detail = client.get(reverse("reporting:value-detail", args=[value.pk])).content.decode()
    assert "由办公室代填/代报，代表单位：县财政局" in detail


def test_a_reporters_own_save_is_not_marked_as_on_behalf(
    client, reporter_a, round_2024, unit_a, n01
):
    client.force_login(reporter_a)
    save = reverse("reporting:round-unit-save", args=[round_2024.pk, unit_a.pk])
    # A reporter cannot claim the office path: the flag grants and records nothing.
    assert client.post(save, {"on_behalf": "1", "N01-value": "2.61"}).status_code == 302
    value = Value.objects.get(indicator=n01)
    assert all("on_behalf_of" not in e.data for e in _entries(Value, value))
    page = client.get(reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk]))
    assert "由办公室代填/代报" not in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("leader_user", 403), ("reporter_b", 404), ("office_user", 403)]
)
def test_others_are_refused_with_nothing_written(
    client, request, persona, status, round_2024, unit_a, n01
):
    """The leader and another unit's reporter even with the flag; the office without it."""
    client.force_login(request.getfixturevalue(persona))
    flag = {} if persona == "office_user" else {"on_behalf": "1"}
    before = _writes()
    args = [round_2024.pk, unit_a.pk]
    for name, data in (
        ("reporting:round-unit-save", {"N01-value": "9.99"}),
        ("reporting:round-unit-submit", {}),
        ("reporting:round-unit-upload", {"file": SimpleUploadedFile("t.xlsx", b"x")}),
    ):
        response = client.post(reverse(name, args=args), {**flag, **data})
        assert response.status_code == status, name
    task = reverse("reporting:task-report-save", args=[*args, 1])
    response = client.post(task, {**flag, "progress": "越权填写", "submit": "1"})
    assert response.status_code == status
    assert _writes() == before
    assert not Value.objects.exists() and not TaskReport.objects.exists()


def test_the_services_refuse_on_behalf_for_anyone_but_the_office(
    reporter_a, reporter_b, leader_user, round_2024, unit_a, unit_b, n01, s01
):
    before = _writes()
    for by, unit, indicator in (
        (reporter_b, unit_a, n01),
        (reporter_a, unit_b, s01),
        (leader_user, unit_a, n01),
    ):
        with pytest.raises(PermissionDenied):
            services.value_save(
                round_=round_2024,
                indicator=indicator,
                unit=unit,
                data={"value": "1"},
                by=by,
                on_behalf=True,
            )
        task = round_2024.plan.tasks.get(number=1 if unit == unit_a else 2)
        with pytest.raises(PermissionDenied):
            services.task_report_save(
                round_=round_2024,
                task=task,
                unit=unit,
                data={"progress": "越权"},
                by=by,
                revision=None,
                on_behalf=True,
            )
    assert _writes() == before


def test_the_office_cannot_submit_an_item_on_behalf_of_no_unit_and_only_submits(
    office_user, reporter_a, round_2024, unit_a
):
    task = round_2024.plan.tasks.get(number=1)
    report = services.task_report_save(
        round_=round_2024,
        task=task,
        unit=unit_a,
        data={"progress": "进行中"},
        by=reporter_a,
        revision=None,
    )
    before = _writes()
    for action in (Action.APPROVE, Action.CORRECT):
        with pytest.raises(PermissionDenied):
            services.task_report_transition(
                report=report, action=action, by=office_user, on_behalf=True
            )
    assert _writes() == before


def test_the_office_reports_a_task_for_the_unit(
    client, office_user, reporter_a, round_2024, unit_a
):
    client.force_login(office_user)
    url = reverse("reporting:task-report-save", args=[round_2024.pk, unit_a.pk, 1])
    response = client.post(url, {"on_behalf": "1", "progress": "办公室代报进展", "submit": "1"})
    assert response.status_code == 302
    report = TaskReport.objects.get(unit=unit_a, task__number=1)
    assert report.state == "submitted"
    assert report.progress == "办公室代报进展"
    log = _entries(TaskReport, report)
    assert [e.data.get("on_behalf_of") for e in log] == ["县财政局", "县财政局"]
    client.force_login(reporter_a)
    page = client.get(reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk]))
    assert "由办公室代填/代报：office" in page.content.decode()


def test_the_office_uploads_the_units_template_on_its_behalf(
    client, office_user, round_2024, unit_a, n01
):
    client.force_login(office_user)
    template = excel.template_workbook(round_=round_2024, unit=unit_a)
    data = edit(template, {f"{col('value')}{FIRST}": 2.3})
    url = reverse("reporting:round-unit-upload", args=[round_2024.pk, unit_a.pk])
    response = client.post(url, {"on_behalf": "1", "file": SimpleUploadedFile("t.xlsx", data)})
    assert response.status_code == 302
    value = Value.objects.get(indicator=n01)
    assert value.value == Decimal("2.3")
    assert _entries(Value, value)[0].data["on_behalf_of"] == "县财政局"
