"""What a bulletin says: the frozen snapshot and the generated paragraphs.

`bulletin_snapshot(plan=…, period=…, now=…)` evaluates the plan once (through
`monitor.selectors.plan_snapshot`, approved data only) and the reporting round of the period
(`reporting.selectors.round_status`), and returns plain JSON-ready data: every number already
formatted, every label and sentence already written, in Chinese, because the bulletin is an
official Chinese document whatever the reader's language. Nothing in the document is worked
out later, so a stored snapshot gives the same document after any correction.

`default_paragraphs(snapshot)` writes the editable text of each section from the snapshot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from innocounty.bulletins.snapshot import (
    BulletinSnapshot,
    IndicatorRow,
    ProgramRow,
    Rectification,
    Reporting,
    TaskRow,
)
from innocounty.core import periods
from innocounty.core.evaluation import STATUS_LABELS, Status
from innocounty.core.forecast import format_value
from innocounty.core.rounds import UnitStatus
from innocounty.core.scorecard import TASK_STATUS_LABELS, TaskStatus
from innocounty.monitor import selectors as monitor
from innocounty.plans.models import Plan
from innocounty.reporting.models import Round, TaskReport
from innocounty.reporting.selectors import round_status
from innocounty.supervision import selectors as supervision

SNAPSHOT_VERSION = 1
CN_NUMERALS = "一二三四五六七八九十"
LAGGING = {str(Status.BEHIND), str(Status.SERIOUSLY_BEHIND)}
# Section keys of `Bulletin.paragraphs`, in document order, with their headings.
SECTIONS: list[tuple[str, str]] = [
    ("intro", ""),
    ("overview", "一、总体情况"),
    ("indicators", "二、指标完成情况"),
    ("tasks", "三、重点任务推进情况"),
    ("reporting", "四、填报情况"),
    ("rectification", "五、整改情况"),
    ("problems", "六、存在问题和下一步工作"),
]
# The sections of a bulletin whose snapshot predates the rectification section (no
# "rectification" key): its document stays as it was written, byte for byte.
LEGACY_SECTIONS: list[tuple[str, str]] = [
    *SECTIONS[:5],
    ("problems", "五、存在问题和下一步工作"),
]


def sections_for(snapshot: Mapping[str, object]) -> list[tuple[str, str]]:
    """The sections (key, heading) a bulletin with this snapshot has."""
    return SECTIONS if "rectification" in snapshot else LEGACY_SECTIONS


def cn_quote(text: str) -> str:
    """Text in Chinese double quotes; quotes inside become single quotes (GB/T 15834):
    深入实施“三乡工程” → “深入实施‘三乡工程’”."""
    inner = text.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def cn_date(day: dt.date) -> str:
    """A date as the date line of a document writes it: ``2025年3月5日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals, for headings: 一, 十二, 二十."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens - 1]
    return head + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def _pct(ratio: float | None, places: int = 1) -> str:
    return "—" if ratio is None else f"{ratio * 100:.{places}f}%"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _units(names: Any) -> str:
    return "、".join(names)


def subject(plan_title: str) -> str:
    """The plan's subject for titles: ``潜江国家创新型县(市)建设`` from its 实施方案 title."""
    for suffix in ("实施方案", "工作方案", "方案"):
        if plan_title.endswith(suffix):
            return plan_title[: -len(suffix)]
    return plan_title


def bulletin_title(plan: Plan, period: str) -> str:
    return f"关于{subject(plan.title)}{periods.label(period)}进展情况的通报"


