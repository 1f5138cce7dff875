"""The province comparison ranked by a scoring method, with its robustness; every figure worked
out by hand on the three counties of `conftest` (today 2025-03-01, scored year 2024).

Values of 2024 (latest approved) and the counties' own 2024 targets (kind "target"):
- 甲县: N01 2.40 ÷ 2.50 = 96 %, N07 12 ÷ 10 = 120 %;
- 乙县: N01 3.00 ÷ 2.00 = 150 % → capped at 120, N07 4 ÷ 5 = 80 %;
- 丙县: N01 4.00 ÷ 6.00 = 66.67 %, N07 without a value.

The province's method for 2024: own targets, category 创新投入 weighing 3, every other weight 1:
甲县 (3 × 96 + 120) ÷ 4 = 102, 乙县 (3 × 120 + 80) ÷ 4 = 110, 丙县 66.67 (one category).
Equal weights (one per indicator: 创新投入 holds 3 of the national 15, 创新环境 5): 甲县
(3 × 96 + 5 × 120) ÷ 8 = 111, 乙县 (3 × 120 + 5 × 80) ÷ 8 = 95. Entropy weights: N01's scores
(96, 120, 66.67) diverge 0.02496, N07's (120, 80) 0.02905, so 乙县 leads only if w(N01) ÷
w(N07) > 40 ÷ 24; it is 0.859, and 甲县 leads. So 甲县 and 乙县 swap places (moves of 1) and
丙县 stays third.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from innocounty.province import methods, scoring
from innocounty.province.models import MethodRanking
from innocounty.province.selectors import Filters, province_comparison
from tests.province.conftest import MARKER

pytestmark = pytest.mark.django_db

DURING = dt.date(2025, 3, 1)


def _by_name(comparison):
    return {r.county.name[:2]: r for r in comparison.rows}


def _order(comparison):
    return [(r.county.name[:2], r.rank) for r in comparison.rows]


@pytest.fixture
def weighted(province, province_user):
    """The province's 2024 method: own targets, 创新投入 weighing 3."""
    return scoring.scoring_method_save(
        region=province["regions"]["p"],
        year=2024,
        kind="own_targets",
        parameters={"category_weights": {"创新投入": "3"}},
        by=province_user,
    )


def _compare(user, region, **filters):
    return province_comparison(user=user, filters=Filters(**filters), today=DURING, region=region)


def test_without_a_saved_method_the_composite_index_ranks(province, province_user):
    c = _compare(province_user, province["regions"]["p"])
    assert c.method.code == methods.INDEX and not c.robust
    codes = [m.code for m in c.methods]
    # The standard-value and efficacy methods need values a person sets: not offered.
    assert codes == [methods.INDEX, "own_targets", "chained"]
    assert _order(c) == [("丙县", 1), ("甲县", 2), ("乙县", 3)]


def test_the_years_saved_method_ranks_by_default_with_its_robustness(
    province, province_user, weighted
):
    c = _compare(province_user, province["regions"]["p"])
    assert c.method.code == "own_targets" and c.method.saved and not c.method.frozen
    assert c.robust
    assert _order(c) == [("乙县", 1), ("甲县", 2), ("丙县", 3)]
    rows = _by_name(c)
    assert rows["乙县"].index == pytest.approx(110.0)
    assert rows["甲县"].index == pytest.approx(102.0)
    assert rows["丙县"].index == pytest.approx(200 / 3)
    moves = {n: (r.equal_rank, r.entropy_rank, r.largest_move) for n, r in rows.items()}
    assert moves == {"甲县": (1, 1, 1), "乙县": (2, 2, 1), "丙县": (3, 3, 0)}
    assert (c.moved, c.largest_move) == (2, 1)
    # The composite index stays one choice away.
    index = _compare(province_user, province["regions"]["p"], method=methods.INDEX)
    assert _order(index) == [("丙县", 1), ("甲县", 2), ("乙县", 3)]


def test_the_chained_index_from_the_base_year(province, province_user):
    """Base year 2023 (the baselines stand for its values): 甲县 N01 2.00 → 2.40 (× 1.2), N07
    8 → 12 (× 1.5): 100 × (1.2 + 1.5) ÷ 2 = 135; 乙县 N01 2 → 3 (× 1.5), N07 3 → 4 (× 4/3):
    141.67; 丙县 N01 2 → 4 (× 2), N07 without a 2023 value: 200."""
    c = _compare(province_user, province["regions"]["p"], method="chained")
    assert c.method.code == "chained"
    rows = _by_name(c)
    assert rows["甲县"].index == pytest.approx(135.0)
    assert rows["乙县"].index == pytest.approx(100 * (1.5 + 4 / 3) / 2)
    assert rows["丙县"].index == pytest.approx(200.0)
    assert _order(c) == [("丙县", 1), ("乙县", 2), ("甲县", 3)]


