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
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    results = list(engine.evaluation.indicators.values())
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        assert row[1] == result.series.code
        assert row[3] == result.series.name
        assert row[8] == STATUS_LABELS[result.status.status]
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    formulas = {r.formula[0] for r in rules}
    assert '$I3="严重滞后"' in formulas
    assert '$I3="已达标"' in formulas


def test_the_scorecards_are_ranked(client, office, bulletin):
    client.force_login(office)
    sheet = _sheet(client, bulletin, "scorecards")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    engine = plan_snapshot(plan=bulletin.plan, period="2025", today=NOW.date(), now=NOW)
    assert [r[1] for r in rows] == [c.unit for c in engine.evaluation.scorecards]
    ranks = [r[0] for r in rows if r[0] not in ("", None)]
    assert ranks == sorted(ranks)


def test_the_chase_list_names_every_late_unit(client, leader_of, bulletin):
    client.force_login(leader_of)
    sheet = _sheet(client, bulletin, "chase")
    names = [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)]
    status = round_status(round_=Round.objects.get(plan=bulletin.plan, period="2025"), now=NOW)
    assert names == [row.unit.name for row in status.chase]
    late = {row.unit.name for row in status.rows if row.progress.overdue}
    assert late and late <= set(names)


@pytest.fixture
def leader_of(seeded):
    from django.contrib.auth.models import User

    return User.objects.get(username="leader")


def _number(text):
    """The number a snapshot text shows (``1,234.50``, ``101.6%``), worked out by hand."""
    plain = text.replace(",", "")
    if plain.endswith("%"):
        return float(plain[:-1]) / 100
    return float(plain)


def _places(text):
    plain = text.rstrip("%")
    return len(plain.split(".")[1]) if "." in plain else 0


def _assert_print_setup(sheet):
    assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("3")
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$2"


def test_the_indicator_table_stores_numbers_as_numbers_under_a_title_row(client, office, bulletin):
    client.force_login(office)
    sheet = _sheet(client, bulletin, "indicators")
    snapshot = bulletin.snapshot
    assert sheet["A1"].value == (
        f"{snapshot['plan']['office']}指标监测表（{snapshot['as_of'][:10]}）"
    )
    assert sheet["A1"].value.startswith("潜江")
    assert sheet["D2"].value == "二级指标"
    assert sheet.freeze_panes == "E3"
    _assert_print_setup(sheet)
    checked = {"target": 0, "value": 0, "achievement": 0}
    for r, item in enumerate(snapshot["indicators"], start=3):
        assert sheet.cell(r, 1).value == r - 2 and sheet.cell(r, 1).data_type == "n"
        for column, key in ((6, "target"), (7, "value"), (8, "achievement")):
            cell, text = sheet.cell(r, column), item[key]
            if text == "—":
                assert cell.value == "—"
                continue
            checked[key] += 1
            assert cell.data_type == "n", (key, text, cell.value)
            assert float(cell.value) == pytest.approx(_number(text), abs=1e-12)
            zeros = "0" * _places(text)
            digits = "#,##0" if "," in text else "0"
            expected = (
                digits + ("." + zeros if zeros else "") + ("%" if key == "achievement" else "")
            )
            assert cell.number_format == expected
    assert all(checked.values()), checked
    # Widths from the content: the name column is wider than the number column.
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width


def test_the_ranking_stores_scores_and_rates_as_numbers(client, office, bulletin):
    client.force_login(office)
    sheet = _sheet(client, bulletin, "scorecards")
    assert sheet["A1"].value.startswith(bulletin.snapshot["plan"]["office"])
    _assert_print_setup(sheet)
    for r, card in enumerate(bulletin.snapshot["scorecards"], start=3):
        if card["rank"] is not None:
            assert sheet.cell(r, 1).value == card["rank"]
        score = sheet.cell(r, 3)
        if card["score"] != "—":
            assert score.data_type == "n" and float(score.value) == float(card["score"])
            assert score.number_format == "0.0"
        rate = sheet.cell(r, 7)
        if card["on_time_rate"] != "—":
            assert rate.data_type == "n" and rate.number_format == "0.0%"
            assert float(rate.value) == pytest.approx(_number(card["on_time_rate"]))
