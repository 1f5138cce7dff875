"""Supervision services: each step audited and kept, only the right person moves an item."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from innocounty.audit.models import LogEntry
from innocounty.monitor.selectors import plan_evaluation
from innocounty.supervision import services
from innocounty.supervision.models import Item, Milestone, Notification, Step

from .conftest import pdf

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 29, 23, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY)
def test_full_loop_records_every_step_and_audit(open_item, office_user, reporter_a):
    item = open_item
    steps = [
        ("acknowledge", reporter_a, {}),
        ("plan", reporter_a, {"text": "三项措施", "due": dt.date(2026, 12, 20)}),
        ("report", reporter_a, {"text": "完成一半"}),
        ("report", reporter_a, {"text": "完成八成"}),
        ("apply", reporter_a, {"text": "已完成", "upload": pdf()}),
        ("return", office_user, {"text": "材料不足"}),
        ("apply", reporter_a, {"text": "已补充", "upload": pdf("补充.pdf")}),
        ("verify", office_user, {}),
        ("close", office_user, {}),
    ]
    for action, by, kw in steps:
        item = services.item_act(item=item, action=action, by=by, **kw)
    assert item.state == "closed"
    assert item.closed_at is not None and item.acknowledged_at is not None
    assert item.return_reason == "材料不足"
    # assign + nine steps, all kept, in order
    assert list(Step.objects.filter(item=item).values_list("action", flat=True)) == [
        "assign",
        *[a for a, _, _ in steps],
    ]
    actions = set(LogEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert {f"supervision.item.{a}" for a, _, _ in steps} | {"supervision.item.assigned"} <= actions
    applied = Step.objects.filter(item=item, action="apply").order_by("pk")
    assert [s.file_name for s in applied] == ["evidence.pdf", "补充.pdf"]
    assert all(s.file.read().startswith(b"%PDF") for s in applied)
    assert item.closed_on_time() is True
    # the unit was told of the assignment, the return and the closing
    texts = list(Notification.objects.filter(user=reporter_a).values_list("text", flat=True))
    assert any("退回原因：材料不足" in t for t in texts)
    assert any("销号" in t for t in texts)


@time_machine.travel(TODAY)
def test_wrong_people_cannot_move_an_item(open_item, office_user, leader_user, reporter_b):
    with pytest.raises(PermissionDenied):
        services.item_act(item=open_item, action="acknowledge", by=reporter_b)
    with pytest.raises(PermissionDenied):
        services.item_act(item=open_item, action="acknowledge", by=leader_user)
    with pytest.raises(services.SupervisionInputError, match="只有牵头单位填报员可以签收"):
        services.item_act(item=open_item, action="acknowledge", by=office_user)
    open_item.refresh_from_db()
    assert open_item.state == "assigned"
    assert Step.objects.filter(item=open_item).count() == 1
    with pytest.raises(PermissionDenied):
        services.item_open(
            plan=open_item.plan,
            by=reporter_b,
            title="x",
            requirement="y",
            source="manual",
            lead_unit=open_item.lead_unit,
            deadline=dt.date(2026, 12, 31),
        )


@time_machine.travel(TODAY)
def test_apply_needs_evidence_and_return_needs_a_reason(open_item, office_user, reporter_a):
    item = services.item_act(item=open_item, action="acknowledge", by=reporter_a)
    item = services.item_act(
        item=item, action="plan", by=reporter_a, text="措施", due=dt.date(2026, 12, 1)
    )
    with pytest.raises(services.SupervisionInputError, match="佐证材料"):
        services.item_act(item=item, action="apply", by=reporter_a, text="完成")
    with pytest.raises(services.SupervisionInputError, match="退回原因"):
        services.item_act(item=item, action="return", by=office_user, text=" ")
    item.refresh_from_db()
    assert item.state == "rectifying"
    with pytest.raises(services.SupervisionInputError, match="不是允许的类型"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.item_act(
            item=item,
            action="apply",
            by=reporter_a,
            text="完成",
            upload=SimpleUploadedFile("a.pdf", b"MZ not a pdf"),
        )
    item.refresh_from_db()
    assert item.state == "rectifying"


@time_machine.travel(TODAY)
def test_opening_checks_its_source_and_deadline(small_plan, office_user, media):
    unit = small_plan.units.get(name="县财政局")
    base = dict(plan=small_plan, by=office_user, title="t", requirement="r", lead_unit=unit)
    with pytest.raises(services.SupervisionInputError) as exc:
        services.item_open(**base, source="indicator", deadline=dt.date(2026, 12, 1))
    assert "请填写对应指标" in str(exc.value)
    with pytest.raises(services.SupervisionInputError, match="不能早于交办日期"):
        services.item_open(**base, source="manual", deadline=dt.date(2026, 11, 1))
    with pytest.raises(services.SupervisionInputError, match="批示内容"):
        services.item_open(**base, source="instruction", deadline=dt.date(2026, 12, 1))
    assert not Item.objects.exists()
    item = services.item_open(
        **base,
        source="instruction",
        instruction="请财政局抓紧落实",
        instructed_by="县长",
        deadline=dt.date(2026, 12, 1),
    )
    assert item.code == "DB2026-001" and item.source == "instruction"


def test_a_reporter_sees_only_its_units_items(client, open_item, reporter_b, reporter_a):
    marker = "独有标记-XYZ"
    Item.objects.filter(pk=open_item.pk).update(title=marker)
    client.force_login(reporter_b)
    page = client.get(f"/supervision/plans/{open_item.plan.key}/").content.decode()
    assert marker not in page
    assert client.get(f"/supervision/items/{open_item.pk}/").status_code == 404
    export = client.get(f"/supervision/plans/{open_item.plan.key}/ledger.xlsx")
    assert marker.encode() not in export.content
    client.force_login(reporter_a)
    assert marker in client.get(f"/supervision/plans/{open_item.plan.key}/").content.decode()
    from innocounty.supervision import selectors as sel

    assert sel.counts(plan=open_item.plan, user=reporter_b).open == 0
    assert sel.counts(plan=open_item.plan, user=reporter_a).open == 1


def _lagging_by_milestone(plan, today: dt.date) -> dict[int, list[str]]:
    """Task number → titles of its missed milestones, as the engine judges them today."""
    evaluation = plan_evaluation(plan=plan, today=today)
    return {t.number: [m.title for m in t.missed] for t in evaluation.tasks if t.missed}


def test_milestones_set_confirm_and_miss(small_plan, office_user, reporter_a, reporter_b):
    task = small_plan.tasks.get(number=1)  # led by 县财政局 (reporter A)
    unit = small_plan.units.get(name="县财政局")
    with pytest.raises(PermissionDenied):
        services.milestone_set(
            task=task, by=reporter_b, year=2025, title="x", due=dt.date(2025, 6, 1), unit=unit
        )
    with time_machine.travel(dt.datetime(2025, 5, 1, tzinfo=dt.UTC)):
        m = services.milestone_set(
            task=task,
            by=reporter_a,
            year=2025,
            title="出台办法",
            due=dt.date(2025, 6, 30),
            unit=unit,
        )
        # not confirmed: not counted as missed even after its date
        assert _lagging_by_milestone(small_plan, dt.date(2025, 7, 1)) == {}
        services.milestone_confirm(milestone=m, by=office_user)
        with pytest.raises(services.SupervisionInputError, match="已确认"):
            services.milestone_set(
                task=task,
                by=reporter_a,
                year=2025,
                title="改",
                due=dt.date(2025, 7, 1),
                unit=unit,
                milestone=Milestone.objects.get(pk=m.pk),
            )
    assert _lagging_by_milestone(small_plan, dt.date(2025, 6, 30)) == {}
    assert _lagging_by_milestone(small_plan, dt.date(2025, 7, 1)) == {1: ["出台办法"]}
    assert Milestone.objects.get(pk=m.pk).is_missed(dt.date(2025, 7, 1))
    with time_machine.travel(dt.datetime(2025, 7, 10, tzinfo=dt.UTC)):
        services.milestone_done(milestone=m, by=reporter_a, done_on=dt.date(2025, 6, 28))
    assert _lagging_by_milestone(small_plan, dt.date(2025, 8, 1)) == {}
    assert (
        LogEntry.objects.filter(
            object_id=str(m.pk), action__startswith="supervision.milestone."
        ).count()
        == 3
    )


@time_machine.travel(TODAY)
def test_a_meeting_turns_each_decision_into_an_item(small_plan, office_user, media):
    units = list(small_plan.units.filter(name__in=["县财政局", "县经信局"]))
    meeting = services.meeting_record(
        plan=small_plan,
        by=office_user,
        title="第一次协调会",
        date=dt.date(2026, 11, 20),
        chair="县长",
        units=units,
        minutes=pdf("纪要.pdf"),
        decisions=[
            {
                "title": "甲",
                "requirement": "甲",
                "lead_unit": units[0],
                "deadline": dt.date(2026, 12, 9),
            },
            {
                "title": "乙",
                "requirement": "乙",
                "lead_unit": units[1],
                "deadline": dt.date(2026, 12, 19),
            },
        ],
    )
    items = Item.objects.filter(meeting=meeting).order_by("number")
    assert [(i.title, i.source, i.lead_unit.name) for i in items] == [
        ("甲", "meeting", units[0].name),
        ("乙", "meeting", units[1].name),
    ]
    assert meeting.minutes_name == "纪要.pdf" and meeting.minutes.read().startswith(b"%PDF")


@time_machine.travel(TODAY)
def test_returned_value_tells_its_reporter_at_once(small_plan, office_user, reporter_a):
    from innocounty.reporting import services as reporting

    round_ = reporting.round_open(
        plan=small_plan, period="2026", deadline=dt.date(2027, 3, 31), by=office_user
    )
    value = reporting.value_save(
        round_=round_,
        indicator=small_plan.indicators.get(code="N01"),
        unit=small_plan.units.get(name="县财政局"),
        data={"value": "2.6", "explanation": "说明"},
        by=reporter_a,
    ).value
    value = reporting.value_submit(value=value, by=reporter_a)
    assert not Notification.objects.filter(user=reporter_a).exists()
    reporting.value_return(value=value, by=office_user, reason="口径不对")
    note = Notification.objects.get(user=reporter_a)
    assert "口径不对" in note.text and note.read_at is None and note.level == "red"
