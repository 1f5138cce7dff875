"""Who may see and change what in reporting. The rules live here, once.

- The office (and admin) sees everything and reviews.
- A leader reads everything and changes nothing.
- A reporter sees and edits only what its own units are responsible for.
- Visibility of reported content (`values_visible_to`, `task_reports_visible_to`): drafts,
  submitted-not-approved and returned items are seen only by their own unit (for a value: the
  indicator's responsible units) and the office; everyone else, leaders included, sees approved
  data only. Every page, export and download reads values and task reports through these.
Views use the `get_*` helpers: outsiders get 404 (the object's existence is not revealed),
read-only people get 403 when they try to change something. A helper that returns "may edit"
beside the object has a read-write twin that raises the 403 itself
(`get_value_for_user` / `get_editable_value`, `get_draft_for_user` / `get_rw_draft_for_user`),
so a view never writes the permission check out.

Tenancy: everything above holds inside the plans a person may see (`plans_visible_to`). A role
is held in the person's regions (`Region.users`): a county's office and leaders see the plans
of their county, a province (or city) office the plans of every county under its region, read
only; a reporter the plans of its own units; the admin every plan. Without a region a role
holds for the plans that belong to no county (a single-county installation). Every helper
here checks the plan first, so another county's objects answer 404 like missing ones.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from innocounty.core.workflow import Actor, State
from innocounty.plans import roles, tenancy
from innocounty.plans.models import Indicator, IndicatorUnit, Plan, Task, TaskUnit, Unit
from innocounty.reporting.models import Evidence, Round, TaskReport, Value
from innocounty.types import AnyUser

M = TypeVar("M", bound=Any)

# Tenancy (which plans a person may see) lives with the plans, whose pages read it too; every
# rule below starts from it, and views take it from here with the rest.
plans_visible_to = tenancy.plans_visible_to
get_plan_for_user = tenancy.get_plan_for_user
may_read_plan = tenancy.may_read_plan
scoped = tenancy.scoped
people_visible_to = tenancy.people_visible_to
home_county = tenancy.home_county
can_read_all = tenancy.can_read_all
user_units = tenancy.user_units
home_scoring_region = tenancy.home_scoring_region


def actor_for(user: AnyUser) -> Actor:
    return Actor.OFFICE if roles.is_office(user) else Actor.REPORTER


def can_report_for(user: AnyUser, unit: Unit) -> bool:
    return roles.is_reporter(user) and unit.users.filter(pk=user.pk).exists()


def may_report_on_behalf(user: AnyUser, unit: Unit) -> bool:
    """代填/代报: the office enters and submits a unit's values and task reports on its behalf
    (a unit without a reporter, or a late one). Only through the explicit on-behalf path: the
    services take `on_behalf=True` and record it; reporters never gain other units this way."""
    return roles.is_office(user) and may_read_plan(user, unit.plan_id)


def may_enter_for(user: AnyUser, unit: Unit, *, on_behalf: bool = False) -> bool:
    """Whether `user` may save and submit `unit`'s entries: its own reporter, or the office
    when it explicitly acts on the unit's behalf."""
    if on_behalf:
        return may_report_on_behalf(user, unit)
    return can_report_for(user, unit)


def indicator_reporting_units(indicator: Indicator) -> list[Unit]:
    return [iu.unit for iu in indicator.indicator_units.select_related("unit")]


def values_visible_to(user: AnyUser, values: QuerySet[Value] | None = None) -> QuerySet[Value]:
    """The value versions `user` may read: the office all; a reporter approved ones and every
    version of the indicators its units report; anyone else approved ones only."""
    values = scoped(user, Value.objects.all() if values is None else values, "indicator__plan")
    if roles.is_office(user):
        return values
    approved = Q(state=State.APPROVED)
    if user.is_authenticated and roles.is_reporter(user):
        own = IndicatorUnit.objects.filter(unit__users=user).values("indicator_id")
        return values.filter(approved | Q(indicator_id__in=own))
    return values.filter(approved)


