"""What acceptance (验收) needs: readiness, the final assessment and the report's snapshot.

`acceptance_snapshot(plan=…, now=…)` evaluates the plan once as of its final year (through
`monitor.selectors.plan_snapshot`, approved data only, the same call the bulletin of that year
makes) and returns plain JSON-ready data, every number already formatted as the bulletin
formats it and every sentence in Chinese (the report is an official Chinese document):

- every indicator: its baseline, each year's approved value, the final year's 考核值
  (assessment) and 完成值 (expected), whether the final value meets each (exactly, never
  rounded first) and by how much, and its readiness: ``achieved`` (the final year's approved
  value meets the 考核值), ``forecast`` (no final value yet, and the engine's forecast reaches
  the 考核值), ``at_risk`` (the final value falls short, or the forecast does not reach it or
  cannot tell), ``no_target`` (the plan sets no 考核值);
- every task: its state as of the final year (the engine's), its progress and the evidence
  of its approved reports, and whether its lead unit's final-year report is approved;
- what is missing: years without an approved value (with the state of what was entered),
  indicators without evidence, tasks without an approved final-year report;
- the readiness score (`SCORE_METHOD`, shown on the page);
- the plan's facts for the report: leading group, units, bulletins issued.

Missing data is said as missing; nothing is estimated in its place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.selectors import cn_date, cn_number, subject
from innocounty.core import periods
from innocounty.core.evaluation import STATUS_LABELS, achievement, meets
from innocounty.core.forecast import format_value
from innocounty.core.scorecard import TASK_STATUS_LABELS, TaskStatus
from innocounty.monitor import selectors as monitor
from innocounty.plans.models import Plan
from innocounty.reporting.models import Evidence, TaskReport, Value, WorkflowState

SNAPSHOT_VERSION = 1
# Chinese in the report; the pages translate them (`views.readiness_labels`).
READINESS_LABELS = {
    "achieved": gettext_noop("已达考核值"),
    "forecast": gettext_noop("预计可达"),
    "at_risk": gettext_noop("有风险"),
    "no_target": gettext_noop("无考核值"),
}
STATE_LABELS = {
    "draft": gettext_noop("草稿未报送"),
    "submitted": gettext_noop("已报送待审核"),
    "returned": gettext_noop("已退回待修改"),
    "approved": gettext_noop("已审核"),
}
# The readiness score, out of 100 (also shown on the page and in the report's note).
WEIGHT_INDICATORS, WEIGHT_TASKS, WEIGHT_MATERIALS = 50, 30, 20
SCORE_METHOD = (
    "准备度得分（满分100）= 指标50分 × 指标得分率 + 任务30分 × 任务得分率 + 材料20分 × 材料齐全率。"
    "指标得分率：已达考核值计1、预计可达计0.5、有风险或无考核值计0，取平均；"
    "任务得分率：已完成计1、正常推进计0.5、其余计0，取平均；"
    "材料齐全率：每项指标应有终期年份经审核数据和至少1份佐证材料，每项任务应有经审核的终期报告"
    "和至少1份佐证材料，已具备的项数占应具备项数的比例。"
)
SECTIONS: list[tuple[str, str]] = [
    ("basic", "一、基本情况"),
    ("indicators", "二、目标和指标完成情况"),
    ("tasks", "三、重点任务完成情况"),
    ("organisation", "四、组织保障"),
    ("overall", "五、总体评价"),
    ("problems", "六、存在问题和下一步工作"),
]


def report_title(plan: Plan) -> str:
    return f"{subject(plan.title)}自评报告"


def _gap(value: Decimal, reference: Decimal, decimals: int, direction: str) -> str:
    """How far `value` is from `reference`: ``超出 12`` / ``相差 46`` (in the indicator's unit)."""
    difference = value - reference if direction != "lower" else reference - value
    word = "超出" if difference >= 0 else "相差"
    return f"{word}{format_value(abs(difference), decimals)}"


def _pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def _judge(value: Decimal | None, reference: Decimal | None, s: Any) -> dict[str, Any]:
    """Met or not (exactly), and by how much: `diff` is signed, positive means better."""
    if value is None or reference is None:
        return {"met": None, "gap": "", "diff": "", "achievement": "—"}
    better = value - reference if s.direction != "lower" else reference - value
    sign = "+" if better >= 0 else "−"
    return {
        "met": meets(value, reference, s.direction),
        "gap": _gap(value, reference, s.decimals, s.direction),
        "diff": f"{sign}{format_value(abs(better), s.decimals)}",
        "achievement": _pct(achievement(value, reference, s.direction)),
    }


def acceptance_snapshot(
    *, plan: Plan, now: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the readiness page, the final assessment and the report show (see module)."""
    now = (now or timezone.now()).replace(microsecond=0)
    today = today or timezone.localtime(now).date()
    final_year = plan.end_year
    period = str(final_year)
    snap = monitor.plan_snapshot(plan=plan, period=period, today=today, now=now)
    evaluation = snap.evaluation
    base_year = plan.base_year or plan.start_year - 1
    years = list(range(base_year, final_year + 1))

    # What was entered, by (code, period): the latest version's state (one query).
    entered: dict[tuple[str, str], tuple[int, str]] = {}
    for code, value_period, version, state in Value.objects.filter(
        indicator__plan=plan
    ).values_list("indicator__code", "period", "version", "state"):
        if (code, value_period) not in entered or version > entered[(code, value_period)][0]:
            entered[(code, value_period)] = (version, state)

    value_evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in (
        Evidence.objects.filter(value__indicator__plan=plan, value__state=WorkflowState.APPROVED)
        .select_related("value__indicator")
        .order_by("value__period", "pk")
    ):
        value_evidence[e.value.indicator.code].append(
            {"id": e.pk, "name": e.name, "period": e.value.period, "size": e.size}
        )
    task_evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in (
        Evidence.objects.filter(
            task_report__round__plan=plan, task_report__state=WorkflowState.APPROVED
        )
        .select_related("task_report__task", "task_report__round", "task_report__unit")
        .order_by("task_report__round__deadline", "pk")
    ):
        task_evidence[e.task_report.task.number].append(
            {
                "id": e.pk,
                "name": e.name,
                "period": e.task_report.round.period,
                "unit": e.task_report.unit.name,
                "size": e.size,
            }
        )
    final_reports = set(
        TaskReport.objects.filter(
            round__plan=plan,
            round__period=period,
            role=TaskReport.Role.LEAD,
            state=WorkflowState.APPROVED,
        ).values_list("task__number", flat=True)
    )

    indicators: list[dict[str, Any]] = []
    missing_values: list[str] = []
    for result in evaluation.indicators.values():
        s = result.series
        values = {y: s.annual_value(y) for y in years}
        final = values[final_year]
        assessment = s.target(final_year, "assessment")
        expected = s.target(final_year, "expected")
        reference = assessment
        if reference is None:
            found = s.year_target(final_year)
            reference = None if found is None else found[1]
        if reference is None:
            readiness = "no_target"
        elif final is not None:
            readiness = "achieved" if meets(final, reference, s.direction) else "at_risk"
        else:
            readiness = "forecast" if monitor.will_reach(result.forecast) else "at_risk"
        pending, pending_items = [], []
        for y in years:
            if values[y] is not None:
                continue
            version_state = entered.get((s.code, str(y))) or entered.get((s.code, f"{y}Q4"))
            state = "" if version_state is None else version_state[1]
            what = "基期值" if y == base_year else f"{y}年数据"
            pending.append(f"{what}{STATE_LABELS.get(state, '未填报')}")
            pending_items.append([y, state])
        if pending:
            missing_values.append(f"{_q(s.name)}：" + "、".join(pending))
        indicators.append(
            {
                "code": s.code,
                "category": s.category,
                "name": s.name,
                "unit": s.unit,
                "direction": s.direction,
                "units": list(s.responsible_units),
                "values": [format_value(values[y], s.decimals) for y in years],
                "baseline": format_value(values[base_year], s.decimals),
                "final": format_value(final, s.decimals),
                "final_exact": None if final is None else str(final),
                "assessment": format_value(assessment, s.decimals),
                "expected": format_value(expected, s.decimals),
                "against_assessment": _judge(final, assessment, s),
                "against_expected": _judge(final, expected, s),
                "status": str(result.status.status),
                "status_label": STATUS_LABELS[result.status.status],
                "readiness": readiness,
                "readiness_label": READINESS_LABELS[readiness],
                "forecast": result.forecast.sentence if result.forecast.target is not None else "",
                "pending": pending,
                "pending_items": pending_items,
                "evidence": value_evidence.get(s.code, []),
            }
        )

    texts = dict(
        TaskReport.objects.filter(
            pk__in=[r.pk for r in snap.reports.values() if r.pk is not None]
        ).values_list("task__number", "progress")
    )
    progress = {t.number: t for t in snap.evaluation.tasks}
    programs: list[dict[str, Any]] = []
    for program in snap.plan_file.programs:
        tasks: list[dict[str, Any]] = []
        for task in program.tasks:
            p = progress[task.number]
            report = snap.reports.get(task.number)
            tasks.append(
                {
                    "number": task.number,
                    "title": task.title,
                    "lead_units": list(task.lead_units),
                    "responsible_units": list(task.responsible_units),
                    "status": str(p.status),
                    "label": TASK_STATUS_LABELS[p.status],
                    "percent": None if p.percent is None else int(p.percent),
                    "period": report.period if report else None,
                    "period_label": periods.label(report.period) if report else "",
                    "progress": (texts.get(task.number) or "").strip(),
                    "final_report": task.number in final_reports,
                    "evidence": task_evidence.get(task.number, []),
                }
            )
        programs.append({"number": program.number, "title": program.title, "tasks": tasks})
    tasks_all = [t for p in programs for t in p["tasks"]]

    missing = {
        "values": missing_values,
        "evidence": [_q(i["name"]) for i in indicators if not i["evidence"]],
        "final_reports": [
            f"第{t['number']}项{_q(t['title'])}" for t in tasks_all if not t["final_report"]
        ],
        "task_evidence": [
            f"第{t['number']}项{_q(t['title'])}" for t in tasks_all if not t["evidence"]
        ],
    }

    points = {"achieved": 1.0, "forecast": 0.5}
    ind_rate = (
        sum(points.get(i["readiness"], 0.0) for i in indicators) / len(indicators)
        if indicators
        else 0.0
    )
    task_points = {str(TaskStatus.COMPLETED): 1.0, str(TaskStatus.ON_TRACK): 0.5}
    task_rate = (
        sum(task_points.get(t["status"], 0.0) for t in tasks_all) / len(tasks_all)
        if tasks_all
        else 0.0
    )
    required = 2 * len(indicators) + 2 * len(tasks_all)
    present = (
        sum(1 for i in indicators if i["final_exact"] is not None)
        + sum(1 for i in indicators if i["evidence"])
        + sum(1 for t in tasks_all if t["final_report"])
        + sum(1 for t in tasks_all if t["evidence"])
    )
    material_rate = present / required if required else 0.0
    parts = {
        "indicators": WEIGHT_INDICATORS * ind_rate,
        "tasks": WEIGHT_TASKS * (task_rate if tasks_all else 1.0),
        "materials": WEIGHT_MATERIALS * material_rate,
    }
    counts = {key: sum(1 for i in indicators if i["readiness"] == key) for key in READINESS_LABELS}
    counts["met_expected"] = sum(1 for i in indicators if i["against_expected"]["met"])
    counts["with_final"] = sum(1 for i in indicators if i["final_exact"] is not None)
    task_counts = {str(s): 0 for s in TASK_STATUS_LABELS}
    for t in tasks_all:
        task_counts[t["status"]] += 1

    bulletins = [
        {
            "title": b.title,
            "doc_number": b.doc_number,
            "period_label": periods.label(b.period),
            "issued": cn_date(timezone.localtime(b.issued_at).date()) if b.issued_at else "",
        }
        for b in Bulletin.objects.filter(plan=plan, status=Bulletin.Status.ISSUED).order_by(
            "issued_at", "pk"
        )
    ]
    region = plan.region or plan.title[:2]
    return {
        "version": SNAPSHOT_VERSION,
        "plan": {
            "key": plan.key,
            "title": plan.title,
            "subject": subject(plan.title),
            "doc_number": plan.doc_number,
            "date": cn_date(plan.date) if plan.date else "",
            "issuer": plan.issuer,
            "region": region,
            "office": f"{region}创新型县（市）建设工作领导小组办公室",
            "office_unit": plan.office_unit.name if plan.office_unit_id else "",
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "base_year": base_year,
            "final_year": final_year,
            "leading_group": list(plan.leading_group or []),
            "units": plan.units.filter(kind="unit").count(),
        },
        "period": period,
        "period_label": periods.label(period),
        "plan_ended": today.year > final_year,
        "as_of": timezone.localtime(now).isoformat(),
        "date": cn_date(today),
        "years": years,
        "indicators": indicators,
        "programs": programs,
        "missing": missing,
        "counts": counts,
        "task_counts": [
            [str(s), label, task_counts[str(s)]] for s, label in TASK_STATUS_LABELS.items()
        ],
        "score": {
            "total": round(sum(parts.values()), 1),
            **{k: round(v, 1) for k, v in parts.items()},
        },
        "bulletins": bulletins,
    }


# --- the generated text -------------------------------------------------------------------


def _join(items: Any) -> str:
    return "、".join(items)


def _amount(gap: str, unit: str) -> str:
    """A gap with its unit; a gap between percentages is in percentage points (个百分点)."""
    return f"{gap}个百分点" if unit == "%" else f"{gap}{unit}"


def _q(text: str) -> str:
    """Quote a name, its own quotes nested as ‘’ (GB/T 15834)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def default_paragraphs(snapshot: dict[str, Any]) -> dict[str, str]:
    """The text of each section (`SECTIONS`), one paragraph per line, from the snapshot."""
    s = snapshot
    plan = s["plan"]
    final_year = plan["final_year"]
    indicators = s["indicators"]
    programs = s["programs"]
    tasks_all = [t for p in programs for t in p["tasks"]]
    c = s["counts"]

    issued = f"{plan['date']}，" if plan["date"] else ""
    by = plan["issuer"] or plan["region"]
    number = f"（{plan['doc_number']}）" if plan["doc_number"] else ""
    basic = (
        f"{issued}{by}印发《{plan['title']}》{number}，建设期为{plan['start_year']}—"
        f"{plan['end_year']}年，以{plan['base_year']}年为基期，部署{len(programs)}项创新工程、"
        f"{len(tasks_all)}项重点任务，设置{len(indicators)}项监测指标，"
        f"明确{final_year}年考核值和完成值。"
        f"\n本报告依据各成员单位报送并经审核的数据和材料编写，数据截至{s['date']}。"
        f"凡未经审核或尚未报送的数据，均如实注明，不作估算。"
    )

    with_final = c["with_final"]
    lines = [
        f"{len(indicators)}项指标中，{with_final}项已有{final_year}年经审核数据，"
        f"其中达到考核值{c['achieved']}项、达到完成值{c['met_expected']}项、"
        f"未达到考核值{with_final - c['achieved']}项。"
    ]
    without = len(indicators) - with_final
    if without:
        lines.append(
            f"另有{without}项指标尚无{final_year}年经审核数据，其中按基期以来年均增速推算"
            f"预计可达到考核值{c['forecast']}项；这些指标的完成情况待数据审核后确认。"
        )
    short = [
        f"{_q(i['name'])}{final_year}年为{i['final']}{i['unit']}，"
        f"较考核值{i['assessment']}{i['unit']}{_amount(i['against_assessment']['gap'], i['unit'])}"
        for i in indicators
        if i["against_assessment"]["met"] is False
    ]
    if short:
        lines.append("未达到考核值的指标：" + "；".join(short) + "。")
    lines.append("各项指标逐年完成情况见表1。")
    indicators_text = "\n".join(lines)

    task_lines = []
    for n, program in enumerate(programs, start=1):
        tasks = program["tasks"]
        by_label: dict[str, int] = {}
        for t in tasks:
            by_label[t["label"]] = by_label.get(t["label"], 0) + 1
        summary = "、".join(f"{k}{v}项" for k, v in by_label.items())
        line = f"（{cn_number(n)}）{program['title']}。{len(tasks)}项重点任务中，{summary}。"
        details = []
        for t in tasks:
            lead = _join(t["lead_units"]) or _join(t["responsible_units"]) or "责任单位"
            text = f"第{t['number']}项{_q(t['title'])}（{lead}牵头）"
            if t["percent"] is None and not t["progress"]:
                text += "未报送进展"
            else:
                if t["percent"] is not None:
                    text += f"截至{t['period_label']}完成进度{t['percent']}%"
                if t["progress"]:
                    done = re.sub(r"[。；;， ]+$", "", t["progress"].replace("\n", " "))
                    text += f"，{done}"
            if not t["final_report"]:
                text += f"（{final_year}年终期报告尚未审核）"
            details.append(text)
        if details:
            line += "；".join(details) + "。"
        task_lines.append(line)
    tasks_text = "\n".join(task_lines) or "本方案未列重点任务。"

    group = plan["leading_group"]
    heads = [m for m in group if m.get("role") == "组长"]
    deputies = [m for m in group if m.get("role") == "副组长"]
    org = []
    if group:
        head = heads[0] if heads else {}
        who = f"{head.get('position', '')}{head.get('name', '')}" or "主要领导"
        org.append(
            f"成立由{who}任组长的创新型县（市）建设工作领导小组，"
            f"副组长{len(deputies)}名，成员单位{plan['units']}个"
            + (f"，领导小组办公室设在{plan['office_unit']}" if plan["office_unit"] else "")
            + "，统筹推进各项建设任务。"
        )
    else:
        org.append("平台未记录领导小组组成情况，请办公室补充。")
    bulletins = s["bulletins"]
    if bulletins:
        listed = _join(f"{b['period_label']}（{b['doc_number'] or b['title']}）" for b in bulletins)
        org.append(f"建设期间共印发工作进展通报{len(bulletins)}期：{listed}。")
    else:
        org.append("平台未记录已印发的工作进展通报。")
    org.append("平台未记录领导小组会议及议定事项情况，请办公室补充。")
    organisation = "\n".join(org)

    score = s["score"]
    t_counts = {key: n for key, _label, n in s["task_counts"]}
    overall = (
        f"对照{final_year}年考核值，{len(indicators)}项指标中已达到{c['achieved']}项、"
        f"预计可达到{c['forecast']}项、存在风险{c['at_risk']}项"
        + (f"、未设考核值{c['no_target']}项" if c["no_target"] else "")
        + f"；{len(tasks_all)}项重点任务中已完成{t_counts.get(TaskStatus.COMPLETED, 0)}项、"
        f"正常推进{t_counts.get(TaskStatus.ON_TRACK, 0)}项。"
        f"按平台验收准备度方法测算，准备度得分为{score['total']}分"
        f"（指标{score['indicators']}分、任务{score['tasks']}分、材料{score['materials']}分）。"
    )

    problems = []
    for i in indicators:
        if i["readiness"] == "at_risk":
            if i["against_assessment"]["met"] is False:
                problems.append(
                    f"{_q(i['name'])}未达到考核值（{_amount(i['against_assessment']['gap'], i['unit'])}），"
                    f"请{_join(i['units']) or '责任单位'}说明原因并提出整改措施"
                )
            else:
                problems.append(
                    f"{_q(i['name'])}按现有增速难以达到考核值，"
                    f"请{_join(i['units']) or '责任单位'}加快推进"
                )
    for t in tasks_all:
        if t["status"] in (str(TaskStatus.BEHIND), str(TaskStatus.SERIOUSLY_BEHIND)):
            problems.append(f"第{t['number']}项重点任务{_q(t['title'])}{t['label']}，请加快推进")
    m = s["missing"]
    if m["values"]:
        problems.append(f"尚有{len(m['values'])}项指标的数据未经审核，请尽快报送审核")
    if m["final_reports"]:
        problems.append(f"尚有{len(m['final_reports'])}项重点任务的终期报告未经审核")
    if m["evidence"] or m["task_evidence"]:
        problems.append(
            f"尚有{len(m['evidence'])}项指标、{len(m['task_evidence'])}项任务缺少佐证材料，"
            "请补充上传"
        )
    if not problems:
        problems.append("各项指标和重点任务均已完成，材料齐全，请各成员单位做好验收准备")
    problems_text = "\n".join(p + "。" for p in problems)

    return {
        "basic": basic,
        "indicators": indicators_text,
        "tasks": tasks_text,
        "organisation": organisation,
        "overall": overall,
        "problems": problems_text,
    }
