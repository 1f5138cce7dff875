"""Every ratio indicator of the seed plan entered by numerator and denominator in the browser,
then submitted: the system never refuses a value it computed itself (issue 12, item 1)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# What each ratio of the seed is computed from, as the plan states it (worked out by hand
# from the indicator names, not read from the code): numerator unit, denominator unit, factor.
PARTS = {
    "N01": ("万元", "万元", 100),
    "N02": ("人", "万人", 1),
    "N04": ("万元", "万元", 100),
    "N12": ("万元", "万元", 100),
    "N13": ("件", "万人", 1),
    "N14": ("吨标准煤", "万元", 1),
    "S05": ("亿元", "亿元", 100),
    "S06": ("亿元", "亿元", 100),
}
# Numbers whose quotient has far more decimals than the indicator keeps.
TYPED = {
    "N01": ("12347", "411231"),
    "N02": ("1273", "61.7"),
    "N04": ("52311", "2431117"),
    "N12": ("311173", "1278813"),
    "N13": ("1150", "220"),
    "N14": ("1713311", "7771311"),
    "S05": ("171.3", "287.9"),
    "S06": ("131.7", "461.3"),
}


@pytest.fixture
def world(qianjiang):
    from django.contrib.auth.models import User

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting import services

    demo_accounts_create(plan=qianjiang)
    office = User.objects.get(username="office")
    round_ = services.round_open(
        plan=qianjiang, period="2024", deadline=dt.date(2025, 3, 31), by=office
    )
    return qianjiang, round_


def test_every_seed_ratio_is_entered_by_its_parts_and_submitted(world, live_server, page_factory):
    from innocounty.plans.models import Indicator
    from innocounty.reporting.models import Value

    plan, round_ = world
    ratios = list(plan.indicators.filter(measure_type=Indicator.MeasureType.RATIO))
    assert sorted(i.code for i in ratios) == sorted(PARTS)
    by_unit: dict = {}
    for indicator in ratios:
        unit = indicator.indicator_units.order_by("position").first().unit
        by_unit.setdefault(unit, []).append(indicator)

    base = live_server.url
    for unit, indicators in by_unit.items():
        reporter = unit.users.get(username__startswith="unit")
        page, watch = page_factory()
        login(page, base, reporter.username, "demo12345")
        page.goto(f"{base}/reporting/rounds/{round_.pk}/units/{unit.pk}/")
        for indicator in indicators:
            entry = page.locator(f"#entry-{indicator.code}")
            text = entry.inner_text()
            numerator_unit, denominator_unit, _factor = PARTS[indicator.code]
            # The units are stated beside the fields.
            assert f"（{numerator_unit}）" in entry.locator(".field-numerator").inner_text()
            assert f"（{denominator_unit}）" in entry.locator(".field-denominator").inner_text()
            assert "÷" in text
            numerator, denominator = TYPED[indicator.code]
            entry.get_by_label("分子").fill(numerator)
            entry.get_by_label("分母").fill(denominator)
            entry.get_by_label("数据来源").fill("统计年报")
            # Far-from-target or big-change warnings need an explanation to be submitted.
            entry.get_by_label("异常情况说明").fill("已核对")
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert "已保存" in page.locator("ul.messages").inner_text()
        if indicators[0].code == "N13":
            screenshot(page, "entry-ratio-saved-1366")
        page.get_by_role("button", name="报送已保存的数据").click()
        page.wait_for_load_state("networkidle")
        messages = page.locator("ul.messages").inner_text()
        assert "最多保留" not in messages
        assert f"已报送 {len(indicators)} 项" in messages, messages
        assert watch.errors == [] and watch.foreign == []

    for indicator in ratios:
        value = Value.objects.get(indicator=indicator, period="2024")
        numerator, denominator = (Decimal(x) for x in TYPED[indicator.code])
        factor = PARTS[indicator.code][2]
        exact = numerator / denominator * factor
        assert value.state == "submitted"
        assert (value.numerator, value.denominator) == (numerator, denominator)
        # Kept exact to the column's 8 places, not cut to the indicator's decimals.
        assert abs(value.value - exact) < Decimal("0.000000006")
        assert value.value != exact.quantize(Decimal(1).scaleb(-indicator.decimals))


def test_the_entry_page_shows_the_computed_value_at_the_indicators_precision(
    world, live_server, page_factory
):
    from innocounty.reporting import services

    plan, round_ = world
    n13 = plan.indicators.get(code="N13")
    unit = n13.indicator_units.order_by("position").first().unit
    reporter = unit.users.get(username__startswith="unit")
    services.value_save(
        round_=round_,
        indicator=n13,
        unit=unit,
        data={"numerator": "1150", "denominator": "220"},
        by=reporter,
    )
    for locale, name in (("zh-CN", "zh"), ("en-US", "en")):
        page, watch = page_factory(locale=locale)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", reporter.username)
        page.fill("#id_password", "demo12345")
        page.locator("#id_password").press("Enter")
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/reporting/rounds/{round_.pk}/units/{unit.pk}/")
        entry = page.locator("#entry-N13")
        # 1150 ÷ 220 = 5.2272…, shown as 5.23 件/万人; the value field is left to the parts.
        assert entry.locator(".computed").inner_text() == "5.23"
        assert entry.locator(".field-numerator input").input_value() == "1150"
        assert entry.locator(".field-denominator input").input_value() == "220"
        assert entry.locator(".field-value input").input_value() == ""
        label = entry.locator(".field-numerator label").inner_text()
        assert label.startswith("分子" if name == "zh" else "Numerator")
        screenshot(page, f"entry-ratio-{name}-1366")
        assert watch.errors == []