def task_reports_visible_to(
    user: AnyUser, reports: QuerySet[TaskReport] | None = None
) -> QuerySet[TaskReport]:
    """The task report versions `user` may read: the office all; a reporter approved ones and
    every version of its own units' reports; anyone else approved ones only."""
    reports = scoped(user, TaskReport.objects.all() if reports is None else reports, "round__plan")
    if roles.is_office(user):
        return reports
    approved = Q(state=State.APPROVED)
    if user.is_authenticated and roles.is_reporter(user):
        own = Unit.objects.filter(users=user).values("pk")
        return reports.filter(approved | Q(unit_id__in=own))
    return reports.filter(approved)


def may_see_value(user: AnyUser, value: Value) -> bool:
    return values_visible_to(user, Value.objects.filter(pk=value.pk)).exists()


def may_see_task_report(user: AnyUser, report: TaskReport) -> bool:
    return task_reports_visible_to(user, TaskReport.objects.filter(pk=report.pk)).exists()


def may_read_unit(user: AnyUser, unit: Unit) -> bool:
    if not may_read_plan(user, unit.plan_id):
        return False
    return can_read_all(user) or unit.users.filter(pk=user.pk).exists()


def may_read_value(user: AnyUser, value: Value) -> bool:
    if not may_see_value(user, value):
        return False
    if can_read_all(user):
        return True
    units = set(user_units(user).values_list("pk", flat=True))
    return bool(units & set(value.indicator.indicator_units.values_list("unit_id", flat=True)))


def may_edit_indicator(user: AnyUser, indicator: Indicator) -> bool:
    """A reporter of one of the indicator's responsible units may enter its values."""
    if not roles.is_reporter(user):
        return False
    return indicator.indicator_units.filter(unit__users=user).exists()


def may_edit_task(user: AnyUser, task: Task, unit: Unit) -> bool:
    return can_report_for(user, unit) and TaskUnit.objects.filter(task=task, unit=unit).exists()


def get_round_for_user(user: AnyUser, round_id: int) -> Round:
    """Every signed-in person of the plan may see a round; what it shows depends on the role."""
    return get_object_or_404(scoped(user, Round.objects.select_related("plan")), pk=round_id)


def get_unit_in_round(
    user: AnyUser, round_: Round, unit_id: int, *, on_behalf: bool = False
) -> tuple[Unit, bool]:
    """The unit and whether the user may edit its entries (the office only `on_behalf`);
    404 for other units' reporters."""
    unit = get_object_or_404(Unit, pk=unit_id, plan=round_.plan)
    if not may_read_unit(user, unit):
        raise Http404
    return unit, may_enter_for(user, unit, on_behalf=on_behalf)


def get_value_for_user(user: AnyUser, value_id: int) -> tuple[Value, bool]:
    """The value and whether the user may edit it (as its reporter); 404 for outsiders."""
    value = get_object_or_404(
        Value.objects.select_related("indicator__plan", "round", "unit", "updated_by"),
        pk=value_id,
    )
    if not may_read_value(user, value):
        raise Http404
    return value, may_edit_indicator(user, value.indicator)


def require_writer(user: AnyUser) -> None:
    """Read-only people (leaders) get 403 on any change, before any lookup."""
    if not (roles.is_office(user) or roles.is_reporter(user)):
        raise PermissionDenied


def get_editable_value(user: AnyUser, value_id: int) -> Value:
    require_writer(user)
    value, editable = get_value_for_user(user, value_id)
    if not editable:
        raise PermissionDenied
    return value


def get_reviewable_value(user: AnyUser, value_id: int) -> Value:
    require_writer(user)
    value, _ = get_value_for_user(user, value_id)
    if not roles.is_office(user):
        raise PermissionDenied
    return value


