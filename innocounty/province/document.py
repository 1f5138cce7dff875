"""The province bulletin (通报): its frozen snapshot, its generated text and its Word document,
in the official style of the county bulletins (GB/T 9704, `core.officedoc`).

The snapshot holds everything the document shows, already formatted (ranks, indices,
statuses, reporting and supervision per county), so the document is written again
identically later, whatever the counties correct since; like a county bulletin's, its text is
Chinese: it is an official document, not a page.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from innocounty.bulletins.selectors import cn_date
from innocounty.core.comparison import METHODS
from innocounty.core.evaluation import STATUS_LABELS, Status
from innocounty.core.officedoc import (
    FONT_H1,
    FONT_TITLE,
    RED,
    TITLE_SIZE,
    add_body,
    add_border,
    add_para,
    add_table,
    fixed_zip,
    setup_page,
)
from innocounty.plans.models import Region
from innocounty.province.ranking import CountyRow
from innocounty.province.selectors import Comparison

SNAPSHOT_VERSION = 1
SECTIONS: list[tuple[str, str]] = [
    ("intro", ""),
    ("overview", "一、总体情况"),
    ("ranking", "二、综合指数排名"),
    ("reporting", "三、填报和督办情况"),
    ("requirements", "四、下一步工作要求"),
]
STATUS_ORDER = [Status.MET, Status.ON_TRACK, Status.BEHIND, Status.SERIOUSLY_BEHIND]
LAGGING = (Status.BEHIND, Status.SERIOUSLY_BEHIND)
THEMES = {str(k): str(v) for k, v in Region.Theme.choices}
ZONES = {str(k): str(v) for k, v in Region.Zone.choices}


def office_name(region: Region) -> str:
    """The issuing department: 湖北省科学技术厅, 荆州市科学技术局."""
    suffix = "科学技术厅" if region.level == Region.Level.PROVINCE else "科学技术局"
    return f"{region.name}{suffix}"


def bulletin_title(region: Region, year: int) -> str:
    scope = "全省" if region.level == Region.Level.PROVINCE else "全市"
    return f"关于{year}年度{scope}创新型县（市）建设监测情况的通报"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _index(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _county(row: CountyRow) -> dict[str, Any]:
    counts = {str(s): 0 for s in STATUS_ORDER}
    for cell in row.cells.values():
        if cell.status in counts:
            counts[str(cell.status)] += 1
    reporting = row.reporting
    return {
        "rank": row.rank,
        "name": row.county.name,
        "city": row.county.city,
        "theme": THEMES.get(row.county.theme, ""),
        "zone": ZONES.get(row.county.zone, ""),
        "index": _index(row.index),
        "coverage": _percent(row.coverage),
        "statuses": counts,
        "lagging": [cell.code for cell in row.cells.values() if cell.status in LAGGING],
        "completeness": _percent(reporting.completeness if reporting else None),
        "timeliness": _percent(reporting.timeliness if reporting else None),
        "items_open": row.items_open or 0,
        "items_overdue": row.items_overdue or 0,
    }


def province_snapshot(
    *, region: Region, comparison: Comparison, now: dt.datetime
) -> dict[str, Any]:
    """The bulletin's frozen content from a comparison of every county of `region` with its
    details (`province_comparison(page_size=None)`)."""
    from django.utils import timezone

    rows = comparison.page_rows
    return {
        "version": SNAPSHOT_VERSION,
        "region": {"name": region.name, "level": region.level, "office": office_name(region)},
        "year": comparison.year,
        "as_of_period": comparison.as_of.ident,
        "index_year": comparison.index_year,
        "as_of": now.isoformat(),
        "date": cn_date(timezone.localtime(now).date()),
        "status_labels": {str(s): STATUS_LABELS[s] for s in STATUS_ORDER},
        "counties": [_county(r) for r in rows],
        "method": _method(comparison),
    }


def _method(comparison: Comparison) -> dict[str, Any] | None:
    """The scoring method the counties were ranked by, in the document's words, with how
    robust the ranking is; None for the composite index (and in bulletins drafted before)."""
    chosen = comparison.method
    if chosen.method is None:
        return None
    return {
        "kind": chosen.code,
        "name": METHODS[chosen.code][0],  # Chinese whatever the drafter's language
        "frozen": chosen.frozen,
        "moved": comparison.moved,
        "largest_move": comparison.largest_move,
    }


def ranking_heading(snapshot: dict[str, Any]) -> str:
    """What the ranking is on: the composite index, or the year's scoring method's score."""
    return "评价得分" if snapshot.get("method") else "综合指数"


def default_paragraphs(snapshot: dict[str, Any]) -> dict[str, str]:
    """The text of each section (`SECTIONS`), one paragraph per line, from the snapshot."""
    s = snapshot
    scope = "全省" if s["region"]["level"] == Region.Level.PROVINCE else "全市"
    counties = s["counties"]
    ranked = [c for c in counties if c["rank"] is not None]
    intro = (
        f"为全面掌握{scope}创新型县（市）建设进展，根据各县（市、区）报送并经审核的数据，"
        f"现将{s['year']}年度监测情况通报如下。"
    )
    if not counties:
        overview = f"{scope}暂无纳入监测的县（市、区）。"
    else:
        lagging = sum(1 for c in counties if c["lagging"])
        overview = (
            f"{scope}共{len(counties)}个县（市、区）纳入监测，其中{len(ranked)}个已有"
            f"{s['index_year']}年度{ranking_heading(s)}。{lagging}个县（市、区）有滞后指标。"
        )
    method = s.get("method")
    if ranked and method:
        top = "、".join(c["name"] for c in ranked[:3])
        frozen = "（评价方法已锁定）" if method["frozen"] else ""
        if method["moved"]:
            robust = (
                f"改用等权重或熵权重计算，{method['moved']}个县（市、区）名次发生变化，"
                f"最多变动{method['largest_move']}位。"
            )
        else:
            robust = "改用等权重或熵权重计算，各县（市、区）名次不变。"
        ranking = (
            f"{s['index_year']}年度按“{method['name']}”方法评价{frozen}，"
            f"评价得分排名前列的是{top}。{robust}"
        )
    elif ranked:
        top = "、".join(c["name"] for c in ranked[:3])
        ranking = (
            f"综合指数按各县（市、区）对照本地实施方案考核值的完成程度计算，"
            f"满分以120%封顶。{s['index_year']}年度综合指数排名前列的是{top}。"
        )
    else:
        ranking = f"{s['index_year']}年度暂无经审核的数据，本期不作排名。"
    overdue = [c["name"] for c in counties if c["items_overdue"]]
    reporting = (
        f"督办事项逾期未办结的有{'、'.join(overdue)}。"
        if overdue
        else "各县（市、区）无逾期未办结的督办事项。"
    )
    requirements = (
        "各县（市、区）要对照目标任务，加快推进滞后指标和重点任务，按时报送监测数据，"
        "确保创新型县（市）建设各项目标如期实现。"
    )
    return {
        "intro": intro,
        "overview": overview,
        "ranking": ranking,
        "reporting": reporting,
        "requirements": requirements,
    }


def ranking_rows(snapshot: dict[str, Any]) -> list[tuple[list[str], bool]]:
    """Table 1: the counties by rank, lagging ones shaded."""
    rows = []
    for c in snapshot["counties"]:
        counts = c["statuses"]
        rows.append(
            (
                [
                    "—" if c["rank"] is None else str(c["rank"]),
                    c["name"],
                    c["city"] or "—",
                    c["index"],
                    str(counts[str(Status.MET)] + counts[str(Status.ON_TRACK)]),
                    str(counts[str(Status.BEHIND)] + counts[str(Status.SERIOUSLY_BEHIND)]),
                ],
                bool(c["lagging"]),
            )
        )
    return rows


def reporting_rows(snapshot: dict[str, Any]) -> list[tuple[list[str], bool]]:
    """Table 2: reporting and supervision per county, counties with overdue items shaded."""
    return [
        (
            [
                c["name"],
                c["completeness"],
                c["timeliness"],
                str(c["items_open"]),
                str(c["items_overdue"]),
            ],
            bool(c["items_overdue"]),
        )
        for c in snapshot["counties"]
    ]


def section_heads(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """`SECTIONS` with the ranking's heading naming what it ranks on."""
    on = ranking_heading(snapshot)
    return [(k, f"二、{on}排名" if k == "ranking" else head) for k, head in SECTIONS]


