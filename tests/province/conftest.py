"""Three counties in one province, worked out by hand in the tests.

测试省 (province) ⊃ 甲市 (city) ⊃ 甲县 (A), 乙县 (B, its name carries a marker); 丙县 (D) lies
directly under the province. Each county's plan (2024–2025, base year 2023) has two national
indicators, N01 (ratio, 创新投入) and N07 (stock, 创新环境), and one of its own (S01), all
annual. Values, targets and rounds are in `COUNTIES`; expected figures are in the tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

MARKER = "MARKERB7"


def _plan(key: str, region: str, targets: dict[str, list[tuple[int, str, float]]]) -> dict:
    indicators = [
        {
            "code": "N01",
            "catalogue": "N01",
            "category": "创新投入",
            "number": 1,
            "name": "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
            "unit": "%",
            "measure_type": "ratio",
            "frequency": "annual",
            "decimals": 2,
            "responsible_units": ["县财政局"],
            "targets": [{"year": y, "kind": k, "value": v} for y, k, v in targets["N01"]],
        },
        {
            "code": "N07",
            "catalogue": "N07",
            "category": "创新环境",
            "number": 2,
            "name": "创新密集区数",
            "unit": "个",
            "measure_type": "stock",
            "frequency": "annual",
            "decimals": 0,
            "responsible_units": ["县科技局"],
            "targets": [{"year": y, "kind": k, "value": v} for y, k, v in targets["N07"]],
        },
        {
            "code": "S01",
            "category": "特色指标",
            "number": 1,
            "name": "特色产业产值",
            "unit": "亿元",
            "frequency": "annual",
            "decimals": 0,
            "responsible_units": ["县科技局"],
            "targets": [{"year": 2025, "kind": "assessment", "value": 1}],
        },
    ]
    return {
        "key": key,
        "title": f"{region}国家创新型县建设实施方案",
        "region": region,
        "start_year": 2024,
        "end_year": 2025,
        "base_year": 2023,
        "categories": ["创新投入", "创新环境", "特色指标"],
        "units": [
            {"name": "县科技局", "duties": "牵头。"},
            {"name": "县财政局", "duties": "保障。"},
            {"name": "县领导小组办公室", "kind": "office", "member": False},
        ],
        "office_unit": "县科技局",
        "programs": [
            {
                "number": 1,
                "title": "实施创新投入工程",
                "tasks": [
                    {
                        "number": 1,
                        "title": "加大投入",
                        "text": "加大投入。",
                        "lead_units": ["县财政局"],
                        "responsible_units": [],
                    }
                ],
            }
        ],
        "indicators": indicators,
        "main_targets": [],
    }


def _at(day: str) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.fromisoformat(day + "T10:00:00"))


# code → (name, parent, theme, zone, targets, values [(code, period, version, state, value,
# submitted)], round deadline of 2024).
COUNTIES = {
    "a": (
        "甲县",
        "city",
        "industry",
        "development",
        {
            "N01": [(2023, "baseline", 2.00), (2024, "target", 2.50), (2025, "assessment", 3.00)],
            "N07": [(2023, "baseline", 8), (2024, "target", 10), (2025, "assessment", 20)],
        },
        [
            ("N01", "2024", 1, "approved", "2.70", "2025-01-20"),
            ("N01", "2024", 2, "approved", "2.40", "2025-02-10"),
            ("N07", "2024", 1, "approved", "12", "2025-02-05"),
            ("S01", "2024", 1, "approved", "900", "2025-01-10"),
        ],
    ),
    "b": (
        f"乙县{MARKER}",
        "city",
        "ecology",
        "ecological",
        {
            "N01": [(2023, "baseline", 2.00), (2024, "target", 2.00), (2025, "assessment", 4.00)],
            "N07": [(2023, "baseline", 3), (2024, "target", 5), (2025, "assessment", 10)],
        },
        [
            ("N01", "2024", 1, "approved", "3.00", "2025-01-15"),
            ("N07", "2024", 1, "approved", "4", "2025-01-15"),
            ("N07", "2024", 2, "draft", "999", None),
        ],
    ),
    "d": (
        "丙县",
        "province",
        "industry",
        "agriculture",
        {
            "N01": [(2023, "baseline", 2.00), (2024, "target", 6.00), (2025, "assessment", 3.00)],
            "N07": [(2024, "target", 4), (2025, "assessment", 8)],
        },
        [("N01", "2024", 1, "approved", "4.00", "2025-01-30")],
    ),
}


@pytest.fixture
def province(db):
    """The region tree, the three plans with their values, rounds and supervision items."""
    from innocounty.core import schema
    from innocounty.plans.models import Indicator, Region
    from innocounty.plans.services import plan_load
    from innocounty.reporting.models import Round, Value
    from innocounty.supervision.models import Item, ItemState

    p = Region.objects.create(code="p", name="测试省", level="province")
    c = Region.objects.create(code="p-c", name="甲市", level="city", parent=p)
    parents = {"province": p, "city": c}
    plans = {}
    for code, (name, parent, theme, zone, targets, values) in COUNTIES.items():
        county = Region.objects.create(
            code=f"p-{code}",
            name=name,
            level="county",
            parent=parents[parent],
            theme=theme,
            zone=zone,
        )
        plan = plan_load(data=schema.Plan.model_validate(_plan(f"plan-{code}", name, targets))).plan
        plan.county = county
        plan.save(update_fields=["county"])
        round_ = Round.objects.create(plan=plan, period="2024", deadline=dt.date(2025, 1, 31))
        for ind_code, period, version, state, value, submitted in values:
            Value.objects.create(
                indicator=Indicator.objects.get(plan=plan, code=ind_code),
                period=period,
                version=version,
                state=state,
                value=Decimal(value),
                round=round_,
                submitted_at=_at(submitted) if submitted else None,
            )
        plans[code] = plan
    unit_a = plans["a"].units.get(name="县科技局")
    for number, state, deadline in (
        (1, ItemState.ASSIGNED, dt.date(2025, 1, 1)),  # open, overdue from 2025-01-02
        (2, ItemState.RECTIFYING, dt.date(2025, 12, 31)),  # open
        (3, ItemState.CLOSED, dt.date(2024, 12, 31)),  # closed
    ):
        Item.objects.create(
            plan=plans["a"],
            number=number,
            title=f"事项{number}",
            requirement="整改。",
            source="manual",
            lead_unit=unit_a,
            deadline=deadline,
            state=state,
        )
    return {"regions": {"p": p, "c": c}, "plans": plans}


def make_user(username: str, role: str, *, regions=(), unit=None):
    from django.contrib.auth.models import User

    from innocounty.plans.roles import ensure_groups

    user = User.objects.create_user(username=username, password="pw-for-tests-123")
    user.groups.add(ensure_groups()[role])
    for region in regions:
        region.users.add(user)
    if unit is not None:
        unit.users.add(user)
    return user


@pytest.fixture
def province_user(province):
    return make_user("prov", "province", regions=[province["regions"]["p"]])


@pytest.fixture
def city_user(province):
    return make_user("city", "province", regions=[province["regions"]["c"]])


@pytest.fixture
def office_a(province):
    plan = province["plans"]["a"]
    return make_user("office-a", "office", regions=[plan.county], unit=plan.office_unit)


@pytest.fixture
def leader_a(province):
    return make_user("leader-a", "leader", regions=[province["plans"]["a"].county])


@pytest.fixture
def reporter_a(province):
    plan = province["plans"]["a"]
    return make_user("reporter-a", "reporter", unit=plan.units.get(name="县科技局"))
