"""The Excel exports, opened with openpyxl and checked against the snapshot and the engine."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innocounty.core.evaluation import STATUS_LABELS
from innocounty.monitor.selectors import plan_snapshot
from innocounty.reporting.models import Round
from innocounty.reporting.selectors import round_status
from tests.bulletins.conftest import NOW

pytestmark = pytest.mark.django_db


def _sheet(client, bulletin, kind):
    response = client.get(reverse("bulletins:bulletin-export", args=[bulletin.pk, kind]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_indicator_table_has_every_indicator_with_its_status_colour(client, office, bulletin):
    client.force_login(office)
    sheet = _sheet(client, bulletin, "indicators")
    engine = plan_snapshot(plan=bulletin.plan, period="2025", today=NOW.date(), now=NOW)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    results = list(engine.evaluation.indicators.values())
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        assert row[1] == result.series.code
        assert row[3] == result.series.name
        assert row[8] == STATUS_LABELS[result.status.status]
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    formulas = {r.formula[0] for r in rules}
    assert '$I2="严重滞后"' in formulas
    assert '$I2="已达标"' in formulas


def test_the_scorecards_are_ranked(client, office, bulletin):
    client.force_login(office)
    sheet = _sheet(client, bulletin, "scorecards")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    engine = plan_snapshot(plan=bulletin.plan, period="2025", today=NOW.date(), now=NOW)
    assert [r[1] for r in rows] == [c.unit for c in engine.evaluation.scorecards]
    ranks = [r[0] for r in rows if r[0] not in ("", None)]
    assert ranks == sorted(ranks)


def test_the_chase_list_names_every_late_unit(client, leader_of, bulletin):
    client.force_login(leader_of)
    sheet = _sheet(client, bulletin, "chase")
    names = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    status = round_status(round_=Round.objects.get(plan=bulletin.plan, period="2025"), now=NOW)
    assert names == [row.unit.name for row in status.chase]
    late = {row.unit.name for row in status.rows if row.progress.overdue}
    assert late and late <= set(names)


@pytest.fixture
def leader_of(seeded):
    from django.contrib.auth.models import User

    return User.objects.get(username="leader")