def write_docx(
    *, title: str, doc_number: str, snapshot: dict[str, Any], paragraphs: dict[str, str]
) -> bytes:
    """The bulletin as .docx bytes, the same bytes for the same bulletin."""
    doc = Document()
    setup_page(doc)
    office = snapshot["region"]["office"]
    center = WD_ALIGN_PARAGRAPH.CENTER
    add_para(doc, office, font=FONT_TITLE, size=Pt(22), colour=RED, indent=False, align=center)
    add_border(add_para(doc, doc_number, indent=False, align=center))
    add_para(doc, indent=False)
    heading = add_para(doc, title, font=FONT_TITLE, size=TITLE_SIZE, indent=False, align=center)
    heading.paragraph_format.line_spacing = Pt(35)
    add_para(doc, indent=False)
    add_para(doc, "各县（市、区）科技主管部门：", indent=False)
    on = ranking_heading(snapshot)
    method = snapshot.get("method")
    for key, head in section_heads(snapshot):
        if head:
            add_para(doc, head, font=FONT_H1)
        add_body(doc, paragraphs.get(key, ""))
        if key == "ranking":
            add_table(
                doc,
                f"表1 {snapshot['index_year']}年度{on}排名",
                ["排名", "县（市、区）", "所属市（州）", on, "达标或正常指标", "滞后指标"],
                ranking_rows(snapshot),
                [14, 40, 32, 22, 24, 24],
            )
            basis = f"评价得分按“{method['name']}”方法计算" if method else "综合指数满分以120%封顶"
            add_para(
                doc,
                f"注：{basis}；底色标出的为有滞后指标的县（市、区）。",
                size=Pt(12),
            )
        if key == "reporting":
            add_table(
                doc,
                "表2 各县（市、区）填报和督办情况",
                ["县（市、区）", "填报完整率", "填报及时率", "未办结督办事项", "其中逾期"],
                reporting_rows(snapshot),
                [44, 28, 28, 28, 28],
            )
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):
        add_para(doc, indent=False).paragraph_format.keep_with_next = True
    signature = add_para(doc, office, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(16)
    signature.paragraph_format.keep_with_next = True
    date_line = add_para(doc, snapshot["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date_line.paragraph_format.right_indent = Pt(64)
    moment = dt.datetime.fromisoformat(snapshot["as_of"]).astimezone(dt.UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.title = title
    props.subject = str(snapshot["year"])
    props.author = props.last_modified_by = office
    props.created = props.modified = props.last_printed = moment.replace(microsecond=0)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue())


def province_bulletin_docx(bulletin: Any) -> bytes:
    return write_docx(
        title=bulletin.title,
        doc_number=bulletin.doc_number,
        snapshot=bulletin.snapshot,
        paragraphs=bulletin.paragraphs,
    )
