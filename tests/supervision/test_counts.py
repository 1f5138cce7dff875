"""Supervision figures on other pages: the cockpit card and the unit scorecard's closing on time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from innocounty.supervision.models import Item, ItemState

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def _at(y: int, m: int, d: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, 10, 0))


@pytest.fixture
def items(small_plan):
    """县财政局 leads: closed on time (2026), closed late (2026), closed on time (2025),
    open and overdue, open not yet due. 县经信局 leads one open overdue item."""
    a = small_plan.units.get(name="县财政局")
    b = small_plan.units.get(name="县经信局")
    rows = [
        (a, dt.date(2026, 6, 30), _at(2026, 6, 1)),  # on time
        (a, dt.date(2026, 3, 31), _at(2026, 4, 10)),  # late
        (a, dt.date(2025, 12, 31), _at(2025, 12, 20)),  # on time, last year
        (a, dt.date(2026, 10, 31), None),  # overdue
        (a, dt.date(2026, 12, 31), None),  # not yet due
        (b, dt.date(2026, 11, 1), None),  # overdue, other unit
    ]
    for number, (unit, deadline, closed) in enumerate(rows, start=1):
        Item.objects.create(
            plan=small_plan,
            number=number,
            title=f"事项{number}",
            requirement="按期整改",
            source=Item.Source.MANUAL,
            lead_unit=unit,
            deadline=deadline,
            assigned_at=_at(2025, 11, 1),
            state=ItemState.CLOSED if closed else ItemState.RECTIFYING,
            closed_at=closed,
        )
    return a, b


def _figure(html: str, testid: str) -> int:
    return int(re.search(rf'data-testid="{testid}">(\d+)<', html).group(1))


def test_the_cockpit_card_shows_open_overdue_and_closed_this_year(client, office_user, items):
    client.force_login(office_user)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(f"/monitor/{items[0].plan.key}/").content.decode()
    card = html[html.index('id="supervision-counts"') :]
    card = card[: card.index("</section>")]
    assert _figure(card, "sv-open") == 3
    assert _figure(card, "sv-overdue") == 2
    assert _figure(card, "sv-closed") == 2  # the 2025 closing is not this year
    assert f'href="/supervision/plans/{items[0].plan.key}/"' in card


def test_the_unit_scorecard_counts_closing_on_time(client, office_user, items):
    a, b = items
    client.force_login(office_user)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(f"/monitor/{a.plan.key}/units/{a.pk}/").content.decode()
        other = client.get(f"/monitor/{b.plan.key}/units/{b.pk}/").content.decode()
    line = re.search(r'id="closing-on-time">([^<]*)<', html).group(1)
    # Due: three closed and one overdue (the one not yet due is left out); on time: two.
    assert "50.0%" in line
    assert "按期销号 2 项" in line and "到期 4 项" in line
    line_b = re.search(r'id="closing-on-time">([^<]*)<', other).group(1)
    assert "0.0%" in line_b and "到期 1 项" in line_b


def test_closing_on_time_before_anything_is_due_is_undefined(small_plan, items):
    from innocounty.supervision.selectors import closing_on_time

    a, _b = items
    result = closing_on_time(plan=small_plan, unit=a, today=dt.date(2025, 11, 2))
    assert (result.due, result.on_time, result.rate) == (0, 0, None)
