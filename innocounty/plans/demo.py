"""Demo accounts and clearly labelled demo values, for `innocounty demo` only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from innocounty.plans import roles
from innocounty.plans.models import Plan, Region, Unit

DEMO_PASSWORD = "demo12345"
DEMO_SOURCE = "演示数据（非真实数据）"

# The demo province of `innocounty demo --counties N` (see `reporting.demo_counties`).
PROVINCE_CODE = "420000"
PROVINCE_NAME = "湖北省"
QIANJIANG_CODE = "429005"
QIANJIANG_NAME = "潜江市"
# 潜江: 科技支撑产业发展 (its plan's first program), in the 武汉城市圈 重点开发区域.
QIANJIANG_THEME = Region.Theme.INDUSTRY
QIANJIANG_ZONE = Region.Zone.DEVELOPMENT


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


@transaction.atomic
def demo_province_create(*, qianjiang: Plan) -> tuple[Region, Region]:
    """The demo province and Qianjiang's county-level city directly under it (created once,
    flagged `demo`); the Qianjiang plan is put in its county if it is in none."""
    province, _ = Region.objects.get_or_create(
        code=PROVINCE_CODE,
        defaults={"name": PROVINCE_NAME, "level": Region.Level.PROVINCE, "demo": True},
    )
    county, _ = Region.objects.get_or_create(
        code=QIANJIANG_CODE,
        defaults={
            "name": QIANJIANG_NAME,
            "level": Region.Level.COUNTY,
            "parent": province,
            "theme": QIANJIANG_THEME,
            "zone": QIANJIANG_ZONE,
            "demo": True,
        },
    )
    if qianjiang.county_id is None:
        qianjiang.county = county
        qianjiang.save(update_fields=["county", "updated"])
    return province, county


@transaction.atomic
def demo_province_accounts_create(*, province: Region, county: Region) -> list[DemoAccount]:
    """Qianjiang's office and leader hold their roles in its county (they see only its plan);
    the account `province`, the province office, holds its role in the province (it reads
    every county under it). Created or reset, with DEMO_PASSWORD."""
    groups = roles.ensure_groups()
    User = get_user_model()
    for username in ("office", "leader"):
        user = User.objects.filter(username=username).first()
        if user is not None:
            user.regions.add(county)
    user, _ = User.objects.get_or_create(username="province")
    user.set_password(DEMO_PASSWORD)
    user.first_name = "省科技厅"
    user.save()
    user.groups.add(groups[roles.PROVINCE])
    user.regions.add(province)
    return [DemoAccount("province", roles.PROVINCE, "")]
