"""Tenancy: a county's people never see another county's data (issue #16).

Two counties of one province, each with its plan. County B's plan is the world of the
URL × role matrix (tests/test_permissions.py); markers are planted in everything B has (the
plan's title, a draft and an approved value, a task report, a supervision item, a meeting, a
bulletin, a self-evaluation report). County A's office, leader and reporter then open every URL
of the matrix with B's objects, every list and export: B's URLs answer 403 or 404, no answer
shows a marker, and no row of B changes. B's own office, with its region, keeps the office's
column of the matrix; the province office reads B like a leader and changes nothing.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import serializers
from django.urls import reverse

from innocounty.plans.models import Plan, Region
from innocounty.plans.services import plan_load
from innocounty.reporting import access
from tests.conftest import _make_user
from tests.test_permissions import GET_AND_POST, RULES, World, _bulletin, _report, _supervision

pytestmark = pytest.mark.django_db

MARKER = "MARKER-B"


@pytest.fixture
def counties(small_plan, small_plan_data, office_user, reporter_a, settings, tmp_path):
    """Province P with counties A and B. B holds the permission matrix's world (its office is
    the matrix's `office`, with region B); A has its own plan and people."""
    settings.MEDIA_ROOT = tmp_path
    province = Region.objects.create(code="p", name="某省", level=Region.Level.PROVINCE)
    county_a = Region.objects.create(
        code="a", name="甲县", level=Region.Level.COUNTY, parent=province
    )
    county_b = Region.objects.create(
        code="b", name="乙县", level=Region.Level.COUNTY, parent=province
    )
    plan_b = small_plan
    Plan.objects.filter(pk=plan_b.pk).update(county=county_b, title=f"{MARKER}-PLAN")
    plan_b.refresh_from_db()
    county_b.users.add(office_user)
    plan_a = plan_load(data=small_plan_data.model_copy(update={"key": "county-a"})).plan
    Plan.objects.filter(pk=plan_a.pk).update(county=county_a, title="甲县方案")
    people = {
        "office_x": _make_user("office-x", "office", plan_a.office_unit),
        "leader_x": _make_user("leader-x", "leader"),
        "reporter_x": _make_user("reporter-x", "reporter", plan_a.units.get(name="县财政局")),
        "province": _make_user("province", "province"),
    }
    county_a.users.add(people["office_x"], people["leader_x"])
    province.users.add(people["province"])

    world = World(plan_b, office_user, reporter_a)
    _bulletin(world)
    _supervision(world)
    _report(world)
    _plant(world)
    return world, plan_a, people


def _plant(w) -> None:
    from innocounty.bulletins.models import Bulletin
    from innocounty.reporting.models import TaskReport, Value
    from innocounty.supervision.models import Item, Meeting

    Value.objects.filter(pk=w.value.pk).update(explanation=f"{MARKER}-DRAFT")
    Value.objects.filter(pk=w.approved.pk).update(explanation=f"{MARKER}-APPROVED")
    Value.objects.filter(pk=w.submitted.pk).update(explanation=f"{MARKER}-SUBMITTED")
    TaskReport.objects.filter(pk=w.report.pk).update(progress=f"{MARKER}-REPORT")
    Item.objects.filter(plan=w.plan).update(title=f"{MARKER}-ITEM")
    Meeting.objects.filter(plan=w.plan).update(title=f"{MARKER}-MEETING")
    Bulletin.objects.filter(plan=w.plan).update(title=f"{MARKER}-BULLETIN")
    w.plan.units.filter(name="县财政局").update(duties=f"{MARKER}-DUTIES")


def _fingerprint(plan: Plan) -> str:
    """Every row of the plan's reporting, supervision and documents, as JSON: a refused
    request must leave it as it was."""
    from innocounty.acceptance.models import SelfEvaluation
    from innocounty.bulletins.models import Bulletin
    from innocounty.reporting.models import Evidence, Round, TaskReport, Value
    from innocounty.supervision.models import Item, Meeting, Milestone, Step

    sets = [
        Plan.objects.filter(pk=plan.pk),
        plan.units.all(),
        plan.indicators.all(),
        Round.objects.filter(plan=plan),
        Value.objects.filter(indicator__plan=plan),
        TaskReport.objects.filter(round__plan=plan),
        Evidence.objects.filter(value__indicator__plan=plan),
        Bulletin.objects.filter(plan=plan),
        SelfEvaluation.objects.filter(plan=plan),
        Item.objects.filter(plan=plan),
        Step.objects.filter(item__plan=plan),
        Milestone.objects.filter(task__plan=plan),
        Meeting.objects.filter(plan=plan),
    ]
    return "\n".join(serializers.serialize("json", qs.order_by("pk")) for qs in sets)


