"""Reading through the API: plans, indicators (latest approved value, status, forecast),
approved history and the comparison across plans; what a person may not see stays unseen.

The world: the small plan (县财政局 reports N01, 县经信局 and 县科技局 report S01) and a second
county's plan. N01 2023 = 2.1 approved; 2024: version 1 = 2.4 approved, version 2 = 2.6
approved (a correction), version 3 = 87.65 submitted, not approved. Unit B keeps a draft of S01
2024 = 64.321. The other county's N01 2024 = 2.2 approved.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from innocounty.core import schema
from innocounty.plans.services import plan_load
from innocounty.reporting import services
from innocounty.reporting.models import Value
from tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.django_db

OTHER_TITLE = "他县国家创新型县建设实施方案"
# A submitted version and unit B's draft; both above 59 so that no timestamp's seconds
# (49.87…) can spell them.
UNAPPROVED = ("87.65", "64.321")
BEFORE = dt.datetime(2023, 6, 1, 10, 0)
DURING = dt.datetime(2025, 6, 1, 10, 0)
AFTER = dt.datetime(2027, 3, 1, 10, 0)


def _approve(value, *, by, office, on_behalf=False):
    submitted = services.value_submit(value=value, by=by, on_behalf=on_behalf)
    return services.value_approve(value=submitted, by=office)


@pytest.fixture
def world(small_plan, office_user, reporter_a, reporter_b, leader_user):
    plan = small_plan
    unit_a = plan.units.get(name="县财政局")
    n01 = plan.indicators.get(code="N01")
    s01 = plan.indicators.get(code="S01")
    r23 = services.round_open(
        plan=plan, period="2023", deadline=dt.date(2024, 3, 31), by=office_user
    )
    r24 = services.round_open(
        plan=plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )

    def save(round_, indicator, unit, value, by, revision=None, **extra):
        data = {"value": value, "explanation": "说明", **extra}
        return services.value_save(
            round_=round_, indicator=indicator, unit=unit, data=data, by=by, revision=revision
        ).value

    _approve(save(r23, n01, unit_a, "2.1", reporter_a), by=reporter_a, office=office_user)
    v1 = _approve(save(r24, n01, unit_a, "2.4", reporter_a), by=reporter_a, office=office_user)
    v2 = services.value_correct(value=v1, by=reporter_a, reason="年报数")
    v2 = save(r24, n01, unit_a, "2.6", reporter_a, revision=v2.revision)
    v2 = _approve(v2, by=reporter_a, office=office_user)
    v3 = services.value_correct(value=v2, by=reporter_a, reason="再次更正")
    v3 = save(r24, n01, unit_a, "87.65", reporter_a, revision=v3.revision)
    services.value_submit(value=v3, by=reporter_a)
    save(r24, s01, plan.units.get(name="县经信局"), "64.321", reporter_b)

    data = copy.deepcopy(SMALL_PLAN)
    data.update(key="other-county-2024", title=OTHER_TITLE, region="他县")
    other = plan_load(data=schema.Plan.model_validate(data)).plan
    o24 = services.round_open(
        plan=other, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    value = services.value_save(
        round_=o24,
        indicator=other.indicators.get(code="N01"),
        unit=other.units.get(name="县财政局"),
        data={"value": "2.2", "explanation": "说明"},
        by=office_user,
        on_behalf=True,
    ).value
    _approve(value, by=office_user, office=office_user, on_behalf=True)
    return plan, other


def _results(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return response.json()["results"]


def test_every_endpoint_answers_401_without_a_valid_token(world):
    plan, _other = world
    urls = [
        "/api/v1/plans/",
        f"/api/v1/plans/{plan.key}/indicators/",
        f"/api/v1/plans/{plan.key}/indicators/N01/values/",
        "/api/v1/compare/?indicator=N01&period=2024",
        "/api/v1/schema/",
    ]
    for client in (APIClient(), APIClient()):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 401, url
            assert "2.6" not in response.content.decode()
        client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = APIClient().post(f"/api/v1/plans/{plan.key}/rounds/1/values/", [], format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_plans_are_those_the_person_may_see(world, office_api, leader_api, api_a):
    plan, _other = world
    expected = {
        "key": plan.key,
        "title": "示范县国家创新型县建设实施方案",
        "region": "示范县",
        "start_year": 2024,
        "end_year": 2026,
    }
    for client in (office_api, leader_api):
        rows = _results(client, "/api/v1/plans/")
        assert [r["key"] for r in rows] == ["demo-county-2024", "other-county-2024"]
        assert rows[0] == expected
    assert _results(api_a, "/api/v1/plans/") == [expected]


def test_a_plan_without_a_region_has_region_null(world, office_api):
    plan, _other = world
    plan.region = ""
    plan.save()
    rows = {r["key"]: r for r in _results(office_api, "/api/v1/plans/")}
    assert rows[plan.key]["region"] is None


def test_lists_are_paginated(world, office_api):
    page = office_api.get("/api/v1/plans/?page_size=1").json()
    assert page["count"] == 2
    assert [r["key"] for r in page["results"]] == ["demo-county-2024"]
    second = office_api.get(page["next"]).json()
    assert [r["key"] for r in second["results"]] == ["other-county-2024"]
    assert second["next"] is None


def test_indicators_give_the_latest_approved_value_not_a_later_version(world, leader_api):
    plan, _other = world
    with time_machine.travel(DURING, tick=False):
        rows = _results(leader_api, f"/api/v1/plans/{plan.key}/indicators/")
    n01, s01 = rows
    # Default period during the plan: the latest ended period with approved data, 2024.
    assert {k: n01[k] for k in ("code", "catalogue", "unit", "period", "value", "target")} == {
        "code": "N01",
        "catalogue": "N01",
        "unit": "%",
        "period": "2024",
        "value": "2.6",
        "target": "2.5",
    }
    assert n01["name"] == "本级财政科学技术支出占当年本级财政一般公共预算支出比重"
    assert (n01["status"], n01["status_label"]) == ("met", "已达标")  # 2.6 ≥ 2.5
    assert {k: s01[k] for k in ("code", "catalogue", "period", "value", "status")} == {
        "code": "S01",
        "catalogue": None,
        "period": "2024",
        "value": None,  # unit B's draft does not count
        "status": "no_data",
    }


def test_indicators_give_the_forecast_to_the_assessment_value(world, leader_api):
    plan, _other = world
    rows = _results(leader_api, f"/api/v1/plans/{plan.key}/indicators/?period=2024")
    forecast = rows[0]["forecast"]
    # Base 2023 = 2.1, current 2024 = 2.6: growth 23.8 % a year against the 12.6 % needed to
    # reach the assessment value 3.0 in 2026 (progress 1.89 ≥ 0.95).
    growth = 2.6 / 2.1 - 1
    required = (3.0 / 2.1) ** (1 / 3) - 1
    assert growth / required > 0.95
    assert forecast["status"] == "substantial_progress"
    assert (forecast["target"], forecast["target_year"]) == ("3", 2026)
    assert forecast["projected"] == pytest.approx(2.6 * (1 + growth) ** 2)
    assert rows[1]["forecast"] is None  # no data: the engine gives none


def test_indicators_after_the_plan_judge_its_final_year(world, leader_api):
    plan, _other = world
    with time_machine.travel(AFTER, tick=False):
        n01 = _results(leader_api, f"/api/v1/plans/{plan.key}/indicators/")[0]
    assert (n01["period"], n01["value"], n01["status"]) == ("2026", None, "no_data")
    assert n01["target"] == "3"  # the final year has the assessment value only


def test_indicators_before_the_plan_judge_the_last_ended_year(world, leader_api):
    """In June 2023 no period with approved data has ended: the latest ended month
    (2023-05) is the as-of period, and for a yearly indicator that is the year 2022."""
    plan, _other = world
    with time_machine.travel(BEFORE, tick=False):
        n01 = _results(leader_api, f"/api/v1/plans/{plan.key}/indicators/")[0]
    assert (n01["period"], n01["value"], n01["status"]) == ("2022", None, "no_data")


def test_an_earlier_period_is_read_on_request(world, leader_api):
    plan, _other = world
    n01 = _results(leader_api, f"/api/v1/plans/{plan.key}/indicators/?period=2023")[0]
    assert (n01["period"], n01["value"]) == ("2023", "2.1")


def test_an_unknown_period_is_refused(world, leader_api):
    plan, _other = world
    response = leader_api.get(f"/api/v1/plans/{plan.key}/indicators/?period=2031")
    assert response.status_code == 400
    assert "period" in response.json()


def test_history_lists_the_approved_versions_only(world, api_b):
    plan, _other = world
    rows = _results(api_b, f"/api/v1/plans/{plan.key}/indicators/N01/values/")
    assert [(r["period"], r["version"], r["value"]) for r in rows] == [
        ("2024", 2, "2.6"),
        ("2024", 1, "2.4"),
        ("2023", 1, "2.1"),
    ]
    assert rows[0]["unit"] == "县财政局"
    assert Value.objects.filter(indicator__code="N01", period="2024", version=3).exists()


def test_compare_gives_one_row_per_visible_plan(world, office_api, api_a):
    rows = _results(office_api, "/api/v1/compare/?indicator=N01&period=2024")
    assert [
        (r["plan"], r["indicator"], r["period"], r["value"], r["target"], r["status"]) for r in rows
    ] == [
        ("demo-county-2024", "N01", "2024", "2.6", "2.5", "met"),
        # 2.2 ÷ 2.5 = 0.88: below on track (0.95), above seriously behind (0.80).
        ("other-county-2024", "N01", "2024", "2.2", "2.5", "behind"),
    ]
    assert [r["plan"] for r in _results(api_a, "/api/v1/compare/?indicator=N01&period=2024")] == [
        "demo-county-2024"
    ]


def test_compare_refuses_an_unknown_catalogue_code(world, office_api):
    response = office_api.get("/api/v1/compare/?indicator=S01&period=2024")
    assert response.status_code == 400
    assert response.json() == {"indicator": ["未知的国家标准指标代码“S01”"]}


def test_a_plan_the_person_may_not_see_answers_404_without_its_data(world, api_a):
    _plan, other = world
    for url in (
        f"/api/v1/plans/{other.key}/indicators/",
        f"/api/v1/plans/{other.key}/indicators/?period=2024",
        f"/api/v1/plans/{other.key}/indicators/N01/values/",
    ):
        response = api_a.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()
        assert "2.2" not in text and OTHER_TITLE not in text and "他县" not in text


@pytest.mark.parametrize("persona", ["api_a", "leader_api"])
def test_unapproved_versions_never_appear(world, persona, request):
    """Reporter A (B's draft is not its unit's) and a leader (drafts and submitted versions
    are not approved) read every answer the API gives; no unapproved number is in any."""
    client = request.getfixturevalue(persona)
    plan, _other = world
    urls = ["/api/v1/plans/", "/api/v1/schema/"]
    for period in ("", "?period=2024", "?period=2025"):
        urls.append(f"/api/v1/plans/{plan.key}/indicators/{period}")
        urls.append(f"/api/v1/compare/?indicator=N01{period.replace('?', '&')}")
    for code in ("N01", "S01"):
        urls.append(f"/api/v1/plans/{plan.key}/indicators/{code}/values/")
    seen = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen += response.content.decode()
    assert "2.6" in seen  # the approved value is there
    # The control: both unapproved versions are in the database.
    assert Value.objects.get(value=Decimal("87.65")).state == "submitted"
    assert Value.objects.get(value=Decimal("64.321")).state == "draft"
    for marker in UNAPPROVED:
        assert marker not in seen
    json.loads(client.get("/api/v1/schema/").content)


def test_requests_beyond_the_rate_are_throttled(world, leader_api, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "3/min"})
    assert [leader_api.get("/api/v1/plans/").status_code for _ in range(4)] == [200] * 3 + [429]


def test_status_labels_follow_the_clients_language(world, leader_api):
    plan, _other = world
    url = f"/api/v1/plans/{plan.key}/indicators/?period=2024"
    response = leader_api.get(url, HTTP_ACCEPT_LANGUAGE="en")
    labels = [r["status_label"] for r in response.json()["results"]]
    assert labels == ["Met", "No data"]