def bulletin_snapshot(*, plan: Plan, period: str, now: dt.datetime) -> BulletinSnapshot:
    """Everything the bulletin of `plan` for `period` shows, as of `now` (see the module)."""
    today = timezone.localtime(now).date()
    snap = monitor.plan_snapshot(plan=plan, period=period, today=today, now=now)
    evaluation = snap.evaluation
    final_year = snap.final_year
    region = plan.region or plan.title[:2]

    indicators: list[IndicatorRow] = []
    for result in evaluation.indicators.values():
        st = result.status
        series = result.series
        ach = st.achievements
        found = series.year_target(as_period_year(st.period))
        kind = {"target": "目标值", "assessment": "考核值", "expected": "完成值"}
        indicators.append(
            {
                "code": series.code,
                "category": series.category,
                "name": series.name,
                "unit": series.unit,
                "period": st.period,
                "target": format_value(ach.year_target, series.decimals),
                "target_kind": kind[found[0]] if found else "",
                "value": format_value(st.value, series.decimals),
                "achievement": _pct(ach.against_target),
                "achievement_ratio": ach.against_target,
                "status": str(st.status),
                "label": STATUS_LABELS[st.status],
                "reason": st.reason,
                "units": list(series.responsible_units),
                "lagging": str(st.status) in LAGGING,
                "forecast": result.forecast.label if result.forecast.target is not None else "",
                "forecast_sentence": result.forecast.sentence,
            }
        )
    counts = monitor.status_counts(evaluation)
    forecast = monitor.forecast_summary(evaluation)
    point = monitor.latest_index(evaluation)

    texts = dict(
        TaskReport.objects.filter(
            pk__in=[r.pk for r in snap.reports.values() if r.pk is not None]
        ).values_list("task__number", "progress")
    )
    progress = {t.number: t for t in snap.evaluation.tasks}
    programs: list[ProgramRow] = []
    for program in snap.plan_file.programs:
        tasks: list[TaskRow] = []
        for task in program.tasks:
            p = progress.get(task.number)
            report = snap.reports.get(task.number)
            tasks.append(
                {
                    "number": task.number,
                    "title": task.title,
                    "lead_units": list(task.lead_units),
                    "units": list(p.units) if p else [],
                    "status": str(p.status) if p else str(TaskStatus.NOT_REPORTED),
                    "label": TASK_STATUS_LABELS[p.status]
                    if p
                    else TASK_STATUS_LABELS[TaskStatus.NOT_REPORTED],
                    "percent": None if p is None or p.percent is None else int(p.percent),
                    "period": report.period if report else None,
                    "progress": (texts.get(task.number) or "").strip(),
                    # The engine's sentence on missed milestones (节点), if any.
                    "note": p.note if p else "",
                }
            )
        programs.append({"number": program.number, "title": program.title, "tasks": tasks})

    round_ = Round.objects.filter(plan=plan, period=period).first()
    reporting: Reporting | None = None
    if round_ is not None:
        status = round_status(round_=round_, now=now)
        summary = status.summary
        reporting = {
            "title": round_.title,
            "deadline": cn_date(round_.deadline),
            "deadline_passed": now > _deadline_end(round_),
            "completeness": _pct(summary.completeness),
            "timeliness": _pct(summary.timeliness),
            "approved": summary.counts[UnitStatus.APPROVED],
            "overdue": summary.overdue,
            "units": [
                {
                    "name": row.unit.name,
                    "status": str(row.progress.status),
                    "label": row.progress.label,
                    "items": len(row.progress.items),
                    "completeness": _pct(row.progress.completeness),
                    "completeness_ratio": row.progress.completeness,
                    "timeliness": _pct(row.progress.timeliness),
                    "overdue": row.progress.overdue,
                    "missing": [item.label for item in row.progress.missing],
                }
                for row in status.rows
            ],
            "late": [row.unit.name for row in status.rows if row.progress.overdue],
            "chase": [row.unit.name for row in status.chase],
        }

    rect_rows = supervision.rectification_as_of(plan=plan, now=now)
    rectification: Rectification = {
        "opened": sum(r[1] for r in rect_rows),
        "closed": sum(r[2] for r in rect_rows),
        "overdue": sum(r[3] for r in rect_rows),
        "units": [
            {"name": name, "opened": o, "closed": c, "overdue": late}
            for name, o, c, late in rect_rows
        ],
    }

    has_data = any(i["status"] != str(Status.NO_DATA) for i in indicators) or bool(snap.reports)
    return {
        "version": SNAPSHOT_VERSION,
        "plan": {
            "key": plan.key,
            "title": plan.title,
            "subject": subject(plan.title),
            "region": region,
            "office": f"{region}创新型县（市）建设工作领导小组办公室",
            "final_year": final_year,
        },
        "period": evaluation.period,
        "period_label": periods.label(evaluation.period),
        "as_of": timezone.localtime(now).isoformat(),
        "date": cn_date(today),
        "has_data": has_data,
        "index": None
        if point is None
        else {
            "year": point.year,
            "overall": _score(point.overall),
            "change": None if point.change is None else f"{point.change:+.1f}",
            "coverage": _pct(point.coverage, 0),
            "categories": [[name, _score(v)] for name, v in point.categories.items()],
        },
        "index_trend": [
            [p.year, None if p.overall is None else round(p.overall, 1)] for p in evaluation.index
        ],
        "status_counts": [[str(s), STATUS_LABELS[s], counts[str(s)]] for s in monitor.STATUS_ORDER],
        "forecast": {
            "final_year": final_year,
            "total": forecast.total,
            "assessment": forecast.assessment,
            "expected": forecast.expected,
            "assessment_unknown": forecast.assessment_unknown,
            "expected_unknown": forecast.expected_unknown,
        },
        "indicators": indicators,
        "programs": programs,
        "reporting": reporting,
        "rectification": rectification,
        "scorecards": [
            {
                "rank": card.rank,
                "unit": card.unit,
                "score": _score(card.score),
                "indicator_score": _score(card.indicator_score),
                "task_score": _score(card.task_score),
                "timeliness_score": _score(card.timeliness_score),
                "on_time_rate": _pct(
                    None if card.on_time_rate is None else float(card.on_time_rate)
                ),
            }
            for card in evaluation.scorecards
        ],
        "lagging": [
            {
                "kind": item.kind,
                "code": item.code,
                "name": item.name,
                "label": item.label,
                "units": list(item.units),
                "reason": item.reason,
            }
            for item in evaluation.lagging
        ],
    }