def _text(response) -> str:
    """What a person sees of a response: the page, or every file inside an xlsx/docx."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


def _request(client, name, world):
    method, kwargs, _expected, data = RULES[name]
    url = reverse(name, kwargs=kwargs(world))
    if method == "GET":
        return client.get(url)
    body = data(world) if callable(data) else data
    if body == "evidence":
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.test_permissions import PDF

        body = {"file": SimpleUploadedFile("x.pdf", PDF)}
    return client.post(url, body or {})


# URLs that name no object of B: their content is checked, not their status.
UNSCOPED = {name for name, rule in RULES.items() if not rule[1].__code__.co_names}


@pytest.mark.parametrize("persona", ["office_x", "leader_x", "reporter_x"])
def test_another_countys_people_get_no_page_export_or_change_of_county_b(client, counties, persona):
    world, _plan_a, people = counties
    client.force_login(people[persona])
    before = _fingerprint(world.plan)
    for name in sorted(RULES):
        response = _request(client, name, world)
        if name not in UNSCOPED:
            assert response.status_code in (403, 404), (name, persona, response.status_code)
        if response.status_code == 200:
            assert MARKER not in _text(response), (name, persona)
        if name in GET_AND_POST and name not in UNSCOPED:
            assert client.get(reverse(name, kwargs=RULES[name][1](world))).status_code in (
                403,
                404,
            )
    assert _fingerprint(world.plan) == before, persona


@pytest.mark.parametrize("persona", ["office_x", "leader_x", "reporter_x"])
def test_no_list_home_or_export_shows_another_countys_marker(client, counties, persona):
    _world, plan_a, people = counties
    client.force_login(people[persona])
    pages = [
        reverse(name)
        for name in (
            "web:home",
            "reporting:todo",
            "reporting:round-list",
            "reporting:values-export",
            "bulletins:bulletin-list",
            "supervision:inbox",
            "accounts:people",
            "accounts:audit",
        )
    ]
    pages += [
        reverse("monitor:cockpit", args=[plan_a.key]),
        reverse("plans:plan-detail", args=[plan_a.key]),
        reverse("supervision:ledger", args=[plan_a.key]),
    ]
    seen = 0
    for url in pages:
        response = client.get(url, follow=True)
        if response.status_code == 200:
            seen += 1
            assert MARKER not in _text(response), (url, persona)
    assert seen >= 3, persona  # the persona's own pages answer, and none shows B


def test_the_people_pages_and_audit_log_of_county_a_leave_out_county_b(client, counties):
    world, _plan_a, people = counties
    client.force_login(people["office_x"])
    page = client.get(reverse("accounts:people")).content.decode()
    assert "reporter-x" in page
    assert "reporter-a" not in page and "reporter-b" not in page
    log = client.get(reverse("accounts:audit")).content.decode()
    assert "reporter-a" not in log
    reporter_of_b = world.plan.units.get(name="县财政局").users.get()
    url = reverse("accounts:person-edit", args=[reporter_of_b.pk])
    assert client.post(url, {"real_name": "改名", "phone": ""}).status_code == 404
    reporter_of_b.refresh_from_db()
    assert reporter_of_b.first_name != "改名"


def test_county_bs_office_with_its_region_keeps_the_offices_rights(client, counties, office_user):
    world, _plan_a, _people = counties
    client.force_login(office_user)
    for name in ("monitor:cockpit", "reporting:round-detail", "reporting:value-detail"):
        response = client.get(reverse(name, kwargs=RULES[name][1](world)))
        assert response.status_code == 200, name
    page = client.get(reverse("reporting:value-detail", args=[world.value.pk])).content.decode()
    assert f"{MARKER}-DRAFT" in page


def test_the_province_reads_county_b_like_a_leader_and_changes_nothing(client, counties):
    world, plan_a, people = counties
    province = people["province"]
    assert set(access.plans_visible_to(province)) == {world.plan, plan_a}
    client.force_login(province)
    before = _fingerprint(world.plan)
    for name, (_method, _kwargs, expected, _data) in sorted(RULES.items()):
        if name.startswith("province:"):  # the province's own pages: tests/province/
            continue
        response = _request(client, name, world)
        want = expected["leader"]
        if name == "web:home":  # a leader of one plan goes to its cockpit, the province to a list
            want = response.status_code if response.status_code in (200, 302) else want
        if want == "login":
            continue
        assert response.status_code == want, (name, response.status_code, want)
    assert _fingerprint(world.plan) == before
    cockpit = client.get(reverse("monitor:cockpit", args=[world.plan.key]))
    assert cockpit.status_code == 200
    # Approved data only: the approved marker may show, a draft never.
    value_page = client.get(reverse("reporting:value-detail", args=[world.value.pk]))
    assert value_page.status_code == 404


def test_a_province_office_of_another_province_sees_neither_county(counties):
    _world, _plan_a, _people = counties
    other = Region.objects.create(code="q", name="另一省", level=Region.Level.PROVINCE)
    outsider = _make_user("province-q", "province")
    other.users.add(outsider)
    assert not access.plans_visible_to(outsider).exists()


def test_without_a_region_a_role_holds_only_for_plans_of_no_county(counties, small_plan_data):
    _world, plan_a, _people = counties
    loose = plan_load(data=small_plan_data.model_copy(update={"key": "no-county"})).plan
    unscoped_office = _make_user("office-u", "office")
    assert list(access.plans_visible_to(unscoped_office)) == [loose]
    admin = _make_user("admin-u", "admin")
    assert {p.key for p in access.plans_visible_to(admin)} == {
        plan_a.key,
        "no-county",
        _world.plan.key,
    }


def test_the_api_lists_compares_and_answers_only_for_the_own_county(counties):
    from tests.api.conftest import token_client

    world, plan_a, people = counties
    api = token_client(people["office_x"])
    plans = api.get("/api/v1/plans/").json()
    rows = plans["results"] if isinstance(plans, dict) else plans
    assert [row["key"] for row in rows] == [plan_a.key]
    assert api.get(f"/api/v1/plans/{world.plan.key}/indicators/").status_code in (403, 404)
    compare = api.get("/api/v1/compare/?indicator=N01&period=2023").json()
    rows = compare["results"] if isinstance(compare, dict) else compare
    assert {row["plan"] for row in rows} <= {plan_a.key}
    province = token_client(people["province"])
    compare = province.get("/api/v1/compare/?indicator=N01&period=2023").json()
    rows = compare["results"] if isinstance(compare, dict) else compare
    assert {row["plan"] for row in rows} == {plan_a.key, world.plan.key}
