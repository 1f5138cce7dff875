"""The demo's supervision data: every state, overdue and due-soon items, a meeting, e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from innocounty.supervision.models import Item, Meeting, Milestone

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC), tick=False)
def test_demo_supervision_covers_the_whole_loop(qianjiang, settings, tmp_path):
    from django.contrib.auth.models import User

    from innocounty.plans.demo import demo_accounts_create
    from innocounty.supervision.demo import demo_supervision_create

    settings.MEDIA_ROOT = tmp_path
    demo_accounts_create(plan=qianjiang)
    today = dt.date(2026, 11, 29)
    summary = demo_supervision_create(plan=qianjiang, today=today)
    items = list(Item.objects.filter(plan=qianjiang))
    assert {i.state for i in items} == {
        "assigned",
        "acknowledged",
        "rectifying",
        "applied",
        "verified",
        "returned",
        "closed",
    }
    open_ = [i for i in items if i.state != "closed"]
    assert any(i.deadline < today for i in open_)
    assert any(0 <= (i.deadline - today).days <= 3 for i in open_)
    assert sum(1 for i in items if i.state == "closed") >= 2
    assert Meeting.objects.filter(plan=qianjiang).count() == 1
    assert Item.objects.filter(meeting__isnull=False).count() >= 1
    assert Milestone.objects.filter(task__plan=qianjiang, confirmed_at__isnull=False).exists()
    assert summary.items == len(items)
    assert all(u.email.endswith(".invalid") for u in User.objects.all())
    # a second run adds nothing
    demo_supervision_create(plan=qianjiang, today=today)
    assert Item.objects.count() == len(items)