def test_a_peer_group_ranks_within_itself_on_the_methods_ranks(province, province_user, weighted):
    """Theme industry holds 甲县 (overall 2) and 丙县 (overall 3): 1 and 2 within."""
    c = _compare(province_user, province["regions"]["p"], theme="industry")
    assert [(r.county.name[:2], r.rank, r.group_rank) for r in c.rows] == [
        ("甲县", 2, 1),
        ("丙县", 3, 2),
    ]


def test_a_saved_standard_method_is_offered_and_scores(province, province_user):
    """Scored on N01 and N07 with standard values 3.00 and 10: 甲县 (80 + 100) ÷ 2 = 90 (12 ÷ 10 capped at 100),
    乙县 (100 + 40) ÷ 2 = 70, 丙县 100 (4 ÷ 3 capped; N07 without a value)."""
    scoring.scoring_method_save(
        region=province["regions"]["p"],
        year=2024,
        kind="standard",
        parameters={"indicators": ["N01", "N07"], "standards": {"N01": "3.00", "N07": "10"}},
        by=province_user,
    )
    c = _compare(province_user, province["regions"]["p"])
    assert c.method.code == "standard"
    rows = _by_name(c)
    assert (rows["甲县"].index, rows["乙县"].index, rows["丙县"].index) == pytest.approx(
        (90.0, 70.0, 100.0)
    )
    assert "efficacy" not in [m.code for m in c.methods]


def test_the_ranking_is_stored_and_computed_again_only_after_a_change(
    province, province_user, weighted, monkeypatch
):
    """甲县's N01 becomes 3.00 (120 %): (3 × 120 + 120) ÷ 4 = 120, ahead of 乙县's 110, once
    the change is announced (`plan_changed`, as every service does)."""
    from innocounty.core import comparison
    from innocounty.core.workflow import State
    from innocounty.plans.hooks import plan_changed
    from innocounty.reporting.models import Value

    calls = []
    real = comparison.score_and_robustness
    monkeypatch.setattr(comparison, "score_and_robustness", lambda *a: calls.append(1) or real(*a))
    region = province["regions"]["p"]
    _compare(province_user, region)
    assert len(calls) == 1 and MethodRanking.objects.count() == 1
    _compare(province_user, region)
    _compare(province_user, region, theme="ecology", page=1)
    assert len(calls) == 1  # read, not computed

    a = province["plans"]["a"]
    Value.objects.filter(
        indicator__plan=a, indicator__code="N01", state=State.APPROVED, version=2
    ).update(value=Decimal("3.00"))
    assert _by_name(_compare(province_user, region))["甲县"].index == pytest.approx(102.0)
    plan_changed(plan_id=a.pk)
    c = _compare(province_user, region)
    assert len(calls) == 2 and MethodRanking.objects.count() == 1
    assert _by_name(c)["甲县"].index == pytest.approx(120.0)
    assert _order(c)[:2] == [("甲县", 1), ("乙县", 2)]


def test_a_frozen_method_is_marked_and_still_ranks(province, province_user, weighted):
    scoring.scoring_method_freeze(region=province["regions"]["p"], year=2024, by=province_user)
    c = _compare(province_user, province["regions"]["p"])
    assert c.method.frozen and "已锁定" in c.method.label
    assert _order(c) == [("乙县", 1), ("甲县", 2), ("丙县", 3)]


def test_a_county_office_ranks_only_itself_and_never_reads_another_countys_ranking(
    province, province_user, office_a, weighted, client
):
    """The province's stored ranking (three counties) is never what a county reads: its own
    set is one county, ranked first, under the methods open to everyone."""
    _compare(province_user, province["regions"]["p"])
    client.force_login(office_a)
    for query in ("", "?method=own_targets", "?method=chained", "?method=standard"):
        page = client.get(f"/province/{query}").content.decode()
        assert MARKER not in page and "丙县" not in page
        assert "甲县" in page
    c = province_comparison(user=office_a, filters=Filters(method="own_targets"), today=DURING)
    assert [(r.county.name[:2], r.rank, r.equal_rank) for r in c.rows] == [("甲县", 1, 1)]


def test_the_page_and_export_show_the_method_and_the_ranks_under_other_weights(
    client, province, province_user, weighted
):
    import time_machine

    client.force_login(province_user)
    with time_machine.travel(dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        page = client.get("/province/").content.decode()
        export = client.get("/province/export.xlsx")
    assert "评价得分" in page and "等权重排名" in page and "熵权重排名" in page
    assert "2 个县（市、区）名次发生变化，最多变动 1 位" in page
    assert 'value="own_targets" selected' in page
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][4] == "评价得分（对照自身目标，2024年）"
    assert rows[0][-2:] == ("等权重排名", "熵权重排名")
    by_name = {r[2][:2]: r for r in rows[1:]}
    assert (by_name["乙县"][0], by_name["乙县"][4], by_name["乙县"][-2:]) == (1, 110.0, (2, 2))
    assert (by_name["甲县"][0], by_name["甲县"][4], by_name["甲县"][-2:]) == (2, 102.0, (1, 1))
