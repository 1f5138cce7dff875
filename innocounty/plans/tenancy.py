"""Tenancy: the plans a person may see. The rules live here, once; `reporting.access`
builds every other permission on them (and re-exports them: views import that one module).

A role is held in the person's regions (`Region.users`): a county's office and leaders see the
plans of their county, a province (or city) office the plans of every county under its region,
read only; a reporter the plans of its own units; the admin every plan. Without a region a role
holds for the plans that belong to no county, as on a single-county installation.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from innocounty.plans import roles
from innocounty.plans.models import Plan, Region, Unit, region_subtree_ids
from innocounty.types import AnyUser

M = TypeVar("M", bound=Any)


def user_units(user: AnyUser, plan: Plan | None = None) -> QuerySet[Unit]:
    units = Unit.objects.filter(users=user) if user.is_authenticated else Unit.objects.none()
    return units.filter(plan=plan) if plan is not None else units


# How deep the region tree goes below a person's region: province → city → county (→ a
# district's own level, where a province has one).
TREE_DEPTH = 4


def region_ids(user: AnyUser) -> frozenset[int]:
    """The regions `user` holds its role in, kept on the user object for the request (the
    header and the page both ask)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_innocounty_region_ids", None)
    if cached is None:
        cached = frozenset(user.regions.values_list("pk", flat=True))
        user._innocounty_region_ids = cached  # type: ignore[attr-defined]  # a request-long cache
    return cached


def in_regions(field: str, regions: frozenset[int] | set[int]) -> Q:
    """A filter on `field` (a foreign key to Region) for `regions` and every region under
    them, as joins up the tree: no list of the thousands of counties under a province."""
    condition = Q()
    path = field
    for _level in range(TREE_DEPTH):
        condition |= Q(**{f"{path}__in": regions})
        path = f"{path}__parent"
    return condition


def plans_visible_to(user: AnyUser) -> QuerySet[Plan]:
    """The plans `user` may read: every plan for the admin; for the office, leaders and the
    province office the plans of the counties in their regions (or, without a region, the
    plans of no county); for a reporter the plans of its own units; none for anyone else."""
    plans = Plan.objects.all()
    if not user.is_authenticated:
        return plans.none()
    if roles.is_admin(user):
        return plans
    if can_read_all(user):
        regions = region_ids(user)
        if regions:
            return plans.filter(in_regions("county", regions))
        return plans.filter(county__isnull=True)
    return plans.filter(pk__in=user_units(user).values("plan_id"))


def may_read_plan(user: AnyUser, plan: Plan | int) -> bool:
    plan_id = plan if isinstance(plan, int) else plan.pk
    return plans_visible_to(user).filter(pk=plan_id).exists()


def home_county(user: AnyUser) -> Region | None:
    """The one county `user` holds a role in, if there is exactly one (a plan the county's
    office loads belongs to it); None otherwise."""
    if not user.is_authenticated:
        return None
    counties = list(user.regions.filter(level=Region.Level.COUNTY)[:2])
    return counties[0] if len(counties) == 1 else None


def get_plan_for_user(user: AnyUser, key: str, plans: QuerySet[Plan] | None = None) -> Plan:
    """The plan with `key` if `user` may see it; 404 otherwise, as for a missing plan."""
    plans = Plan.objects.all() if plans is None else plans
    return get_object_or_404(plans.filter(pk__in=plans_visible_to(user).values("pk")), key=key)


def scoped(user: AnyUser, rows: QuerySet[M], plan_field: str = "plan") -> QuerySet[M]:
    """`rows` narrowed to the plans `user` may see; `plan_field` is the path to the plan
    (`"plan"`, `"indicator__plan"`, `"round__plan"` …)."""
    if user.is_authenticated and roles.is_admin(user):
        return rows
    return rows.filter(**{f"{plan_field}_id__in": plans_visible_to(user).values("pk")})


def can_read_all(user: AnyUser) -> bool:
    """Reads every unit's approved data of the plans it may see: the office, leaders and the
    province office (`plans_visible_to` bounds which plans)."""
    return roles.is_office(user) or roles.is_leader(user) or roles.is_province(user)


def people_visible_to(user: AnyUser) -> QuerySet[Any]:
    """The accounts the office may list and manage, and whose actions it may read in the
    audit log: the admin all; else the people of units of the plans it may see and the people
    holding a role in its regions (without a region: people of no region and no unit)."""
    people = get_user_model().objects.all()
    if not user.is_authenticated:
        return people.none()
    if roles.is_admin(user):
        return people
    in_plans = Q(units__plan__in=plans_visible_to(user))
    regions = region_ids(user)
    if regions:
        own = in_regions("regions", regions)
    else:
        own = Q(regions__isnull=True, units__isnull=True)
    return people.filter(pk__in=people.filter(in_plans | own).values("pk"))


# --- province scoring ---


def scoring_regions_for(user: AnyUser) -> QuerySet[Region]:
    """The provinces and cities whose scoring methods `user` may read and set: for a province
    (or city) office its regions at those levels and the ones under them, every one for the
    admin, none for anyone else (a county's people never see the province's methods)."""
    regions = Region.objects.exclude(level=Region.Level.COUNTY)
    if not user.is_authenticated:
        return regions.none()
    if roles.is_admin(user):
        return regions
    if not roles.is_province(user):
        return regions.none()
    own = list(user.regions.values_list("pk", flat=True))
    return regions.filter(pk__in=region_subtree_ids(own)) if own else regions.none()


def home_scoring_region(user: AnyUser) -> Region | None:
    """The region whose scoring methods `user` works with by default: their own province
    (or city) among `scoring_regions_for`, else the first province there (the admin), else
    None (a county's people)."""
    if not user.is_authenticated:
        return None
    regions = scoring_regions_for(user)
    # A person holds a few regions: a province before a city (the level's text sorts the
    # other way), then by code.
    own = sorted(
        regions.filter(users=user), key=lambda r: (r.level != Region.Level.PROVINCE, r.code)
    )
    return own[0] if own else regions.filter(level=Region.Level.PROVINCE).order_by("code").first()


def may_edit_scoring(user: AnyUser, region: Region) -> bool:
    """Only the province (or city) office of `region` (or of a region above it) and the
    admin set and freeze the region's scoring method."""
    return scoring_regions_for(user).filter(pk=region.pk).exists()
