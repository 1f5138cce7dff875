"""Demo accounts and clearly labelled demo values, for `innocounty demo` only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from innocounty.plans import roles
from innocounty.plans.models import Plan, Unit

DEMO_PASSWORD = "demo12345"
DEMO_SOURCE = "演示数据（非真实数据）"


@dataclass
class DemoAccount:
    username: str
    role: str
    unit: str


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
    # The office also reports for its own unit (task 26 is led by the leading group's office).
    User.objects.get(username="office").groups.add(groups[roles.REPORTER])
    account("leader", roles.LEADER, None, first_name="市领导")
    account("admin", roles.ADMIN, None, first_name="系统管理员", is_staff=True, is_superuser=True)
    units = plan.units.filter(kind=Unit.Kind.UNIT).order_by("position")
    for number, unit in enumerate(units, start=1):
        account(f"unit{number:02d}", roles.REPORTER, unit, first_name=unit.name)
    return accounts
