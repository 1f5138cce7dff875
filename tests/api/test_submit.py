"""Submitting values through the API: drafts under the web form's rules, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from innocounty.audit.models import LogEntry
from innocounty.reporting import services
from innocounty.reporting.models import Value

pytestmark = pytest.mark.django_db


@pytest.fixture
def round24(small_plan, office_user):
    return services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )


def _url(plan, round_) -> str:
    return f"/api/v1/plans/{plan.key}/rounds/{round_.pk}/values/"


def _counts() -> tuple[int, int]:
    return Value.objects.count(), LogEntry.objects.count()


def test_valid_entries_become_drafts_with_the_web_forms_audit(
    small_plan, round24, api_a, reporter_a
):
    response = api_a.post(
        _url(small_plan, round24),
        [{"indicator": "N01", "value": 2.45, "explanation": "快报数", "source": "县统计局"}],
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"] == "县财政局" and body["submitted"] is False
    assert [(r["indicator"], r["period"], r["state"], r["value"]) for r in body["results"]] == [
        ("N01", "2024", "draft", "2.45")
    ]
    value = Value.objects.get()
    assert (value.value, value.state, value.unit.name, value.updated_by) == (
        Decimal("2.45"),
        "draft",
        "县财政局",
        reporter_a,
    )
    assert value.source == "县统计局"
    entry = LogEntry.objects.get(action="reporting.value.created")
    assert entry.user == reporter_a and entry.object_id == str(value.pk)
    assert entry.data["changes"]["value"] == [None, "2.45"]
    assert entry.data["unit"] == "县财政局"


def test_submit_sends_the_drafts_for_review(small_plan, round24, api_a):
    response = api_a.post(
        _url(small_plan, round24) + "?submit=1",
        [{"indicator": "N01", "value": "2.45", "explanation": "快报数"}],
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["results"][0]["state"] == "submitted"
    value = Value.objects.get()
    assert value.state == "submitted" and value.submitted_at is not None
    actions = list(value.log_entries().values_list("action", flat=True))
    assert sorted(actions) == ["reporting.value.created", "reporting.value.submitted"]


def test_a_later_call_changes_the_draft(small_plan, round24, api_a):
    api_a.post(_url(small_plan, round24), [{"indicator": "N01", "value": "2.45"}], format="json")
    response = api_a.post(
        _url(small_plan, round24), {"values": [{"indicator": "N01", "value": "2.5"}]}, format="json"
    )
    assert response.status_code == 201, response.content
    value = Value.objects.get()
    assert (str(value.value.normalize()), value.version, value.revision) == ("2.5", 1, 2)
    assert LogEntry.objects.filter(action="reporting.value.changed").count() == 1


def test_any_invalid_entry_saves_nothing_and_lists_every_problem(small_plan, round24, api_a):
    before = _counts()
    response = api_a.post(
        _url(small_plan, round24),
        [
            {"indicator": "N01", "value": "2.45"},  # valid on its own
            {"indicator": "S01", "value": "0.5"},  # not 县财政局's indicator
            {"indicator": "X99", "value": "1"},
        ],
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "有错误，未保存任何数据。"
    assert body["errors"] == [
        {
            "indicator": "S01",
            "field": "indicator",
            "message": "指标“S01”不在本轮次“县财政局”的填报范围内",
        },
        {
            "indicator": "X99",
            "field": "indicator",
            "message": "指标“X99”不在本轮次“县财政局”的填报范围内",
        },
    ]
    assert _counts() == before


def test_the_services_checks_are_reported_by_indicator(small_plan, round24, api_a):
    before = _counts()
    response = api_a.post(
        _url(small_plan, round24), [{"indicator": "N01", "value": "两点五"}], format="json"
    )
    assert response.status_code == 400
    (problem,) = response.json()["errors"]
    assert (problem["indicator"], problem["field"]) == ("N01", "value")
    # The same words as the web form (the service's check, not a copy of it).
    checked = services.value_check(
        indicator=small_plan.indicators.get(code="N01"), period="2024", data={"value": "两点五"}
    )
    assert problem["message"] == checked.errors["value"][0]
    assert _counts() == before


def test_a_failed_submission_rolls_back_the_saves(small_plan, round24, api_a):
    """Submitting needs an explanation when the checks warn (1.5 is far below the target 2.5)."""
    before = _counts()
    response = api_a.post(
        _url(small_plan, round24) + "?submit=1",
        [{"indicator": "N01", "value": "1.5"}],
        format="json",
    )
    assert response.status_code == 400
    (problem,) = response.json()["errors"]
    assert (problem["indicator"], problem["field"]) == ("N01", "explanation")
    assert _counts() == before


def test_a_closed_round_takes_no_new_values(small_plan, round24, api_a, office_user):
    services.round_close(round_=round24, by=office_user)
    before = _counts()
    response = api_a.post(
        _url(small_plan, round24), [{"indicator": "N01", "value": "2.45"}], format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == services.ROUND_CLOSED.format(
        title=round24.title
    )
    assert _counts() == before


def test_a_submitted_value_cannot_be_changed(small_plan, round24, api_a):
    api_a.post(
        _url(small_plan, round24) + "?submit=1",
        [{"indicator": "N01", "value": "2.45"}],
        format="json",
    )
    before = _counts()
    response = api_a.post(
        _url(small_plan, round24), [{"indicator": "N01", "value": "2.5"}], format="json"
    )
    assert response.status_code == 400
    assert Value.objects.get().value == Decimal("2.45")
    assert _counts() == before


def test_another_units_entries_are_refused(small_plan, round24, api_a, api_b):
    before = _counts()
    response = api_a.post(
        _url(small_plan, round24),
        {"unit": "县经信局", "values": [{"indicator": "S01", "value": "0.5"}]},
        format="json",
    )
    assert response.status_code == 404
    assert "0.5" not in response.content.decode()
    response = api_b.post(
        _url(small_plan, round24), [{"indicator": "N01", "value": "2.45"}], format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["indicator"] == "N01"
    assert _counts() == before


def test_read_only_people_are_refused(small_plan, round24, leader_api, office_api):
    before = _counts()
    body = {"unit": "县财政局", "values": [{"indicator": "N01", "value": "2.45"}]}
    assert leader_api.post(_url(small_plan, round24), body, format="json").status_code == 403
    # The office writes for a unit only on its explicit behalf (代填).
    assert office_api.post(_url(small_plan, round24), body, format="json").status_code == 403
    assert _counts() == before


def test_the_office_enters_on_a_units_behalf(small_plan, round24, office_api):
    body = {
        "unit": "县财政局",
        "on_behalf": True,
        "values": [{"indicator": "N01", "value": "2.45"}],
    }
    response = office_api.post(_url(small_plan, round24), body, format="json")
    assert response.status_code == 201, response.content
    entry = LogEntry.objects.get(action="reporting.value.created")
    assert entry.data["on_behalf_of"] == "县财政局"


def test_a_round_of_another_plan_answers_404(small_plan, round24, api_a, office_user):
    from innocounty.core import schema
    from innocounty.plans.services import plan_load
    from tests.conftest import SMALL_PLAN

    other = plan_load(data=schema.Plan.model_validate({**SMALL_PLAN, "key": "other-2024"})).plan
    other_round = services.round_open(
        plan=other, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    response = api_a.post(
        _url(small_plan, other_round), [{"indicator": "N01", "value": "2.45"}], format="json"
    )
    assert response.status_code == 404
    response = api_a.post(
        _url(other, other_round), [{"indicator": "N01", "value": "2.45"}], format="json"
    )
    assert response.status_code == 404  # not reporter A's plan
    assert not Value.objects.exists()


def test_problems_are_told_in_english_to_an_english_client(small_plan, round24, api_a):
    response = api_a.post(
        _url(small_plan, round24),
        [{"indicator": "X99", "value": "1"}],
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "There are errors; nothing was saved."
    # The unit's name is data; the sentence around it is English.
    assert body["errors"][0]["message"] == (
        "Indicator “X99” is not among what “县财政局” reports in this round"
    )
