"""Demo accounts and clearly labelled demo values, for `innocounty demo` only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from innocounty.plans import roles
from innocounty.plans.models import Indicator, Plan, Target, Unit
from innocounty.reporting.models import Value

DEMO_PASSWORD = "demo12345"
DEMO_SOURCE = "演示数据(非真实数据)"

# How a demo series relates to its yearly targets: some indicators run ahead, most on track,
# a few behind, so every status has something to show.
PROFILES: dict[str, tuple[str, ...]] = {
    "ahead": ("1.04", "1.06", "1.08"),
    "on_track": ("1.00", "1.01", "1.02"),
    "behind": ("0.95", "0.93", "0.92"),
    "seriously_behind": ("0.90", "0.86", "0.82"),
}
PROFILE_CYCLE = ("on_track", "ahead", "on_track", "behind", "on_track", "seriously_behind", "ahead")


@dataclass
class DemoAccount:
    username: str
    role: str
    unit: str


def _wiggle(code: str, year: int) -> Decimal:
    """A small deterministic factor in [0.99, 1.01], so series do not look machine-made."""
    digest = hashlib.sha256(f"{code}:{year}".encode()).digest()
    return Decimal("0.99") + Decimal(digest[0]) / Decimal(255) * Decimal("0.02")


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@transaction.atomic
def demo_accounts_create(*, plan: Plan) -> list[DemoAccount]:
    """Create (or reset) office, leader, admin and one reporter per unit, all with DEMO_PASSWORD."""
    groups = roles.ensure_groups()
    User = get_user_model()
    accounts: list[DemoAccount] = []

    def account(username: str, role: str, unit: Unit | None, **extra: object) -> None:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        for key, value in extra.items():
            setattr(user, key, value)
        user.save()
        user.groups.add(groups[role])
        if unit is not None:
            unit.users.add(user)
        accounts.append(DemoAccount(username, role, unit.name if unit else ""))

    office_unit = plan.units.filter(kind=Unit.Kind.OFFICE).first() or plan.office_unit
    account("office", roles.OFFICE, office_unit, is_staff=True)
    account("leader", roles.LEADER, None, first_name="市领导")
    account("admin", roles.ADMIN, None, first_name="系统管理员", is_staff=True, is_superuser=True)
    units = plan.units.filter(kind=Unit.Kind.UNIT).order_by("position")
    for number, unit in enumerate(units, start=1):
        account(f"unit{number:02d}", roles.REPORTER, unit, first_name=unit.name)
    return accounts


@transaction.atomic
def demo_values_create(*, plan: Plan) -> int:
    """Write plausible demo values from the base year to the last year; return their number."""
    base_year = plan.base_year or plan.start_year - 1
    targets: dict[tuple[int, int, str], Decimal] = {
        (t.indicator_id, t.year, t.kind): t.value
        for t in Target.objects.filter(indicator__plan=plan)
    }
    count = 0
    for index, indicator in enumerate(Indicator.objects.filter(plan=plan).order_by("position")):
        profile = PROFILES[PROFILE_CYCLE[index % len(PROFILE_CYCLE)]]
        lower = indicator.direction == Indicator.Direction.LOWER
        yearly = {}
        for year in range(plan.start_year, plan.end_year + 1):
            yearly[year] = targets.get((indicator.pk, year, "target")) or targets.get(
                (indicator.pk, year, "assessment")
            )
        first = yearly.get(plan.start_year)
        if first is None:
            continue
        # The base year sits a step before the first target: 5 % below (above when lower).
        series = {base_year: first * (Decimal("1.05") if lower else Decimal("0.95"))}
        for offset, year in enumerate(range(plan.start_year, plan.end_year + 1)):
            target = yearly.get(year)
            if target is None:
                continue
            factor = Decimal(profile[min(offset, len(profile) - 1)])
            series[year] = target / factor if lower else target * factor
        for year, raw in series.items():
            value = _round(raw * _wiggle(indicator.code, year), indicator.decimals)
            Value.objects.update_or_create(
                indicator=indicator,
                period=str(year),
                defaults={"value": value, "is_demo": True, "source": DEMO_SOURCE},
            )
            count += 1
    return count
