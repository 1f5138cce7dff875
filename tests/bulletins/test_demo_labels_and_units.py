"""On the demo: one label for one period on every page and in the bulletin, and the
leading-group office (a unit of kind 领导小组办公室) is never due, chased or late."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC)
OFFICE_NAME = "市创新型县（市）建设工作领导小组办公室"


@pytest.fixture
def demo(qianjiang, settings, tmp_path):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        demo_accounts_create(plan=qianjiang)
        demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 29))
    return qianjiang


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


@time_machine.travel(NOW, tick=False)
def test_the_office_is_never_due_chased_or_late(demo):
    from innocounty.bulletins.selectors import bulletin_snapshot
    from innocounty.plans.models import TaskUnit, Unit
    from innocounty.reporting.selectors import round_status

    office = Unit.objects.get(plan=demo, kind=Unit.Kind.OFFICE)
    assert office.name == OFFICE_NAME
    # the plan names the office as a task's lead, so without the rule it would owe a report
    assert TaskUnit.objects.filter(unit=office, role=TaskUnit.Role.LEAD).exists()
    rounds = list(demo.rounds.all())
    assert rounds
    late_somewhere = False
    for round_ in rounds:
        status = round_status(round_=round_, now=NOW)
        assert office.pk not in {row.unit.pk for row in status.rows}
        assert OFFICE_NAME not in {row.unit.name for row in status.chase}
        snap = bulletin_snapshot(plan=demo, period=round_.period, now=NOW)
        reporting = snap["reporting"]
        assert reporting is not None
        late_somewhere |= bool(reporting["late"])
        assert OFFICE_NAME not in reporting["late"]
        assert OFFICE_NAME not in reporting["chase"]
        assert OFFICE_NAME not in {u["name"] for u in reporting["units"]}
    # the units that do report are still listed (the rule removes only the office)
    assert late_somewhere or any(round_status(round_=r, now=NOW).rows for r in rounds)


@time_machine.travel(NOW, tick=False)
def test_one_label_for_one_period_on_every_page_and_the_bulletin(demo, client):
    from django.contrib.auth.models import User

    from innocounty.bulletins.selectors import bulletin_snapshot
    from innocounty.monitor.selectors import plan_snapshot
    from innocounty.plans.roles import OFFICE

    period = "2025"
    quarterly = list(demo.indicators.filter(frequency="quarterly").values_list("code", flat=True))
    assert quarterly
    evaluation = plan_snapshot(plan=demo, period=period, today=NOW.date(), now=NOW).evaluation
    snap = bulletin_snapshot(plan=demo, period=period, now=NOW)
    by_code = {i["code"]: i for i in snap["indicators"]}
    client.force_login(User.objects.filter(groups__name=OFFICE).first())
    listing = client.get(
        reverse("monitor:indicator-list", args=[demo.key]), {"period": period}
    ).content.decode()
    cockpit = client.get(reverse("monitor:cockpit", args=[demo.key]), {"period": period})
    lagging = cockpit.content.decode().split('class="grid lagging"', 1)[-1]
    for code in quarterly:
        status = evaluation.indicators[code].status
        # the engine labels the period the user asked for, not the source row's 2025Q4
        assert status.period == period
        assert not status.reason.startswith("2025年第4季度")
        assert status.reason.startswith("2025年")
        # the bulletin: same period, same sentence
        assert by_code[code]["period"] == period
        assert by_code[code]["reason"] == status.reason
        # the indicator page's status line
        page = client.get(
            reverse("monitor:indicator", args=[demo.key, code]), {"period": period}
        ).content.decode()
        line = re.search(r'class="status-line">(.*?)</p>', page, re.S)
        assert line is not None
        assert _text(line.group(1)).endswith(period)
        assert "Q4" not in _text(line.group(1))
        # the indicator table's period cell
        row = re.search(rf"indicators/{code}/[^>]*>.*?</tr>", listing, re.S)
        assert row is not None
        cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]
        assert period in cells and "2025Q4" not in cells
    # the cockpit's lagging list and the bulletin's say the same thing
    for item in snap["lagging"]:
        assert item["reason"] in unescape(lagging)
    assert "2025年第4季度" not in lagging
    assert not any("2025年第4季度" in i["reason"] for i in snap["indicators"])
