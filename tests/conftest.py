"""Shared fixtures: a small plan, the shipped Qianjiang plan, and the personas.

Personas (as healthchecks' alice/bob/charlie): the office, a leader (read-only), a reporter of
unit A and a reporter of unit B.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import settings

from innocounty.core import schema
from innocounty.core.planfile import load_plan_file, shipped_plan_path

# In CI every property test runs the same examples each time (derandomised, no example
# database): a run lands or fails on the code, not on the draw. Locally the draws stay random,
# so running the suite keeps exploring (a failure prints the example to keep as a test).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language: a request in English (the test client
    keeps the language a request activated) must not decide the language of the next test."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


SMALL_PLAN = {
    "key": "demo-county-2024",
    "title": "示范县国家创新型县建设实施方案",
    "doc_number": "示政发〔2024〕3号",
    "date": "2024-03-01",
    "issuer": "示范县人民政府",
    "region": "示范县",
    "start_year": 2024,
    "end_year": 2026,
    "base_year": 2023,
    "categories": ["创新投入", "特色指标"],
    "units": [
        {"name": "县科技局", "duties": "牵头推进全县科技创新工作。"},
        {"name": "县财政局", "duties": "保障财政科技投入。"},
        {"name": "县经信局", "duties": "推动企业技术改造。"},
        {"name": "各乡镇", "kind": "group", "duties": "落实本辖区任务。"},
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
                    "title": "加大财政科技投入",
                    "text": "建立财政科技投入稳定增长机制。",
                    "lead_units": ["县财政局"],
                    "responsible_units": ["县科技局"],
                },
                {
                    "number": 2,
                    "title": "培育科技型企业",
                    "text": "实施高新技术企业倍增计划。",
                    "lead_units": ["县科技局"],
                    "responsible_units": ["县经信局", "各乡镇"],
                },
            ],
        },
        {
            "number": 2,
            "title": "实施产业提升工程",
            "tasks": [
                {
                    "number": 3,
                    "title": "改造提升传统产业",
                    "text": "推进智能化改造。",
                    "lead_units": ["县经信局"],
                    "responsible_units": [],
                },
            ],
        },
    ],
    "indicators": [
        {
            "code": "N01",
            "catalogue": "N01",
            "category": "创新投入",
            "number": 1,
            "name": "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
            "unit": "%",
            "measure_type": "ratio",
            "decimals": 2,
            "responsible_units": ["县财政局"],
            "targets": [
                {"year": 2024, "kind": "target", "value": 2.5},
                {"year": 2026, "kind": "assessment", "value": 3.0},
                {"year": 2026, "kind": "expected", "value": 3.2},
            ],
        },
        {
            "code": "S01",
            "category": "特色指标",
            "number": 1,
            "name": "万元GDP综合能耗",
            "unit": "吨标准煤/万元",
            "direction": "lower",
            "measure_type": "ratio",
            "decimals": 3,
            "responsible_units": ["县经信局", "县科技局"],
            "targets": [
                {"year": 2024, "kind": "target", "value": 0.485},
                {"year": 2026, "kind": "assessment", "value": 0.48},
            ],
        },
    ],
    "main_targets": [
        {
            "text": "到2026年,财政科技支出占比达3.0%以上",
            "value": 3.0,
            "unit": "%",
            "year": 2026,
            "indicator": "N01",
        }
    ],
}


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Test-only speed-up, in one place: the MD5 hasher instead of PBKDF2."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def small_plan_data() -> schema.Plan:
    return schema.Plan.model_validate(SMALL_PLAN)


@pytest.fixture
def small_plan(db, small_plan_data):
    from innocounty.plans.services import plan_load

    return plan_load(data=small_plan_data).plan


@pytest.fixture(scope="session")
def qianjiang_data() -> schema.Plan:
    return load_plan_file(shipped_plan_path("qianjiang-2023"))


@pytest.fixture
def qianjiang(db, qianjiang_data):
    from innocounty.plans.services import plan_load

    return plan_load(data=qianjiang_data).plan


def _make_user(username: str, role: str, unit=None):
    from django.contrib.auth.models import User

    from innocounty.plans.roles import ensure_groups

    groups = ensure_groups()
    user = User.objects.create_user(username=username, password="pw-for-tests-123")
    user.groups.add(groups[role])
    if unit is not None:
        unit.users.add(user)
    return user


@pytest.fixture
def office_user(small_plan):
    return _make_user("office", "office", small_plan.office_unit)


@pytest.fixture
def leader_user(small_plan):
    return _make_user("leader", "leader")


@pytest.fixture
def reporter_a(small_plan):
    return _make_user("reporter-a", "reporter", small_plan.units.get(name="县财政局"))


@pytest.fixture
def reporter_b(small_plan):
    return _make_user("reporter-b", "reporter", small_plan.units.get(name="县经信局"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When CI is set no test may skip: a skip (a missing font, tool or file) fails instead."""
    import os

    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but no test may skip when CI is set: {reason}"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` run in the PostgreSQL pass only; on SQLite they are
    deselected, so that the no-skip rule above holds in both of CI's passes."""
    import os

    if (os.environ.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://")):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


# The small plan's reporting fixtures, shared by the service, rule and reporting tests.


@pytest.fixture
def round_2024(small_plan, office_user):
    """The small plan's 2024 round, opened by the office, due 2025-03-31."""
    from innocounty.reporting import services

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
    """县财政局, reporter_a's unit, responsible for N01."""
    return small_plan.units.get(name="县财政局")


@pytest.fixture
def unit_b(small_plan):
    """县经信局, reporter_b's unit."""
    return small_plan.units.get(name="县经信局")