def get_task_report_for_user(user: AnyUser, report_id: int) -> tuple[TaskReport, bool]:
    report = get_object_or_404(
        TaskReport.objects.select_related("round__plan", "task", "unit"), pk=report_id
    )
    if not may_read_unit(user, report.unit) or not may_see_task_report(user, report):
        raise Http404
    return report, can_report_for(user, report.unit)


def get_task_report_for_change(user: AnyUser, report_id: int) -> tuple[TaskReport, bool]:
    require_writer(user)
    return get_task_report_for_user(user, report_id)


def get_evidence_for_user(user: AnyUser, evidence_id: int) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("value__indicator", "task_report__unit"), pk=evidence_id
    )
    if evidence.value is not None and may_read_value(user, evidence.value):
        return evidence
    report = evidence.task_report
    if (
        report is not None
        and may_read_unit(user, report.unit)
        and may_see_task_report(user, report)
    ):
        return evidence
    raise Http404


# The names these helpers had while they were private, for code not yet moved to the above.
_get_round_for_user = get_round_for_user
_get_unit_in_round = get_unit_in_round
_get_value_for_user = get_value_for_user
_get_editable_value = get_editable_value
_get_reviewable_value = get_reviewable_value
_get_task_report_for_user = get_task_report_for_user
_get_task_report_for_change = get_task_report_for_change
_get_evidence_for_user = get_evidence_for_user


require_office = roles.require_office


def require_reader(user: AnyUser) -> None:
    """Pages about the whole plan (cockpit, ranking, bulletins, meetings) are for the office
    and leaders: 403 for everyone else."""
    if not can_read_all(user):
        raise PermissionDenied


def require_item_opener(user: AnyUser) -> None:
    """403 unless `user` may open supervision items and record meetings (`may_open_item`)."""
    if not may_open_item(user):
        raise PermissionDenied


def get_unit_for_user(user: AnyUser, plan: Plan, unit_id: int) -> Unit:
    """A unit of `plan` for the office, leaders and the unit's own people; 404 for others."""
    unit = get_object_or_404(Unit, plan=plan, pk=unit_id)
    if not may_read_unit(user, unit):
        raise Http404
    return unit


def get_draft_for_user(user: AnyUser, documents: QuerySet[M], pk: int) -> tuple[M, bool]:
    """An office document that is drafted, edited and then issued (a bulletin, a
    self-evaluation report), and whether `user` may change it: the office, while it is not
    issued. 403 for anyone but the office and leaders, 404 when it does not exist."""
    require_reader(user)
    document = get_object_or_404(scoped(user, documents), pk=pk)
    return document, roles.is_office(user) and not document.is_issued()


def get_rw_draft_for_user(user: AnyUser, documents: QuerySet[M], pk: int) -> M:
    """`get_draft_for_user` for a change: 403 unless the user may change the document."""
    document, editable = get_draft_for_user(user, documents, pk)
    if not editable:
        raise PermissionDenied
    return document


# --- supervision (督办): items, milestones, meetings ------------------------------------------
# The office opens, verifies, returns and closes items; the lead unit's reporters acknowledge,
# plan, report and apply; the other named units and leaders read; everyone else gets 404.


def supervision_actor(user: AnyUser, item: Any) -> Any:
    """The workflow actor `user` acts as on `item`, or None when it may not move it."""
    from innocounty.core.supervision import Actor as SupervisionActor

    if roles.is_office(user):
        return SupervisionActor.OFFICE
    if can_report_for(user, item.lead_unit):
        return SupervisionActor.REPORTER
    return None


def may_read_item(user: AnyUser, item: Any) -> bool:
    if not may_read_plan(user, item.plan_id):
        return False
    if can_read_all(user):
        return True
    units = set(user_units(user).values_list("pk", flat=True))
    return item.lead_unit_id in units or bool(units & set(item.units.values_list("pk", flat=True)))


