"""Demo supervision data for `innocounty demo`: milestones, items in every state, a meeting.

Dates are relative to the day the demo runs, so the loop is visible on a fresh demo: some items
are overdue, some due within three days, some closed. Everything is labelled as demo data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from innocounty.core.supervision import Action
from innocounty.plans.models import Plan, TaskUnit, Unit
from innocounty.supervision import services
from innocounty.supervision.models import Item, Milestone

DEMO_EMAIL_DOMAIN = "demo.invalid"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

# (title, requirement, days assigned ago, deadline in days from today, steps taken)
ITEMS: list[tuple[str, str, int, int, tuple[str, ...]]] = [
    ("加快高新技术企业培育", "对照年度目标，制定高企培育清单，逐月跟踪申报进度。", 40, -12, ()),
    (
        "提高研发经费投入强度",
        "督促规上企业建立研发准备金制度，按季度报送研发投入。",
        30,
        2,
        ("acknowledge",),
    ),
    (
        "推进科技企业孵化器建设",
        "明确孵化器建设节点，落实场地和运营团队。",
        45,
        -5,
        ("acknowledge", "plan", "report"),
    ),
    (
        "落实企业研发费用加计扣除政策",
        "组织政策宣讲，应享尽享。",
        35,
        1,
        ("acknowledge", "plan", "report", "apply"),
    ),
    (
        "完善技术合同登记服务",
        "设立服务窗口，提高技术合同成交额。",
        50,
        20,
        ("acknowledge", "plan", "apply", "verify"),
    ),
    (
        "加强科技特派员队伍建设",
        "按乡镇全覆盖要求选派科技特派员。",
        60,
        10,
        ("acknowledge", "plan", "apply", "return"),
    ),
    (
        "建设产业创新服务综合体",
        "按方案完成综合体一期建设。",
        90,
        -20,
        ("acknowledge", "plan", "report", "apply", "verify", "close"),
    ),
    (
        "规范科技项目资金管理",
        "开展专项检查，整改发现的问题。",
        80,
        15,
        ("acknowledge", "plan", "apply", "verify", "close"),
    ),
]
TEXTS = {
    "acknowledge": "",
    "plan": "一是明确责任科室和联络员；二是制定推进清单，按月调度；三是对接重点企业。",
    "report": "已完成重点企业走访，推进清单中的事项已完成过半。",
    "apply": "各项措施已落实到位，相关佐证材料已上传。",
    "verify": "经核查，整改措施落实到位。",
    "close": "同意销号。",
    "return": "佐证材料不足，请补充完整后重新申请。",
}


@dataclass
class DemoSupervision:
    milestones: int
    items: int
    meetings: int


def _reporter(unit: Unit):
    return unit.users.filter(groups__name="reporter").order_by("pk").first()


@transaction.atomic
def demo_supervision_create(*, plan: Plan, today: dt.date | None = None) -> DemoSupervision:
    """Create (once) the demo's milestones, supervision items and coordination meeting."""
    today = today or timezone.localdate()
    User = get_user_model()
    for user in User.objects.filter(email=""):
        user.email = f"{user.username}@{DEMO_EMAIL_DOMAIN}"
        user.save(update_fields=["email"])
    if Item.objects.filter(plan=plan, is_demo=True).exists():
        return DemoSupervision(
            Milestone.objects.filter(task__plan=plan, is_demo=True).count(),
            Item.objects.filter(plan=plan, is_demo=True).count(),
            plan.meetings.filter(is_demo=True).count(),
        )
    office = User.objects.filter(username="office").first()
    if office is None:
        return DemoSupervision(0, 0, 0)
    now = timezone.now()
    leads = [
        tu
        for tu in TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD)
        .select_related("task", "unit")
        .order_by("task__number")
        if tu.unit.kind == Unit.Kind.UNIT and _reporter(tu.unit) is not None
    ]
    milestones = 0
    for index, tu in enumerate(leads[:6]):
        reporter = _reporter(tu.unit)
        for offset, title in (
            (-30 + index * 3, "完成年度工作方案"),
            (25 + index * 7, "完成年度目标任务"),
        ):
            due = today + dt.timedelta(days=offset)
            m = services.milestone_set(
                task=tu.task,
                by=reporter,
                year=due.year,
                title=title,
                due=due,
                unit=tu.unit,
                is_demo=True,
            )
            services.milestone_confirm(milestone=m, by=office)
            milestones += 1
            if offset < 0 and index % 2 == 0:
                services.milestone_done(milestone=m, by=reporter, done_on=due)
    count = 0
    for index, (title, requirement, ago, due_in, steps) in enumerate(ITEMS):
        tu = leads[index % len(leads)]
        assigned = now - dt.timedelta(days=ago)
        source = Item.Source.TASK if index % 2 else Item.Source.MANUAL
        item = services.item_open(
            plan=plan,
            by=office,
            title=title,
            requirement=requirement,
            source=source,
            task=tu.task if source == Item.Source.TASK else None,
            lead_unit=tu.unit,
            units=[u.unit for u in tu.task.task_units.filter(role="responsible")[:2]],
            deadline=today + dt.timedelta(days=due_in),
            is_demo=True,
            at=assigned,
        )
        reporter = _reporter(tu.unit)
        for number, step in enumerate(steps, start=1):
            at = assigned + dt.timedelta(days=number * max(1, ago // (len(steps) + 1)))
            by = office if step in ("verify", "close", "return") else reporter
            upload = None
            if step == "apply":
                upload = SimpleUploadedFile("办结佐证材料.pdf", PDF)
            services.item_act(
                item=item,
                action=Action(step),
                by=by,
                text=TEXTS[step],
                due=today + dt.timedelta(days=due_in) if step == "plan" else None,
                upload=upload,
                at=at,
            )
        count += 1
    members = [tu.unit for tu in leads[:4]]
    meeting_day = today - dt.timedelta(days=7)
    services.meeting_record(
        plan=plan,
        by=office,
        title=f"{meeting_day.year}年第四季度创新型县建设协调会",
        date=meeting_day,
        chair="分管副市长",
        units=members,
        minutes=SimpleUploadedFile("协调会会议纪要.pdf", PDF),
        decisions=[
            {
                "title": "加快推进重大科技平台建设",
                "requirement": "会议议定：加快推进重大科技平台建设，月底前报送推进计划。",
                "lead_unit": members[0],
                "deadline": today + dt.timedelta(days=3),
            },
            {
                "title": "统筹做好科技人才引进工作",
                "requirement": "会议议定：统筹做好科技人才引进工作，按季度报送进展。",
                "lead_unit": members[1 % len(members)],
                "deadline": today + dt.timedelta(days=30),
            },
        ],
        is_demo=True,
    )
    return DemoSupervision(milestones, count + 2, 1)
