"""The province comparison on three counties, every figure worked out by hand.

As of 2024 (today 2025-03-01), achievement against each county's 2025 assessment value:
- 甲县: N01 2.40 (the latest approved version; 2.70 was corrected) ÷ 3.00 = 80 %, N07 12 ÷ 20
  = 60 %; one indicator per category, so the index is (80 + 60) ÷ 2 = 70.0.
- 乙县: N01 3.00 ÷ 4.00 = 75 %, N07 4 ÷ 10 = 40 % (the draft 999 does not count) → 57.5.
- 丙县: N01 4.00 ÷ 3.00 capped at 120 %, N07 without data (left out, coverage 1/2) → 120.0.
S01 (no catalogue code, 900 ÷ 1) never enters the index.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from innocounty.core.evaluation import Status
from innocounty.province.selectors import Filters, province_comparison

pytestmark = pytest.mark.django_db

DURING = dt.date(2025, 3, 1)


def _by_name(comparison):
    return {r.county.name[:2]: r for r in comparison.rows}


def test_the_index_and_ranking_as_of_2024(province, province_user):
    c = province_comparison(user=province_user, filters=Filters(), today=DURING)
    assert (c.year, c.as_of.ident, c.index_year) == (2024, "2024", 2024)
    rows = _by_name(c)
    assert rows["甲县"].index == pytest.approx(70.0)
    assert rows["乙县"].index == pytest.approx(57.5)
    assert rows["丙县"].index == pytest.approx(120.0)
    assert rows["丙县"].coverage == pytest.approx(0.5)
    assert [(r.county.name[:2], r.rank) for r in c.rows] == [
        ("丙县", 1),
        ("甲县", 2),
        ("乙县", 3),
    ]


def test_the_cells_carry_value_target_status_and_achievement(province, province_user):
    c = province_comparison(user=province_user, filters=Filters(), today=DURING)
    rows = {r.county.name[:2]: r for r in c.page_rows}
    a, b, d = rows["甲县"].cells, rows["乙县"].cells, rows["丙县"].cells
    # 2.40 against the 2024 target 2.50: 96 % ≥ 95 % → on track.
    assert (a["N01"].value, a["N01"].target, a["N01"].status) == (
        Decimal("2.40"),
        Decimal("2.50"),
        Status.ON_TRACK,
    )
    assert a["N01"].achievement == pytest.approx(0.96)
    assert (a["N07"].status, a["N07"].achievement) == (Status.MET, pytest.approx(1.2))
    assert (b["N01"].status, b["N01"].achievement) == (Status.MET, pytest.approx(1.5))
    # 4 against 5: 80 % → behind, not seriously.
    assert (b["N07"].value, b["N07"].status) == (Decimal("4"), Status.BEHIND)
    # 4.00 against 6.00: 66.7 % → seriously behind; N07 has nothing.
    assert d["N01"].status == Status.SERIOUSLY_BEHIND
    assert (d["N07"].value, d["N07"].status) == (None, Status.NO_DATA)
    assert "S01" not in a


def test_reporting_and_supervision_per_county(province, province_user):
    c = province_comparison(user=province_user, filters=Filters(), today=DURING)
    rows = {r.county.name[:2]: r for r in c.page_rows}
    # 甲县: three items due in the 2024 round (deadline 2025-01-31), all approved; N01 first
    # submitted 01-20 and S01 01-10 on time, N07 02-05 late.
    a = rows["甲县"].reporting
    assert (a.due, a.done, a.on_time) == (3, 3, 2)
    assert a.timeliness == pytest.approx(2 / 3)
    # 乙县: N01 done on time, N07's latest version is a draft, S01 never reported.
    b = rows["乙县"].reporting
    assert (b.due, b.done, b.on_time) == (3, 1, 1)
    # 甲县's items: assigned (deadline 2025-01-01, overdue), rectifying (not yet), closed.
    assert (rows["甲县"].items_open, rows["甲县"].items_overdue) == (2, 1)
    assert (rows["乙县"].items_open, rows["乙县"].items_overdue) == (0, 0)


def test_before_the_plan_the_base_year_is_compared_on_baselines(province, province_user):
    c = province_comparison(user=province_user, filters=Filters(), today=dt.date(2024, 1, 15))
    assert (c.years, c.year, c.index_year) == ([2023, 2024], 2023, 2023)
    rows = _by_name(c)
    # 甲县 (2.00 ÷ 3.00 + 8 ÷ 20) ÷ 2 = (66.67 + 40) ÷ 2; 乙县 (50 + 30) ÷ 2; 丙县 66.67 alone.
    assert rows["甲县"].index == pytest.approx((200 / 3 + 40) / 2)
    assert rows["乙县"].index == pytest.approx(40.0)
    assert rows["丙县"].index == pytest.approx(200 / 3)
    assert [r.county.name[:2] for r in c.rows] == ["丙县", "甲县", "乙县"]
    assert all(cell.status == Status.NO_DATA for r in c.page_rows for cell in r.cells.values())


def test_the_current_year_is_judged_as_of_the_last_month_and_indexed_on_the_last_year(
    province, province_user
):
    c = province_comparison(user=province_user, filters=Filters(year=2025), today=DURING)
    assert (c.year, c.as_of.ident, c.index_year) == (2025, "2025-02", 2024)
    rows = {r.county.name[:2]: r for r in c.page_rows}
    # An annual indicator as of 2025-02 is judged on 2024.
    assert rows["甲县"].cells["N01"].period == "2024"
    assert rows["甲县"].index == pytest.approx(70.0)


def test_after_the_plan_a_county_without_final_year_data_is_unranked(province, province_user):
    from innocounty.plans.models import Indicator
    from innocounty.reporting.models import Value

    Value.objects.create(
        indicator=Indicator.objects.get(plan=province["plans"]["a"], code="N01"),
        period="2025",
        state="approved",
        value=Decimal("3.30"),
    )
    c = province_comparison(user=province_user, filters=Filters(), today=dt.date(2026, 6, 1))
    assert (c.years, c.year, c.index_year) == ([2023, 2024, 2025], 2025, 2025)
    # 3.30 ÷ 3.00 = 110 %; N07 has no 2025 value.
    assert [(r.county.name[:2], r.rank) for r in c.rows] == [
        ("甲县", 1),
        ("丙县", None),
        ("乙县", None),
    ]
    assert c.rows[0].index == pytest.approx(110.0)
    a = next(r for r in c.page_rows if r.county.name == "甲县")
    # 2025's target is the assessment value 3.00: met.
    assert (a.cells["N01"].status, a.cells["N01"].achievement) == (
        Status.MET,
        pytest.approx(1.1),
    )


def test_peer_groups_and_cities_narrow_the_rows_and_rank_within(province, province_user):
    c = province_comparison(user=province_user, filters=Filters(theme="industry"), today=DURING)
    assert [(r.county.name, r.rank, r.group_rank) for r in c.rows] == [
        ("丙县", 1, 1),
        ("甲县", 2, 2),
    ]
    c = province_comparison(user=province_user, filters=Filters(zone="ecological"), today=DURING)
    assert [(r.county.name[:2], r.rank, r.group_rank) for r in c.rows] == [("乙县", 3, 1)]
    city = province["regions"]["c"]
    c = province_comparison(user=province_user, filters=Filters(city=city.pk), today=DURING)
    assert [(r.county.name[:2], r.group_rank) for r in c.rows] == [("甲县", 1), ("乙县", 2)]


def test_a_city_office_compares_only_its_city(province, city_user):
    c = province_comparison(user=city_user, filters=Filters(), today=DURING)
    assert [(r.county.name[:2], r.rank) for r in c.rows] == [("甲县", 1), ("乙县", 2)]


def test_a_county_office_sees_its_own_county_only(province, office_a):
    c = province_comparison(user=office_a, filters=Filters(), today=DURING)
    assert [r.county.name for r in c.rows] == ["甲县"]


def test_pages_hold_the_details_of_their_rows_only(province, province_user):
    c = province_comparison(user=province_user, filters=Filters(page=2), today=DURING, page_size=2)
    assert (c.page, c.pages) == (2, 2)
    assert [r.county.name[:2] for r in c.page_rows] == ["乙县"]
    assert c.page_rows[0].rank == 3


def test_the_comparison_reads_the_same_number_of_queries_for_more_counties(province, province_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from innocounty.core import schema
    from innocounty.plans.models import Region
    from innocounty.plans.services import plan_load
    from tests.province.conftest import COUNTIES, _plan

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            province_comparison(user=province_user, filters=Filters(), today=DURING)
        return len(queries)

    count()  # the person's roles are cached on the first call
    before = count()
    targets = COUNTIES["a"][4]
    for n in range(3):
        county = Region.objects.create(
            code=f"p-x{n}", name=f"增县{n}", level="county", parent=province["regions"]["c"]
        )
        plan = plan_load(
            data=schema.Plan.model_validate(_plan(f"plan-x{n}", f"增县{n}", targets))
        ).plan
        plan.county = county
        plan.save(update_fields=["county"])
    assert len(province_comparison(user=province_user, filters=Filters(), today=DURING).rows) == 6
    assert count() == before


def test_the_stored_index_is_read_while_current_and_recomputed_after_a_change(
    province, province_user
):
    """甲县's N07 12 becomes 20 (20 ÷ 20 = 100 %): its index becomes (80 + 100) ÷ 2 = 90.0,
    still behind 丙县's 120.0, once the change is announced (`plan_changed`, as every service
    does); the other counties' stored rows are read, not recomputed."""
    from innocounty.core.workflow import State
    from innocounty.plans.hooks import plan_changed
    from innocounty.province.models import PlanIndex
    from innocounty.reporting.models import Value

    province_comparison(user=province_user, filters=Filters(), today=DURING)
    assert PlanIndex.objects.filter(year=2024).count() == 3
    a = province["plans"]["a"]
    stored = dict(PlanIndex.objects.values_list("plan_id", "pk"))

    n07 = Value.objects.filter(indicator__plan=a, indicator__code="N07", state=State.APPROVED)
    n07.update(value=Decimal("20"))
    c = province_comparison(user=province_user, filters=Filters(), today=DURING)
    assert _by_name(c)["甲县"].index == pytest.approx(70.0)  # not announced: the stored row

    plan_changed(plan_id=a.pk)
    c = province_comparison(user=province_user, filters=Filters(), today=DURING)
    assert _by_name(c)["甲县"].index == pytest.approx(90.0)
    assert [(r.county.name[:2], r.rank) for r in c.rows] == [
        ("丙县", 1),
        ("甲县", 2),
        ("乙县", 3),
    ]
    again = dict(PlanIndex.objects.values_list("plan_id", "pk"))
    assert again[a.pk] != stored[a.pk]  # recomputed
    assert {k: v for k, v in again.items() if k != a.pk} == {
        k: v for k, v in stored.items() if k != a.pk
    }