def as_period_year(period: str) -> int:
    return periods.parse_period(period).year


def _deadline_end(round_: Round) -> dt.datetime:
    from innocounty.reporting.selectors import deadline_end

    return deadline_end(round_)


# --- the generated text -------------------------------------------------------------------


def default_paragraphs(snapshot: BulletinSnapshot) -> dict[str, str]:
    """The text of each section (`SECTIONS`), one paragraph per line, from the snapshot."""
    s = snapshot
    label = s["period_label"]
    subject_ = s["plan"]["subject"]
    final_year = s["plan"]["final_year"]
    counts = {key: n for key, _label, n in s["status_counts"]}
    f = s["forecast"]

    intro = (
        f"为全面掌握{subject_}工作进展，根据各成员单位报送并经审核的数据，"
        f"现将{label}工作进展情况通报如下。"
    )

    if not s["has_data"]:
        overview = f"截至{label}，暂无经审核的监测数据和任务进展，本期不作评价。"
    else:
        parts = []
        index = s["index"]
        if index is not None:
            change = ""
            if index["change"] is not None:
                delta = Decimal(index["change"])
                word = "提高" if delta >= 0 else "下降"
                change = f"，较上年{word}{abs(delta)}点"
            year = "" if str(index["year"]) == s["period"][:4] else f"{index['year']}年"
            parts.append(
                f"{year}综合创新指数为{index['overall']}（以{final_year}年考核值为100）{change}。"
            )
        total = sum(counts.values())
        parts.append(
            f"纳入监测的{total}项指标中，已达标{counts['met']}项、正常推进{counts['on_track']}项、"
            f"滞后{counts['behind']}项、严重滞后{counts['seriously_behind']}项、"
            f"暂无数据{counts['no_data']}项。"
        )
        sentence = (
            f"按基期以来年均增速推算，到{final_year}年预计有{f['assessment']}项指标达到考核值、"
            f"{f['expected']}项达到完成值"
        )
        if f["assessment_unknown"]:
            sentence += f"，另有{f['assessment_unknown']}项因无考核值或数据不足无法预测"
        parts.append(sentence + "。")
        overview = f"截至{label}，" + "".join(parts)

    lagging_n = sum(1 for i in s["indicators"] if i["lagging"])
    indicators = "各项指标完成情况见表1。" + (
        f"其中{lagging_n}项指标进度滞后，已在表中以底色标出。" if lagging_n else ""
    )

    task_lines = []
    for number, program in enumerate(s["programs"], start=1):
        tasks = program["tasks"]
        by = {v: 0 for v in TASK_STATUS_LABELS.values()}
        for t in tasks:
            by[t["label"]] += 1
        summary = "、".join(f"{k}{n}项" for k, n in by.items() if n)
        line = f"（{cn_number(number)}）{program['title']}。{len(tasks)}项重点任务中，{summary}。"
        details = []
        for t in tasks:
            if t["percent"] is None and not t["progress"]:
                continue
            lead = _units(t["lead_units"]) or _units(t["units"])
            text = f"{cn_quote(t['title'])}（{lead}牵头）"
            if t["percent"] is not None:
                text += f"完成进度{t['percent']}%"
            if t["progress"]:
                progress = re.sub(r"[。；; ]+$", "", t["progress"].replace("\n", " "))
                if len(progress) > 60:
                    progress = progress[:60] + "…"
                text += f"，{progress}"
            details.append(text)
        if details:
            line += "；".join(details) + "。"
        task_lines.append(line)
    tasks_text = "\n".join(task_lines) or "本方案未列重点任务。"

    r = s["reporting"]
    if r is None:
        reporting = f"{label}未设填报轮次，无填报情况可报。"
    else:
        reporting = (
            f"{r['title']}（截止{r['deadline']}）共{len(r['units'])}个单位应报，"
            f"整体完整率{r['completeness']}、及时率{r['timeliness']}，"
            f"{r['approved']}个单位数据已全部审核。"
        )
        if r["late"]:
            reporting += f"截至通报时，{_units(r['late'])}等{len(r['late'])}个单位逾期未报齐。"
        elif r["chase"] and not r["deadline_passed"]:
            reporting += f"尚有{len(r['chase'])}个单位未报齐，请在截止日期前报送。"
        else:
            reporting += "各单位均按时报送。"
        reporting += "各单位填报情况见表2。"

    rectification = ""
    rect = s.get("rectification")
    if rect is not None:
        if not rect["opened"]:
            rectification = f"截至{s['date']}，尚未交办督办事项。"
        else:
            rectification = (
                f"截至{s['date']}，累计交办督办事项{rect['opened']}项，已销号{rect['closed']}项，"
                f"逾期未办结{rect['overdue']}项。"
            )
            late = [u["name"] for u in rect["units"] if u["overdue"]]
            if late:
                rectification += f"{_units(late)}有逾期未办结事项，请抓紧整改、按期销号。"
            table = 3 if s["reporting"] is not None else 2
            rectification += f"各单位整改情况见表{table}。"

    tasks_by_number = {str(t["number"]): t for p in s["programs"] for t in p["tasks"]}
    problems = []
    for item in s["lagging"]:
        if item["kind"] == "task":
            task: Mapping[str, Any] = tasks_by_number.get(item["code"], {})
            units = _units(task.get("lead_units") or item["units"]) or "各责任单位"
            done = task.get("percent")
            state = f"完成进度{done}%，{item['label']}" if done is not None else item["label"]
            line = f"请{units}加快推进第{item['code']}项重点任务{cn_quote(item['name'])}（目前{state}）"
            if task.get("note"):
                line += "，" + task["note"]
            problems.append(line)
        else:
            units = _units(item["units"]) or "各责任单位"
            problems.append(f"请{units}加快推进{cn_quote(item['name'])}指标，{item['reason']}")
    if r is not None and r["late"]:
        problems.append(f"请{_units(r['late'])}尽快补报{label}数据，并按时报送后续数据。")
    if not problems:
        problems.append("各项指标和重点任务总体按计划推进，请各成员单位继续保持。")
    problems = [p if p.endswith(("。", "！", "；", "!", ";")) else p + "。" for p in problems]

    paragraphs = {
        "intro": intro,
        "overview": overview,
        "indicators": indicators,
        "tasks": tasks_text,
        "reporting": reporting,
        "problems": "\n".join(problems),
    }
    if rect is not None:
        paragraphs["rectification"] = rectification
    return paragraphs