def items_visible_to(user: AnyUser, items: QuerySet) -> QuerySet:
    """The items `user` may see: all for the office and leaders, else its units' items."""
    items = scoped(user, items)
    if can_read_all(user):
        return items
    units = user_units(user)
    from django.db.models import Q

    return items.filter(Q(lead_unit__in=units) | Q(units__in=units)).distinct()


def may_open_item(user: AnyUser) -> bool:
    return roles.is_office(user)


def get_item_for_user(user: AnyUser, items: QuerySet[M], item_id: int) -> M:
    """A supervision item of `items` (`Item.objects.all()`) for its readers; 404 for others.
    The caller passes the queryset, as for `get_draft_for_user`: supervision builds on
    reporting, so this module does not import supervision's models."""
    item = get_object_or_404(
        items.select_related("plan", "lead_unit", "indicator", "task", "meeting"), pk=item_id
    )
    if not may_read_item(user, item):
        raise Http404
    return item


def may_set_milestones(user: AnyUser, task: Task) -> bool:
    """A reporter of one of the task's lead units proposes its milestones."""
    return (
        roles.is_reporter(user)
        and TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD, unit__users=user).exists()
    )


def may_mark_milestone(user: AnyUser, milestone: Any) -> bool:
    """The milestone's own unit (or the task's lead unit) records that it is done."""
    return can_report_for(user, milestone.unit) or may_set_milestones(user, milestone.task)


def may_confirm_milestones(user: AnyUser) -> bool:
    return roles.is_office(user)


# --- province --------------------------------------------------------------------------------
# The province view compares the counties a person may see (`plans_visible_to`): the province
# (or city) office every county under its regions, the admin every county, a county's office
# and leaders their own county only. Province bulletins rank the counties of one province or
# city: drafted and issued by that region's province office, read by it and the admin; no
# county reads them (they hold other counties' data).


def may_compare_counties(user: AnyUser) -> bool:
    """The province view: the province office, the admin, a county's office and leaders."""
    return user.is_authenticated and (
        roles.is_province(user) or roles.is_admin(user) or can_read_all(user)
    )


def require_county_comparer(user: AnyUser) -> None:
    """403 unless `user` may open the province view (reporters never may)."""
    if not may_compare_counties(user):
        raise PermissionDenied


def bulletin_regions(user: AnyUser) -> QuerySet[Any]:
    """The provinces and cities whose bulletins `user` may draft and read: those whose
    scoring methods it may set (`tenancy.scoring_regions_for`: the admin every one, the
    province office its own regions and those under them; nobody else any)."""
    return tenancy.scoring_regions_for(user)


def may_draft_province_bulletin(user: AnyUser) -> bool:
    return (roles.is_province(user) or roles.is_admin(user)) and bulletin_regions(user).exists()


def require_province_drafter(user: AnyUser) -> None:
    """403 unless `user` may draft, edit and issue province bulletins."""
    if not may_draft_province_bulletin(user):
        raise PermissionDenied


def province_bulletins_visible_to(user: AnyUser, bulletins: QuerySet[M]) -> QuerySet[M]:
    """The province bulletins `user` may read: those of its `bulletin_regions`."""
    return bulletins.filter(region__in=bulletin_regions(user))


def get_province_bulletin_for_user(
    user: AnyUser, bulletins: QuerySet[M], pk: int
) -> tuple[M, bool]:
    """A province bulletin and whether `user` may change it (a drafter, while not issued).
    403 for anyone who may read no province bulletin, 404 for another region's."""
    if not bulletin_regions(user).exists():
        raise PermissionDenied
    bulletin = get_object_or_404(province_bulletins_visible_to(user, bulletins), pk=pk)
    return bulletin, may_draft_province_bulletin(user) and not bulletin.is_issued()


def get_rw_province_bulletin(user: AnyUser, bulletins: QuerySet[M], pk: int) -> M:
    """`get_province_bulletin_for_user` for a change: 403 unless the user may change it."""
    bulletin, editable = get_province_bulletin_for_user(user, bulletins, pk)
    if not editable:
        raise PermissionDenied
    return bulletin
