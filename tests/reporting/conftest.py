import datetime as dt

import pytest

from innocounty.reporting import services


@pytest.fixture
def round_2024(small_plan, office_user):
    return services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )


@pytest.fixture
def n01(small_plan):
    """本级财政科技支出占比 (%), reported by 县财政局 (reporter_a)."""
    return small_plan.indicators.get(code="N01")


@pytest.fixture
def s01(small_plan):
    """万元GDP综合能耗, lower is better, reported by 县经信局 (reporter_b) and 县科技局."""
    return small_plan.indicators.get(code="S01")


@pytest.fixture
def unit_a(small_plan):
    return small_plan.units.get(name="县财政局")


@pytest.fixture
def unit_b(small_plan):
    return small_plan.units.get(name="县经信局")
