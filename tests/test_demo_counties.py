"""`innocounty demo --counties N`: the Qianjiang plan and N − 1 generated demo counties in one
demo province, Qianjiang's office and leader in Qianjiang, the account `province` over all.

The contract is tested through the console script (a separate process on its own SQLite file,
read back with the sqlite3 module); who sees what, and the generated numbers, in process on
the same functions the command calls.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from innocounty.api.services import token_create
from innocounty.core import catalogue
from innocounty.plans.demo import (
    DEMO_PASSWORD,
    demo_accounts_create,
    demo_province_accounts_create,
    demo_province_create,
)
from innocounty.plans.models import Plan, Region
from innocounty.plans.tenancy import plans_visible_to
from innocounty.reporting import demo_counties
from innocounty.reporting.demo_counties import demo_counties_create
from innocounty.reporting.models import Round, TaskReport, Value
from tests.console import run_console

QIANJIANG = "qianjiang-2023"
GENERATED = ["demo-county-0001-2023", "demo-county-0002-2023"]
# Every table the demo writes to (counted before and after a second run).
TABLES = (
    "plans_region",
    "plans_plan",
    "plans_unit",
    "plans_indicator",
    "plans_target",
    "plans_task",
    "reporting_round",
    "reporting_value",
    "reporting_taskreport",
    "auth_user",
    "plans_region_users",
)


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("counties")
    result = run_console(["demo", "--counties", "3", "--no-serve"], data_dir)
    assert result.returncode == 0, result.stderr
    (data_dir / "first-run.txt").write_text(result.stdout, encoding="utf-8")
    return data_dir


def test_the_console_demo_makes_three_counties_under_one_province(demo_dir):
    out = (demo_dir / "first-run.txt").read_text(encoding="utf-8")
    assert "演示省份：湖北省，3 个县（市）的方案：潜江市和 2 个生成的演示县（演示数据）" in out
    for account in ("office", "leader", "unit01", "province"):
        assert f"  {account} " in out
    assert f"密码均为 {DEMO_PASSWORD}" in out
    with sqlite3.connect(demo_dir / "innocounty.sqlite3") as db:
        regions = {
            code: (name, level, parent, demo)
            for code, name, level, parent, demo in db.execute(
                "SELECT r.code, r.name, r.level, p.code, r.demo FROM plans_region r"
                " LEFT JOIN plans_region p ON p.id = r.parent_id"
            )
        }
        plans = dict(
            db.execute(
                "SELECT p.key, r.code FROM plans_plan p JOIN plans_region r ON r.id = p.county_id"
            )
        )
        roles = set(
            db.execute(
                "SELECT u.username, r.code FROM auth_user u"
                " JOIN plans_region_users ru ON ru.user_id = u.id"
                " JOIN plans_region r ON r.id = ru.region_id"
            )
        )
    assert regions["420000"] == ("湖北省", "province", None, 1)
    assert regions["429005"] == ("潜江市", "county", "420000", 1)
    assert plans == {
        QIANJIANG: "429005",
        GENERATED[0]: "demo-county-0001",
        GENERATED[1]: "demo-county-0002",
    }
    for code in ("demo-county-0001", "demo-county-0002"):
        name, level, city, demo = regions[code]
        assert name.startswith("演示县") and level == "county" and demo == 1
        assert regions[city][1:3] == ("city", "420000") and regions[city][0].startswith("演示市")
    assert all(demo == 1 for *_rest, demo in regions.values())
    assert roles == {("office", "429005"), ("leader", "429005"), ("province", "420000")}


def test_a_second_console_run_creates_nothing(demo_dir):
    db = demo_dir / "innocounty.sqlite3"
    before = _counts(db)
    result = run_console(["demo", "--counties", "3", "--no-serve"], demo_dir)
    assert result.returncode == 0, result.stderr
    assert "本次新建 0 个" in result.stdout
    assert _counts(db) == before


def test_counties_below_one_is_a_one_line_error(tmp_path):
    result = run_console(["demo", "--counties", "0", "--no-serve"], tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "--counties" in result.stderr
    assert "Traceback" not in result.stderr


# --- in process -------------------------------------------------------------------------------


def _make_province(qianjiang, counties: int):
    province, county = demo_province_create(qianjiang=qianjiang)
    demo_province_accounts_create(province=province, county=county)
    return province, demo_counties_create(province=province, counties=counties)


@pytest.fixture
def demo(qianjiang):
    demo_accounts_create(plan=qianjiang)
    province, summary = _make_province(qianjiang, 3)
    return province, summary


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def _api(username: str) -> APIClient:
    client = APIClient()
    token = token_create(user=User.objects.get(username=username)).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _api_keys(username: str, url: str, field: str) -> list[str]:
    response = _api(username).get(url)
    assert response.status_code == 200, response.content
    return [row[field] for row in response.json()["results"]]


def test_three_plans_in_three_counties_of_one_province(demo, qianjiang):
    province, summary = demo
    assert (summary.counties, summary.created, summary.plans) == (2, 2, 3)
    plans = Plan.objects.filter(county__isnull=False).select_related("county__parent")
    assert sorted(p.key for p in plans) == sorted([QIANJIANG, *GENERATED])
    assert len({p.county_id for p in plans}) == 3
    for plan in plans:
        assert plan.county.level == Region.Level.COUNTY
        top = plan.county.parent
        while top.parent is not None:
            top = top.parent
        assert top == province
        assert plan.county.theme and plan.county.zone
    qianjiang.refresh_from_db()
    assert qianjiang.county.code == "429005" and qianjiang.county.parent == province


def test_qianjiang_people_see_only_qianjiang_and_the_province_sees_all(demo, qianjiang):
    office, leader, province = (
        User.objects.get(username=u) for u in ("office", "leader", "province")
    )
    assert province.check_password(DEMO_PASSWORD)
    assert list(province.groups.values_list("name", flat=True)) == ["province"]
    assert list(plans_visible_to(office)) == [qianjiang]
    assert list(plans_visible_to(leader)) == [qianjiang]
    assert sorted(plans_visible_to(province).values_list("key", flat=True)) == sorted(
        [QIANJIANG, *GENERATED]
    )
    # The home page: the office goes to its one plan's cockpit, the province to its counties.
    response = _client("office").get("/")
    assert response.status_code == 302 and response["Location"] == f"/monitor/{QIANJIANG}/"
    assert _client("office").get(f"/monitor/{GENERATED[0]}/").status_code == 404
    response = _client("province").get("/")
    assert response.status_code == 302 and response["Location"] == "/province/"
    page = _client("province").get("/province/").content.decode()
    for plan in Plan.objects.select_related("county"):
        assert plan.county.name in page and f"/monitor/{plan.key}/" in page
    assert _client("province").get(f"/monitor/{GENERATED[0]}/").status_code == 200
    # The API's plan list and comparison.
    assert _api_keys("office", "/api/v1/plans/", "key") == [QIANJIANG]
    assert _api_keys("province", "/api/v1/plans/", "key") == sorted([QIANJIANG, *GENERATED])
    url = "/api/v1/compare/?indicator=N03&period=2024"
    assert _api_keys("office", url, "plan") == [QIANJIANG]
    assert _api_keys("province", url, "plan") == sorted([QIANJIANG, *GENERATED])


def test_running_again_creates_nothing(demo, qianjiang):
    models = (Region, Plan, Value, TaskReport, Round, User)
    before = [m.objects.count() for m in models]
    _region, summary = _make_province(qianjiang, 3)
    assert summary.created == 0
    assert [m.objects.count() for m in models] == before


def test_generated_plans_carry_the_national_indicators_and_their_own(demo):
    for key in GENERATED:
        plan = Plan.objects.get(key=key)
        national = {i.code: i for i in plan.indicators.exclude(catalogue="")}
        assert set(national) == set(catalogue.BY_CODE)
        for code, indicator in national.items():
            entry = catalogue.BY_CODE[code]
            assert indicator.catalogue == code
            assert (indicator.name, indicator.measure_unit) == (entry.name, entry.unit)
            assert indicator.direction == entry.direction.value
        own = plan.indicators.filter(catalogue="")
        assert 2 <= own.count() <= 4
        assert all(i.category.name == "特色指标" for i in own)
        assert "演示" in plan.title and plan.units.filter(kind="office").exists()


def _numbers(key: str) -> dict[tuple[str, str], Decimal]:
    return {
        (code, period): value
        for code, period, value in Value.objects.filter(
            indicator__plan__key=key, state="approved"
        ).values_list("indicator__code", "period", "value")
    }


def test_the_numbers_differ_between_counties_and_follow_their_targets(demo):
    first, second = (_numbers(key) for key in GENERATED)
    common = set(first) & set(second)
    assert len(common) >= 15 * 3
    differing = [k for k in common if first[k] != second[k]]
    assert len(differing) >= 0.9 * len(common)
    for key in GENERATED:
        plan = Plan.objects.get(key=key)
        for indicator in plan.indicators.all():
            targets = {(t.year, t.kind): t.value for t in indicator.targets.all()}
            assert set(targets) == {
                (2022, "baseline"),
                (2023, "target"),
                (2024, "target"),
                (2025, "assessment"),
                (2025, "expected"),
            }
            value = indicator.values.get(period="2024").value
            # Ahead of, on or behind the year's target, by at most a fifth.
            assert Decimal("0.8") <= value / targets[(2024, "target")] <= Decimal("1.2")
            assert indicator.values.get(period="2022").value == targets[(2022, "baseline")]


def test_a_county_gets_the_same_numbers_whenever_it_is_made(qianjiang, monkeypatch):
    """Seeded by the county's number: made with others, or alone, the same numbers."""
    key = "demo-county-0003-2023"
    with transaction.atomic():
        _make_province(qianjiang, 4)  # counties 1–3 in one batch
        numbers = _numbers(key)
        transaction.set_rollback(True)
    assert not Plan.objects.filter(key=key).exists()
    monkeypatch.setattr(demo_counties, "BATCH", 1)
    _region, summary = _make_province(qianjiang, 4)  # each county in a batch of its own
    assert summary.created == 3
    assert len(numbers) > 15 * 3 and _numbers(key) == numbers
    assert _numbers("demo-county-0002-2023") != numbers


