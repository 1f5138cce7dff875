"""Who may see and change what (`reporting/access.py`), asked of the rules directly (issue 19).

The permission matrix (tests/test_permissions.py) and the visibility crawl
(tests/reporting/test_visibility.py) check the pages; this file states each rule once, fast
enough for a mutation run. The expected answers are written out per person from the plan in
tests/conftest.py: reporter A (县财政局) reports N01 and leads task 1; reporter B (县经信局)
reports S01 (with 县科技局) and is responsible for task 2; the leader reads; the office reviews.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from innocounty.core.workflow import Action, Actor
from innocounty.reporting import access, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(small_plan, office_user, leader_user, reporter_a, reporter_b):
    unit_a = small_plan.units.get(name="县财政局")
    unit_b = small_plan.units.get(name="县经信局")
    n01 = small_plan.indicators.get(code="N01")
    s01 = small_plan.indicators.get(code="S01")
    r2023 = services.round_open(
        plan=small_plan, period="2023", deadline=dt.date(2024, 3, 31), by=office_user
    )
    r2024 = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )

    def save(round_, indicator, unit, by, number):
        return services.value_save(
            round_=round_, indicator=indicator, unit=unit, data={"value": number}, by=by
        ).value

    draft_a = save(r2024, n01, unit_a, reporter_a, "2.55")  # N01 2024, a draft of A
    approved_b = save(r2023, s01, unit_b, reporter_b, "0.490")  # S01 2023, approved
    approved_b = services.value_submit(value=approved_b, by=reporter_b)
    approved_b = services.value_approve(value=approved_b, by=office_user)
    draft_b = save(r2024, s01, unit_b, reporter_b, "0.480")  # S01 2024, a draft of B

    task1 = small_plan.tasks.get(number=1)  # lead 县财政局, responsible 县科技局
    task2 = small_plan.tasks.get(number=2)  # lead 县科技局, responsible 县经信局, 各乡镇
    report_a = services.task_report_save(
        round_=r2024, task=task1, unit=unit_a, by=reporter_a, revision=None,
        data={"progress": "已安排预算", "percent": 50},
    )  # fmt: skip
    report_b = services.task_report_save(
        round_=r2024, task=task2, unit=unit_b, by=reporter_b, revision=None,
        data={"progress": "已认定企业", "percent": 40},
    )  # fmt: skip
    report_b = services.task_report_transition(report=report_b, action=Action.SUBMIT, by=reporter_b)
    report_b = services.task_report_transition(
        report=report_b, action=Action.APPROVE, by=office_user
    )
    return {
        "plan": small_plan,
        "office": office_user,
        "leader": leader_user,
        "a": reporter_a,
        "b": reporter_b,
        "anonymous": AnonymousUser(),
        "unit_a": unit_a,
        "unit_b": unit_b,
        "n01": n01,
        "s01": s01,
        "round": r2024,
        "draft_a": draft_a,
        "approved_b": approved_b,
        "draft_b": draft_b,
        "task1": task1,
        "task2": task2,
        "report_a": report_a,
        "report_b": report_b,
    }


VALUES = ("draft_a", "approved_b", "draft_b")
# Who sees which value version: approved data for all; drafts for their own unit and the office.
SEES_VALUE = {
    "office": {"draft_a", "approved_b", "draft_b"},
    "leader": {"approved_b"},
    "a": {"draft_a", "approved_b"},
    "b": {"approved_b", "draft_b"},
    # Tenancy: no plan is visible to someone not signed in, so not even approved data.
    "anonymous": set(),
}
# Who reads a value's page: it must see the version and read all or report the indicator.
READS_VALUE = {
    "office": {"draft_a", "approved_b", "draft_b"},
    "leader": {"approved_b"},
    "a": {"draft_a"},
    "b": {"approved_b", "draft_b"},
}
SEES_REPORT = {
    "office": {"report_a", "report_b"},
    "leader": {"report_b"},
    "a": {"report_a", "report_b"},
    "b": {"report_b"},
    "anonymous": set(),
}


@pytest.mark.parametrize("person", sorted(SEES_VALUE))
def test_drafts_are_seen_by_their_own_unit_and_the_office_only(world, person):
    user = world[person]
    visible = set(access.values_visible_to(user).values_list("pk", flat=True))
    assert visible == {world[name].pk for name in SEES_VALUE[person]}
    assert {n for n in VALUES if access.may_see_value(user, world[n])} == SEES_VALUE[person]
    reports = set(access.task_reports_visible_to(user).values_list("pk", flat=True))
    assert reports == {world[name].pk for name in SEES_REPORT[person]}
    for name in ("report_a", "report_b"):
        assert access.may_see_task_report(user, world[name]) == (name in SEES_REPORT[person])


@pytest.mark.parametrize("person", sorted(READS_VALUE))
def test_a_value_page_is_read_by_those_who_see_it_and_report_it_or_read_all(world, person):
    user = world[person]
    for name in VALUES:
        readable = name in READS_VALUE[person]
        assert access.may_read_value(user, world[name]) == readable, name
        if readable:
            value, _ = access._get_value_for_user(user, world[name].pk)
            assert value == world[name]
        else:
            with pytest.raises(Http404):
                access._get_value_for_user(user, world[name].pk)


def test_a_queryset_passed_in_is_only_narrowed(world):
    from innocounty.reporting.models import TaskReport, Value

    only_b = Value.objects.filter(unit=world["unit_b"])
    assert set(access.values_visible_to(world["a"], only_b)) == {world["approved_b"]}
    assert set(access.values_visible_to(world["office"], only_b)) == {
        world["approved_b"],
        world["draft_b"],
    }
    only_a = TaskReport.objects.filter(unit=world["unit_a"])
    assert set(access.task_reports_visible_to(world["leader"], only_a)) == set()
    assert set(access.task_reports_visible_to(world["a"], only_a)) == {world["report_a"]}


def test_who_edits_what(world):
    w = world
    assert [access.may_edit_indicator(w[p], w["n01"]) for p in ("office", "leader", "a", "b")] == [
        False,
        False,
        True,
        False,
    ]
    assert [access.may_edit_indicator(w[p], w["s01"]) for p in ("a", "b")] == [False, True]
    assert access._get_value_for_user(w["a"], w["draft_a"].pk) == (w["draft_a"], True)
    assert access._get_value_for_user(w["office"], w["draft_a"].pk) == (w["draft_a"], False)
    assert access._get_editable_value(w["a"], w["draft_a"].pk) == w["draft_a"]
    for person in ("office", "leader"):
        with pytest.raises(PermissionDenied):
            access._get_editable_value(w[person], w["draft_a"].pk)
    assert access._get_reviewable_value(w["office"], w["draft_a"].pk) == w["draft_a"]
    for person in ("a", "leader"):
        with pytest.raises(PermissionDenied):
            access._get_reviewable_value(w[person], w["draft_a"].pk)
    with pytest.raises(Http404):
        access._get_editable_value(w["b"], w["draft_a"].pk)
    assert access.may_edit_task(w["a"], w["task1"], w["unit_a"])
    assert not access.may_edit_task(w["a"], w["task2"], w["unit_a"])  # not on task 2
    assert not access.may_edit_task(w["a"], w["task2"], w["unit_b"])  # not its unit
    assert access.may_edit_task(w["b"], w["task2"], w["unit_b"])


def test_roles(world):
    w = world
    people = ("office", "leader", "a", "b")
    assert [access.can_read_all(w[p]) for p in people] == [True, True, False, False]
    assert [access.actor_for(w[p]) for p in people] == [
        Actor.OFFICE,
        Actor.REPORTER,
        Actor.REPORTER,
        Actor.REPORTER,
    ]
    assert [access.may_open_item(w[p]) for p in people] == [True, False, False, False]
    assert [access.may_confirm_milestones(w[p]) for p in people] == [True, False, False, False]
    access.require_office(w["office"])
    for person in ("leader", "a", "b"):
        with pytest.raises(PermissionDenied):
            access.require_office(w[person])
    for person in ("office", "a", "b"):
        access.require_writer(w[person])
    with pytest.raises(PermissionDenied):
        access.require_writer(w["leader"])


def test_units_and_entering_for_them(world):
    w = world
    assert list(access.user_units(w["a"])) == [w["unit_a"]]
    assert list(access.user_units(w["a"], w["plan"])) == [w["unit_a"]]
    assert list(access.user_units(w["anonymous"])) == []
    assert {u.name for u in access.indicator_reporting_units(w["s01"])} == {"县经信局", "县科技局"}
    assert access.can_report_for(w["a"], w["unit_a"])
    assert not access.can_report_for(w["a"], w["unit_b"])
    office_unit = w["plan"].office_unit
    assert not access.can_report_for(w["office"], office_unit)  # a member, not a reporter
    assert access.may_enter_for(w["a"], w["unit_a"])
    assert not access.may_enter_for(w["a"], w["unit_a"], on_behalf=True)
    assert not access.may_enter_for(w["office"], w["unit_a"])
    assert access.may_enter_for(w["office"], w["unit_a"], on_behalf=True)
    assert access.may_report_on_behalf(w["office"], w["unit_a"])
    assert not access.may_report_on_behalf(w["a"], w["unit_a"])
    assert [access.may_read_unit(w[p], w["unit_a"]) for p in ("office", "leader", "a", "b")] == [
        True,
        True,
        True,
        False,
    ]


def test_a_unit_in_a_round(world):
    w = world
    r, a = w["round"], w["unit_a"]
    assert access._get_unit_in_round(w["a"], r, a.pk) == (a, True)
    assert access._get_unit_in_round(w["office"], r, a.pk) == (a, False)
    assert access._get_unit_in_round(w["office"], r, a.pk, on_behalf=True) == (a, True)
    assert access._get_unit_in_round(w["leader"], r, a.pk) == (a, False)
    with pytest.raises(Http404):
        access._get_unit_in_round(w["b"], r, a.pk)
    assert access._get_round_for_user(w["b"], r.pk) == r


def test_task_reports_and_their_evidence(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = world
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    on_report = services.evidence_add(
        upload=SimpleUploadedFile("a.pdf", pdf, content_type="application/pdf"),
        by=w["a"],
        task_report=w["report_a"],
    )
    on_value = services.evidence_add(
        upload=SimpleUploadedFile("v.pdf", pdf, content_type="application/pdf"),
        by=w["b"],
        value=w["draft_b"],
    )
    assert access._get_task_report_for_user(w["a"], w["report_a"].pk) == (w["report_a"], True)
    assert access._get_task_report_for_user(w["office"], w["report_a"].pk) == (
        w["report_a"],
        False,
    )
    assert access._get_task_report_for_change(w["a"], w["report_a"].pk) == (w["report_a"], True)
    with pytest.raises(PermissionDenied):
        access._get_task_report_for_change(w["leader"], w["report_a"].pk)
    for person in ("b", "leader"):  # another unit's draft; a leader sees approved ones only
        with pytest.raises(Http404):
            access._get_task_report_for_user(w[person], w["report_a"].pk)
    assert access._get_evidence_for_user(w["a"], on_report.pk) == on_report
    assert access._get_evidence_for_user(w["office"], on_report.pk) == on_report
    assert access._get_evidence_for_user(w["b"], on_value.pk) == on_value
    for person, evidence in (("b", on_report), ("leader", on_report), ("a", on_value)):
        with pytest.raises(Http404):
            access._get_evidence_for_user(w[person], evidence.pk)


def test_milestones(world):
    w = world
    assert access.may_set_milestones(w["a"], w["task1"])  # 县财政局 leads task 1
    assert not access.may_set_milestones(w["b"], w["task2"])  # responsible, not lead
    assert not access.may_set_milestones(w["office"], w["task1"])


def test_supervision_items_are_seen_by_their_units_and_those_who_read_all(world):
    from innocounty.core.supervision import Actor as SupervisionActor
    from innocounty.supervision import services as supervision
    from innocounty.supervision.models import Item

    w = world
    kj = w["plan"].units.get(name="县科技局")

    def item(title, lead, units=()):
        return supervision.item_open(
            plan=w["plan"], by=w["office"], title=title, requirement="按期完成",
            source="manual", lead_unit=lead, units=units, deadline=dt.date(2026, 12, 31),
        )  # fmt: skip

    led_by_a = item("甲牵头", w["unit_a"])
    a_takes_part = item("甲配合", kj, units=[w["unit_a"], w["unit_b"]])
    others = item("与甲无关", w["unit_b"])
    everything = {led_by_a, a_takes_part, others}
    assert set(access.items_visible_to(w["a"], Item.objects.all())) == {led_by_a, a_takes_part}
    assert set(access.items_visible_to(w["b"], Item.objects.all())) == {a_takes_part, others}
    assert list(access.items_visible_to(w["b"], Item.objects.filter(pk=a_takes_part.pk))) == [
        a_takes_part  # once, though unit B is named and also matches through the lead's query
    ]
    for person in ("office", "leader"):
        assert set(access.items_visible_to(w[person], Item.objects.all())) == everything
    assert [access.may_read_item(w["a"], i) for i in (led_by_a, a_takes_part, others)] == [
        True,
        True,
        False,
    ]
    assert access.may_read_item(w["leader"], others)
    assert access.get_item_for_user(w["a"], Item.objects.all(), a_takes_part.pk) == a_takes_part
    with pytest.raises(Http404):
        access.get_item_for_user(w["a"], Item.objects.all(), others.pk)
    assert access.supervision_actor(w["a"], led_by_a) == SupervisionActor.REPORTER
    assert access.supervision_actor(w["a"], a_takes_part) is None  # named, not the lead
    assert access.supervision_actor(w["leader"], led_by_a) is None
    assert access.supervision_actor(w["office"], led_by_a) == SupervisionActor.OFFICE


def test_a_leader_in_a_unit_still_sees_approved_data_only(world):
    from tests.conftest import _make_user

    w = world
    director = _make_user("leader-a", "leader", w["unit_a"])  # 局长: a leader named in unit A
    assert set(access.values_visible_to(director)) == {w["approved_b"]}
    assert set(access.task_reports_visible_to(director)) == {w["report_b"]}


def test_units_of_another_plan_are_not_this_plans(world):
    from innocounty.core import schema
    from innocounty.plans.services import plan_load
    from tests.conftest import SMALL_PLAN

    w = world
    other = plan_load(data=schema.Plan.model_validate({**SMALL_PLAN, "key": "other-2024"})).plan
    other_a = other.units.get(name="县财政局")
    other_a.users.add(w["a"])
    assert set(access.user_units(w["a"])) == {w["unit_a"], other_a}
    assert list(access.user_units(w["a"], w["plan"])) == [w["unit_a"]]
    assert list(access.user_units(w["a"], other)) == [other_a]
    with pytest.raises(Http404):  # the unit exists, but not in this round's plan
        access._get_unit_in_round(w["office"], w["round"], other_a.pk)


def test_who_marks_a_milestone_done(world):
    from innocounty.supervision.models import Milestone

    w = world
    kj = w["plan"].units.get(name="县科技局")

    def milestone(task, unit):
        return Milestone.objects.create(
            task=task, year=2025, title="节点", due=dt.date(2025, 6, 30), unit=unit
        )

    of_b = milestone(w["task2"], w["unit_b"])  # B's own milestone on task 2 (led by 县科技局)
    of_kj = milestone(w["task1"], kj)  # 县科技局's milestone on task 1, led by A
    assert [access.may_mark_milestone(w[p], of_b) for p in ("a", "b", "office")] == [
        False,
        True,
        False,
    ]
    assert [access.may_mark_milestone(w[p], of_kj) for p in ("a", "b", "office")] == [
        True,
        False,
        False,
    ]
