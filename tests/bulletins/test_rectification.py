"""The bulletin's rectification section (整改情况): supervision items as of the bulletin's time."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from docx import Document

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.services import bulletin_create
from innocounty.supervision.models import Item, ItemState
from tests.bulletins.conftest import NOW

pytestmark = pytest.mark.django_db


def _at(y: int, m: int, d: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, 10, 0))


@pytest.fixture
def items(seeded):
    """Four items around NOW (2026-04-20): unit X has one closed and one overdue;
    unit Y one closed only after NOW (still open then, not yet due) and one opened after NOW."""
    x, y = seeded.units.order_by("name")[:2]

    def make(number, unit, assigned, deadline, closed=None):
        return Item.objects.create(
            plan=seeded,
            number=number,
            title=f"事项{number}",
            requirement="按期整改",
            source=Item.Source.MANUAL,
            lead_unit=unit,
            deadline=deadline,
            assigned_at=assigned,
            state=ItemState.CLOSED if closed else ItemState.RECTIFYING,
            closed_at=closed,
        )

    make(1, x, _at(2026, 1, 5), dt.date(2026, 3, 1), closed=_at(2026, 2, 20))
    make(2, x, _at(2026, 2, 1), dt.date(2026, 3, 31))
    make(3, y, _at(2026, 3, 1), dt.date(2026, 6, 30), closed=_at(2026, 5, 1))
    make(4, y, _at(2026, 5, 1), dt.date(2026, 5, 2))
    return x.name, y.name


def test_the_snapshot_counts_items_as_they_stood_at_the_bulletin_time(items, office):
    x, y = items
    bulletin = bulletin_create(plan=Item.objects.first().plan, period="2025", by=office, now=NOW)
    rect = bulletin.snapshot["rectification"]
    assert (rect["opened"], rect["closed"], rect["overdue"]) == (3, 1, 1)
    rows = {u["name"]: (u["opened"], u["closed"], u["overdue"]) for u in rect["units"]}
    assert rows == {x: (2, 1, 1), y: (1, 0, 0)}
    text = bulletin.paragraphs["rectification"]
    assert "累计交办督办事项3项，已销号1项，逾期未办结1项。" in text
    assert f"{x}有逾期未办结事项" in text
    assert y not in text
    # Full-width punctuation only.
    assert not re.search(r"[,;:()!?]", text)


def test_the_document_has_the_section_and_its_table(items, office):
    x, y = items
    bulletin = bulletin_create(plan=Item.objects.first().plan, period="2025", by=office, now=NOW)
    doc = Document(io.BytesIO(bulletin_docx(bulletin)[0]))
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("五、整改情况") < texts.index("六、存在问题和下一步工作")
    assert "五、存在问题和下一步工作" not in texts
    assert "表3 各单位整改情况" in texts
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "牵头单位")
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body == [[x, "2", "1", "1"], [y, "1", "0", "0"]]


def test_an_old_snapshot_without_the_section_renders_as_before(items, office, client):
    bulletin = bulletin_create(plan=Item.objects.first().plan, period="2025", by=office, now=NOW)
    bulletin.snapshot.pop("rectification")
    bulletin.paragraphs.pop("rectification")
    bulletin.save()
    doc = Document(io.BytesIO(bulletin_docx(bulletin)[0]))
    texts = [p.text for p in doc.paragraphs]
    assert "五、存在问题和下一步工作" in texts
    assert not any("整改情况" in t or t.startswith("六、") for t in texts)
    assert not any(t.rows[0].cells[0].text == "牵头单位" for t in doc.tables)
    client.force_login(office)
    for url in (f"/bulletins/{bulletin.pk}/preview/", f"/bulletins/{bulletin.pk}/"):
        html = client.get(url).content.decode()
        assert "五、存在问题和下一步工作" in html
        assert "整改情况" not in html


def test_the_preview_and_editor_show_the_section(items, office, client):
    bulletin = bulletin_create(plan=Item.objects.first().plan, period="2025", by=office, now=NOW)
    client.force_login(office)
    html = client.get(f"/bulletins/{bulletin.pk}/preview/").content.decode()
    assert "五、整改情况" in html and "表3 各单位整改情况" in html
    assert "累计交办督办事项3项" in html
    editor = client.get(f"/bulletins/{bulletin.pk}/").content.decode()
    assert 'name="rectification"' in editor