def test_demo_rounds_are_mostly_approved_with_some_drafts_submitted_and_late(qianjiang):
    _make_province(qianjiang, 31)
    values = Value.objects.filter(indicator__plan__county__code__startswith="demo-county-")
    assert values.count() > 30 * 17 * 3
    assert not values.filter(is_demo=False).exists()
    assert set(values.exclude(period="2025").values_list("state", flat=True)) == {"approved"}
    last = values.filter(period="2025")
    states = list(last.values_list("state", flat=True))
    assert {"approved", "submitted", "draft", "returned"} <= set(states)
    assert states.count("approved") > 0.6 * len(states)
    late = [
        v
        for v in values.select_related("round").filter(submitted_at__isnull=False)
        if v.submitted_at.date() > v.round.deadline
    ]
    assert 0 < len(late) < 0.5 * values.count()
    rounds = Round.objects.filter(plan__county__code__startswith="demo-county-")
    assert set(rounds.filter(period="2025").values_list("status", flat=True)) == {"open"}
    assert set(rounds.exclude(period="2025").values_list("status", flat=True)) == {"closed"}
    assert all(r.deadline == dt.date(int(r.period) + 1, 3, 31) for r in rounds)
    reports = TaskReport.objects.filter(round__plan__county__code__startswith="demo-county-")
    assert reports.exists() and not reports.filter(is_demo=False).exists()


@pytest.mark.parametrize("period", ["&period=2024", ""])
def test_the_comparison_reads_a_page_in_queries_that_do_not_grow_with_the_counties(
    qianjiang, period
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    demo_accounts_create(plan=qianjiang)
    url = f"/api/v1/compare/?indicator=N05{period}"
    counts = []
    for counties in (3, 12):
        _make_province(qianjiang, counties)
        client = _api("province")
        with CaptureQueriesContext(connection) as queries:
            rows = client.get(url).json()["results"]
        assert len(rows) == counties
        counts.append(len(queries))
    assert counts[0] == counts[1]
