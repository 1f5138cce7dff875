"""From clean lines to a `Plan`: metadata, sections, programs and tasks, table, leading group.

Every repair is recorded as a `Finding` with its line, so that the office can check the reading
against the paper (STYLE.md §4: collect every problem, report it with its place).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from pydantic import ValidationError

from innocounty.core import catalogue
from innocounty.core.parser import flat, prose, targets
from innocounty.core.parser import table as tables
from innocounty.core.parser.errors import ParseError
from innocounty.core.parser.reading import normalise
from innocounty.core.parser.units import UnitResolver, group_kind, raw_pieces
from innocounty.core.punctuation import fullwidth, fullwidth_count
from innocounty.core.schema import (
    Finding,
    Indicator,
    LeadingGroupMember,
    MainTarget,
    Plan,
    Program,
    Target,
    TargetKind,
    Task,
    Unit,
    UnitKind,
)

NOT_A_PLAN = "未找到重点任务、指标表或成员单位，不像是一份实施方案"

CN_NUM = "一二三四五六七八九十百"
STYLES: dict[str, re.Pattern[str]] = {
    "cn": re.compile(rf"^\s*([{CN_NUM}]+)\s*、\s*(.*)$"),
    "cn_paren": re.compile(rf"^\s*[((]\s*([{CN_NUM}]+)\s*[))]\s*(.*)$"),
    "ar_dot": re.compile(r"^\s*(\d{1,3})\s*[.．](?!\d)\s*(.*)$"),
    "ar_comma": re.compile(r"^\s*(\d{1,3})\s*、\s*(.*)$"),
    "ar_paren": re.compile(r"^\s*[((]\s*(\d{1,3})\s*[))]\s*(.*)$"),
    "circle": re.compile(r"^\s*([①-⑳])\s*(.*)$"),
}
LEVEL = {"cn": 0, "cn_paren": 1, "ar_dot": 2, "ar_comma": 2, "ar_paren": 3, "circle": 4}
LABEL_RE = re.compile(
    r"(牵头单位|牵头部门|主责单位|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位)\s*[::]?"
)
ANNEX_RE = re.compile(r"^\s*附\s*件\s*(\d+)\s*[::]?\s*(.*)$")
BODY_VERBS = (
    "围绕",
    "实施",
    "按照",
    "大力",
    "坚持",
    "加快",
    "积极",
    "深入",
    "依托",
    "聚焦",
    "结合",
    "立足",
    "推动",
    "推进",
    "加强",
    "强化",
    "着力",
    "全面",
    "持续",
    "建立",
    "健全",
    "完善",
    "支持",
    "鼓励",
    "引导",
    "通过",
    "针对",
    "根据",
    "开展",
    "落实",
    "重点",
)
# Characters (not a suffix) that may trail a clause or a unit list.
CLAUSE_TAIL = "。 ;;"
OPENING_SPACE = " (([【"
LIST_PUNCTUATION = " ;;,,。"
OPENERS = {"(": ")", "[": "]", "【": "】", "〔": "〕"}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}
POSITION_RE = re.compile(
    r"(市委|市政府|市人大|市政协|县委|县政府|区委|区政府|常务|副市长|市长|副县长|县长|副区长|区长|"
    r"党组|书记|主任|局长|部长)"
)
TITLE_END = r"(实施方案|行动方案|工作方案|行动计划|规划|指标体系)(?:\s*\([^()]*\))?$"
DATE_RE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[(]\s*(?:19|20)\d\d\s*[〕\])]\s*\d+\s*号")
# What is left of a label before the number when its colon is lost ("文号潜政发〔2023〕12号",
# "发文字号…", "编号…"); the number's own characters never open with one.
DOC_NUMBER_LABEL_RE = re.compile(r"^(?:发?文字?号|文件编号|编号|字号|号):?")


def _chinese(text: str) -> int:
    value = targets.chinese_number(text)
    return value if value is not None else 0


def numbering(text: str) -> tuple[str, int, str] | None:
    """Return (style, number, rest) for a numbered line, else None."""
    for style, pattern in STYLES.items():
        match = pattern.match(text)
        if match:
            raw = match.group(1)
            if style in ("cn", "cn_paren"):
                number = _chinese(raw)
            elif style == "circle":
                number = ord(raw) - ord("①") + 1
            else:
                number = int(raw)
            if number:
                return style, number, match.group(2).strip()
    return None


@dataclass
class Builder:
    lines: list[tuple[int, str]]
    source: str
    findings: list[Finding] = field(default_factory=list)
    resolver: UnitResolver = field(default_factory=UnitResolver)
    task_lines: dict[int, int] = field(default_factory=dict)
    member_line: int | None = None
    punctuation: bool = True  # restore full-width punctuation in the plan's text

    def find(self, kind: str, message: str, line: int | None) -> None:
        self.findings.append(Finding(kind=kind, message=message, line=line))


def parse_lines(raw_lines: list[str], *, source: str = "", punctuation: bool = True) -> Plan:
    """Build a Plan from a document's normalised lines; see `innocounty.core.parser`."""
    lines = []
    nbsp_lines: list[int] = []
    for number, text in enumerate(raw_lines, start=1):
        if "\xa0" in text:
            nbsp_lines.append(number)
        text = normalise(text)
        stripped = " ".join(text.split())
        if "\t" in text:
            stripped = "\t".join(" ".join(cell.split()) for cell in text.split("\t"))
        if stripped.strip():
            # Keep leading tabs: an empty first cell is a category carried from above.
            lines.append((number, stripped.strip(" ")))
    if not lines:
        raise ParseError("文件为空", source=source)
    flattened = flat.is_flattened(lines)
    if flattened:
        repaired = []
        wraps = 0
        for number, text in lines:
            text, count = flat.repair(text)
            wraps += count
            repaired.append((number, text))
        lines = flat.relines(repaired)
    builder = Builder(lines, source, punctuation=punctuation)
    if flattened:
        builder.find("flattened", "文档没有分行（网页或文库复制），已按标题重新分段", None)
        if wraps:
            builder.find("flattened", f"删去了汉字之间的 {wraps} 个换行空格（如“营业收 入”）", None)
    for number in nbsp_lines:
        builder.find("whitespace", f"第 {number} 行的不间断空格已按普通空格读", number)
    return _build(builder)


TASK_RUN_RE = re.compile(r"(?<=[)\]】])\s*(?=\d{1,2}\s*[.、](?!\d)[\u4e00-\u9fff])")
CHROME_RE = re.compile(
    r"^(?:(?:打印本页|关闭窗口|【?打印】?|【?关闭】?|返回顶部|收藏|分享到\S*|扫一扫\S*|字号\S*)\s*)+$"
    r"|^(?:版权所有|主办单位|承办单位|技术支持|网站标识码|网站地图|联系我们)"
    r"|ICP备|公网安备"
)


def _one_task_per_line(b: Builder) -> None:
    """Several tasks run into one paragraph: "…(牵头单位:…)2.推动…(牵头单位:…)"."""
    lines: list[tuple[int, str]] = []
    for line, text in b.lines:
        parts = TASK_RUN_RE.split(text) if LABEL_RE.search(text) else [text]
        if len(parts) > 1 and all(LABEL_RE.search(p) for p in parts[:-1]):
            b.find("numbering", f"第 {line} 行有 {len(parts)} 项任务连写，已分开", line)
            lines.extend((line, part) for part in parts)
        else:
            lines.append((line, text))
    b.lines = lines


def _build(b: Builder) -> Plan:
    _one_task_per_line(b)
    body, annexes = _split_annexes(b.lines)
    sections = _sections(body)

    annex_table = next((a for a in annexes if "指标" in _annex_title(a)), None)
    annex_group = next((a for a in annexes if "领导小组" in _annex_title(a)), None)
    table_lines = annex_table[1:] if annex_table else [ln for ln in body if "\t" in ln[1]]
    if annex_group is None:
        annex_group = [ln for ln in body if re.match(r"^(组\s*长|副组长|成\s*员)[::]", ln[1])]

    members, duties, leading_group, office = _leading_group(b, annex_group or [])
    b.resolver.members = list(members)
    b.resolver._known = None
    for name in duties:
        b.resolver.learn(name)

    task_section = next((s for s in sections if "任务" in s[0][1]), None)
    programs_raw = _programs(
        b, task_section[1:] if task_section else body, fallback=not task_section
    )
    for _, _, tasks in programs_raw:
        for task in tasks:
            for clause in task.clauses.values():
                b.resolver.learn(clause)

    columns, rows = _table(table_lines)
    rows_run_together = False
    if not rows:
        rows = _flat_table(b, annex_table[1:] if annex_table else body)
        rows_run_together = bool(rows)
    for row in rows:
        b.resolver.learn(row.units_text)

    title, doc_number, date, issuer = _metadata(b, body)
    years = _years(b, columns, body, date)
    programs = _make_programs(b, programs_raw)
    categories, indicators = _make_indicators(b, columns, rows, years)
    goal_section = next((s for s in sections if "目标" in s[0][1]), None)
    if rows:
        main_targets = _main_targets(b, goal_section[1:] if goal_section else [], indicators, years)
    else:
        prose_lines = goal_section[1:] if goal_section else _bullet_lines(body)
        categories, indicators, main_targets = _prose_indicators(b, prose_lines, years)
    _task_targets(b, programs_raw, years)

    if not programs and not indicators and not members:
        raise ParseError(_not_a_plan(b, body, sections), source=b.source)
    if not programs:
        b.find("missing", "未找到重点任务：请在页面上补充任务及其牵头、责任单位", None)
    if not indicators:
        b.find("missing", "未找到指标或数量目标：请在页面上补充指标及年度目标值", None)
    content = [ln for ln in b.lines if not CHROME_RE.search(ln[1])] or b.lines
    last_line, last_text = content[-1]
    if (
        not annexes
        and "\t" not in last_text
        and not rows_run_together
        and not re.search(r"[。)\]】!?:;”》]$|^\S{0,20}$", last_text)
    ):
        b.find("truncated", f"文档似乎在第 {last_line} 行中断，其后的内容缺失", last_line)

    units = _make_units(b, members, duties, programs, indicators, office)
    region = _region(title)
    try:
        plan = Plan(
            key=_key(b.source),
            title=title or (PurePath(b.source).stem if b.source else "未命名方案"),
            doc_number=doc_number,
            date=date,
            issuer=issuer,
            region=region,
            start_year=years[0],
            end_year=years[1],
            base_year=years[0] - 1,
            categories=categories,
            programs=programs,
            indicators=indicators,
            main_targets=main_targets,
            units=units,
            leading_group=leading_group,
            # The host as `_make_units` read it ("设在经信局": 县经信局).
            office_unit=_office_host(b, office, units),
            findings=b.findings,
        )
        return _restore_punctuation(plan) if b.punctuation else plan
    except ValidationError as exc:
        # A safety net for the contract ("no traceback"); the property tests keep it unused.
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ParseError(f"无法构成有效方案：{where} {first['msg']}", source=b.source) from None


def _office_host(b: Builder, office: tuple[str, str] | None, units: list[Unit]) -> str | None:
    """The unit hosting the leading group's office, by its canonical name; None without."""
    if office is None:
        return None
    host, _ = b.resolver.canonical(office[1])
    return host if host in {u.name for u in units} else None


def _restore_punctuation(plan: Plan) -> Plan:
    """Full-width punctuation in the plan's Chinese text (GB/T 15834), with a finding.

    The reader folds every mark to ASCII to recognise them alike; the plan's texts (title,
    programs, tasks, main targets, duties, notes) get their Chinese marks back. Names that
    identify something (units, indicators, categories) are kept as read.
    """
    data = plan.model_dump(mode="python")
    count = 0

    def fix(text: str) -> str:
        nonlocal count
        fixed, changed = fullwidth_count(text)
        count += changed
        return fixed

    data["title"] = fix(data["title"])
    for program in data["programs"]:
        program["title"] = fix(program["title"])
        for task in program["tasks"]:
            task["title"], task["text"] = fix(task["title"]), fix(task["text"])
    for target in data["main_targets"]:
        target["text"] = fix(target["text"])
    for unit in data["units"]:
        unit["duties"] = fix(unit["duties"])
    for indicator in data["indicators"]:
        indicator["note"] = fix(indicator["note"])
    in_text = count
    if in_text:
        data["findings"].append(
            {
                "kind": "punctuation",
                "message": f"方案文字中的半角标点已按 GB/T 15834 改为全角（，：；（）！？“‘’”），共 {in_text} 处；"
                "数字、代码和外文保留原有标点",
                "line": None,
            }
        )
    return Plan.model_validate(data)


# --- document layout -----------------------------------------------------------------------


def _split_annexes(
    lines: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], list[list[tuple[int, str]]]]:
    """Cut the document at each "附件N" heading line ("附件1", "附件1:指标体系"); the list line
    "附件:1.…" is not one (`ANNEX_RE` wants the number right after 附件)."""
    body: list[tuple[int, str]] = []
    annexes: list[list[tuple[int, str]]] = []
    for line, text in lines:
        match = ANNEX_RE.match(text)
        if match and len(match.group(2)) <= 40:
            annexes.append([(line, text)])
            continue
        (annexes[-1] if annexes else body).append((line, text))
    return body, annexes


def _annex_title(annex: list[tuple[int, str]]) -> str:
    return "".join(text for _, text in annex[:5])


def _sections(body: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Top-level sections ("一、" "二、" …), each starting with its heading line."""
    sections: list[list[tuple[int, str]]] = []
    for line, text in body:
        found = numbering(text)
        if found and found[0] == "cn" and len(found[2]) <= 30:
            sections.append([(line, text)])
        elif sections:
            sections[-1].append((line, text))
    return sections


@dataclass
class RawTask:
    line: int
    number: int
    style: str
    text: str
    clauses: dict[str, str] = field(default_factory=dict)
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    title: str = ""
    body: str = ""


def _programs(
    b: Builder, lines: list[tuple[int, str]], *, fallback: bool
) -> list[tuple[int, str, list[RawTask]]]:
    """Group numbered paragraphs into programs (higher level) and tasks (the level with units)."""
    numbered: list[tuple[int, str, int, str]] = []
    paragraphs: list[list[tuple[int, str]]] = []
    for line, text in lines:
        found = numbering(text)
        if found and "\t" not in text:
            numbered.append((line, found[0], found[1], found[2]))
            paragraphs.append([(line, text)])
        elif paragraphs:
            paragraphs[-1].append((line, text))
    if not numbered:
        return []
    with_units: dict[str, int] = {}
    for (_, style, _, _), paragraph in zip(numbered, paragraphs, strict=True):
        joined = "".join(t for _, t in paragraph)
        if LABEL_RE.search(joined):
            with_units[style] = with_units.get(style, 0) + 1
    if with_units:
        task_style = max(with_units, key=lambda s: (with_units[s], -LEVEL[s]))
    elif fallback:
        return []
    else:
        levels = sorted({LEVEL[s] for _, s, _, _ in numbered})
        task_level = levels[1] if len(levels) > 1 else levels[0]
        task_style = next(s for _, s, _, _ in numbered if LEVEL[s] == task_level)
    task_level = LEVEL[task_style]

    programs: list[tuple[int, str, list[RawTask]]] = []
    current: tuple[int, str, list[RawTask]] | None = None
    program_style: str | None = None
    for (line, style, number, rest), paragraph in zip(numbered, paragraphs, strict=True):
        if style == task_style:
            joined = "\n".join([rest, *(t for _, t in paragraph[1:])])
            if fallback and not LABEL_RE.search(joined):
                continue
            if current is None:
                current = (1, "", [])
                programs.append(current)
            current[2].append(RawTask(line, number, style, joined))
        elif LEVEL[style] < task_level and (program_style in (None, style)):
            if len(rest) > 40 or "。" in rest:
                continue  # a numbered paragraph of prose, not a heading
            program_style = style
            current = (number, rest, [])
            programs.append(current)
        elif current is not None and current[2] and LEVEL[style] > task_level:
            # A sub-item of a task ("(1)…" under "1.…") is part of the task's text.
            current[2][-1].text += rest if not current[2][-1].text else "\n" + rest
    # Numbered lines after the last task with units ("2.…领导小组成员名单" in the annex list)
    # are not tasks when the plan's tasks name their units.
    all_tasks = [task for _, _, tasks in programs for task in tasks]
    labelled = [task for task in all_tasks if LABEL_RE.search(task.text)]
    if labelled and len(labelled) * 2 >= len(all_tasks):
        last = labelled[-1]
        for _, _, tasks in programs:
            tasks[:] = [t for t in tasks if t.line <= last.line]
    if fallback:
        programs = [p for p in programs if p[2]]
    for _, _, tasks in programs:
        for task in tasks:
            _split_task(b, task)
    return programs


def _split_task(b: Builder, task: RawTask) -> None:
    """Find the task's title, body and unit clause, repairing what the document broke."""
    raw = task.text
    labels = [m for m in LABEL_RE.finditer(raw) if "。" not in raw[m.start() :].rstrip(CLAUSE_TAIL)]
    # "牵头部门:…" on a line of its own needs no brackets.
    own_line = bool(labels) and raw[: labels[0].start()].rstrip(OPENING_SPACE).endswith("\n")
    text = raw.replace("\n", "")
    labels = [
        m for m in LABEL_RE.finditer(text) if "。" not in text[m.start() :].rstrip(CLAUSE_TAIL)
    ]
    if labels:
        start = labels[0].start()
        opener_at = start - 1
        while opener_at >= 0 and text[opener_at] == " ":
            opener_at -= 1
        opener = text[opener_at] if opener_at >= 0 and text[opener_at] in OPENERS else ""
        clause_start = opener_at if opener else start
        clause = text[clause_start:].strip().rstrip(CLAUSE_TAIL)
        text = text[:clause_start].rstrip()
        closed = False
        if opener and clause.endswith(OPENERS[opener]):
            clause, closed = clause[:-1], True
        elif not opener and clause[-1:] in CLOSERS:
            # A closer without an opener, unless it closes a bracket inside ("各乡镇(街道)").
            inner = CLOSERS[clause[-1]]
            if clause.count(inner) < clause.count(clause[-1]):
                clause, closed = clause[:-1], True
        clause = clause[1:] if opener else clause
        if not own_line:
            if not opener:
                b.find("bracket", f"任务 {task.number}：单位说明缺少左括号，已补全", task.line)
            if not closed:
                b.find("bracket", f"任务 {task.number}：单位说明缺少右括号，已补全", task.line)
        if opener and opener != "(":
            b.find(
                "bracket", f"任务 {task.number}：单位说明用了“{opener}”括号，按圆括号读", task.line
            )
        _read_clause(b, task, clause.strip())
    task.title, task.body = _split_title(b, task, text)
    if task.title.count("“") != task.title.count("”"):
        b.find("quote", f"任务 {task.number}：标题“{task.title}”引号不成对", task.line)
    if task.body.count("“") != task.body.count("”"):
        b.find("quote", f"任务 {task.number}：正文引号不成对", task.line)


def _read_clause(b: Builder, task: RawTask, clause: str) -> None:
    parts = list(LABEL_RE.finditer(clause))
    for i, match in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(clause)
        value = clause[match.end() : end]
        if i + 1 < len(parts) and value and value.rstrip()[-1:] not in ";;,,。 ":
            b.find(
                "separator",
                f"任务 {task.number}：“{match.group(1)}”与“{parts[i + 1].group(1)}”之间缺少分号，已补全",
                task.line,
            )
        value = value.strip(LIST_PUNCTUATION)
        label = match.group(1)
        task.clauses[label] = (task.clauses.get(label, "") + "、" + value).strip("、")


def _split_title(b: Builder, task: RawTask, text: str) -> tuple[str, str]:
    """The title is the first short sentence; when it runs into the body, cut at a verb."""
    text = text.strip().lstrip("。,;:、")  # a mark left before the title ("1.。培育…")
    stop = text.find("。")
    head = text[:stop] if stop >= 0 else text
    if 0 < stop <= 28 and "," not in head:
        return head, text[stop + 1 :].strip()
    window = text[:26]
    cut = None
    for verb in BODY_VERBS:
        at = window.find(verb, 5)
        if at >= 5 and "," not in window[:at] and (cut is None or at < cut):
            cut = at
    if cut is not None:
        b.find(
            "title",
            f"任务 {task.number}：标题与正文连写，在“{text[cut : cut + 2]}”前断开：“{text[:cut]}”",
            task.line,
        )
        return text[:cut], text[cut:].strip()
    comma = text.find(",")
    if 0 < comma <= 26:
        b.find("title", f"任务 {task.number}：标题取首个逗号前的文字", task.line)
        return text[:comma], text.strip()
    title = text[:20] or f"任务{task.number}"
    b.find("title", f"任务 {task.number}：找不到标题，取前 20 个字", task.line)
    return title, text


def _make_programs(b: Builder, raw: list[tuple[int, str, list[RawTask]]]) -> list[Program]:
    programs: list[Program] = []
    seen_programs: set[int] = set()
    all_numbers = [t.number for _, _, tasks in raw for t in tasks]
    restart = len(all_numbers) != len(set(all_numbers))
    counter = 0
    for number, title, tasks in raw:
        if number in seen_programs:
            number = max(seen_programs) + 1
        seen_programs.add(number)
        out: list[Task] = []
        for task in tasks:
            counter += 1
            task_number = counter if restart else task.number
            if restart and task.number != task_number:
                b.find(
                    "numbering",
                    f"任务编号重复，“{task.number}”改为全文连续编号 {task_number}",
                    task.line,
                )
            b.task_lines[task_number] = task.line
            lead: list[str] = []
            responsible: list[str] = []
            for label, value in task.clauses.items():
                names, repairs = b.resolver.resolve_list(value)
                for repair in repairs:
                    b.find("unit", f"任务 {task_number}：{repair}", task.line)
                target = lead if label.startswith(("牵头", "主责")) else responsible
                target.extend(n for n in names if n not in target)
            if not lead and responsible and set(task.clauses) <= {"责任单位", "责任部门"}:
                # "(责任单位:县财政局、县科技局)" alone: the first named leads, as is the custom.
                lead.append(responsible.pop(0))
                b.find(
                    "unit",
                    f"任务 {task_number}：只写了责任单位，排在第一位的“{lead[0]}”按牵头单位读",
                    task.line,
                )
            out.append(
                Task(
                    number=task_number,
                    title=task.title,
                    text=task.body,
                    lead_units=lead,
                    responsible_units=responsible,
                )
            )
        programs.append(Program(number=number, title=title or "重点任务", tasks=out))
    return programs


# --- metadata -------------------------------------------------------------------------------


def _metadata(b: Builder, body: list[tuple[int, str]]) -> tuple[str, str, dt.date | None, str]:
    title = ""
    for _, text in body[:60]:
        if re.search(TITLE_END, text) and "印发" not in text:
            if len(text) <= 60 and not text.startswith("《"):
                title = text
                break
    if not title:
        # A run-together document: the title opens its first line ("…指标体系一级指标…").
        for _, text in body[:5]:
            match = re.match(
                r"^(\S{2,40}?(?:实施方案|行动方案|工作方案|行动计划|指标体系)(?:\([^()]{0,20}\))?)",
                text,
            )
            if match and "印发" not in match.group(1):
                title = match.group(1)
                break
    doc_number = ""
    date: dt.date | None = None
    issuer = ""
    head = body[:40]
    for line, text in head:
        if not doc_number and (match := DOC_NUMBER_RE.search(text)):
            doc_number = DOC_NUMBER_LABEL_RE.sub("", re.sub(r"\s", "", match.group(0)))
        if date is None and (
            match := re.search(r"成文日期[::]\s*((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})", text)
        ):
            try:
                date = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                b.find("date", f"成文日期“{match.group(0)}”不存在，已忽略", line)
        if date is None and (match := DATE_RE.search(text)):
            try:
                date = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                b.find("date", f"日期“{match.group(0)}”不存在，已忽略", line)
        if not issuer and (
            match := re.search(r"([\u4e00-\u9fff]{0,30}人民政府)(?:办公室)?关于印发", text)
        ):
            issuer = match.group(1)
        if match := re.search(r"发布机构[::]\s*(\S+)", text):
            b.find("issuer", f"页面“发布机构”为“{match.group(1)}”，与发文机关不一定相同", line)
    for line, text in body:
        compact = text.replace(" ", "")
        if re.fullmatch(r"(?:19|20)\d\d\d{1,4}(?:日印发)?", compact):
            readings = _lost_dates(compact.removesuffix("日印发"))
            if len(readings) == 1:
                b.find("date", f"日期“{compact}”缺字，读作 {readings[0].isoformat()}", line)
            elif readings:
                first, second = (d.isoformat() for d in readings)
                b.find(
                    "date",
                    f"日期“{compact}”缺字，可读作 {first} 或 {second}，暂按 {first}，请核对",
                    line,
                )
            if readings:
                date = date or readings[0]
    return title, doc_number, date, issuer


def _lost_dates(digits: str) -> list[dt.date]:
    """Read "202368" (2023年6月8日 with 年月日 lost): every valid month/day split, the
    one-digit month first ("2023128" is 2023-01-28 or 2023-12-08)."""
    year, rest = int(digits[:4]), digits[4:]
    found = []
    for cut in (1, 2):
        try:
            found.append(dt.date(year, int(rest[:cut]), int(rest[cut:])))
        except ValueError:
            continue
    return found


def _years(
    b: Builder, columns: list[tables.Column], body: list[tuple[int, str]], date: dt.date | None
) -> tuple[int, int]:
    years = sorted({c.year for c in columns if c.kind != "baseline"})
    if years:
        return years[0], years[-1]
    for _, text in body[:10]:
        span = re.search(r"((?:19|20)\d\d)\s*年?\s*[—\-–~至到]+\s*((?:19|20)\d\d)", text)
        if span and re.search(TITLE_END, text) and int(span.group(1)) <= int(span.group(2)):
            return int(span.group(1)), int(span.group(2))
    mentioned = [int(m) for _, t in body for m in re.findall(r"到((?:19|20)\d\d)年", t)]
    if mentioned:
        end = max(mentioned)
        start = date.year if date and date.year <= end else end - 2
        b.find("years", f"没有指标表，方案年度取 {start}–{end}", None)
        return start, end
    start = date.year if date else 2023
    b.find("years", f"找不到方案年度，取 {start}–{start + 2}", None)
    return start, start + 2


def _region(title: str) -> str:
    match = re.match(r"^(.+?)(?:国家|省级)?创新型", title)
    return match.group(1) if match else ""


def _key(source: str) -> str:
    stem = PurePath(source).stem if source else ""
    stem = stem.split(".")[0]
    key = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return key or "plan"


# --- indicators -----------------------------------------------------------------------------


def _table(lines: list[tuple[int, str]]) -> tuple[list[tables.Column], list[tables.Row]]:
    if any("\t" in text for _, text in lines):
        return tables.tabular_rows([ln for ln in lines if "\t" in ln[1]])
    return tables.flattened_rows(lines)


def _flat_table(b: Builder, lines: list[tuple[int, str]]) -> list[tables.Row]:
    """An indicator table run together on one line ("…(人/万人)统计部门3.全社会…")."""
    for line, text in lines:
        if len(text) < 80 or len(flat.UNIT_RE.findall(text)) < 3:
            continue
        rows, notes = flat.indicator_rows(text, line)
        if rows:
            for note in notes:
                b.find("flattened", f"指标表：{note}", line)
            return rows
    return []


def _make_indicators(
    b: Builder, columns: list[tables.Column], rows: list[tables.Row], years: tuple[int, int]
) -> tuple[list[str], list[Indicator]]:
    if rows and not columns:
        width = max(len(r.values) for r in rows)
        columns = [tables.Column(years[0] + i, "target") for i in range(width)]
        if width:
            b.find("table", "指标表没有年度表头，按方案起始年逐列读作目标值", rows[0].line)
        else:
            b.find(
                "missing",
                f"指标表（指标体系）列出 {len(rows)} 项指标，但没有目标值：请在页面上补充各年度目标",
                rows[0].line,
            )
    categories: list[str] = []
    indicators: list[Indicator] = []
    codes: set[str] = set()
    local = 0
    for row in rows:
        category = row.category or "指标"
        if category not in categories:
            categories.append(category)
        name = row.name
        if "试验发R&D" in name:
            name = name.replace("试验发R&D", "试验发展R&D")
            b.find("truncated", f"指标名称“{row.name}”缺字，读作“{name}”", row.line)
        entry = catalogue.match_loose(name)
        if entry is not None and entry.code not in codes:
            code = entry.code
        else:
            local += 1
            code = f"S{local:02d}"
            entry = None
        codes.add(code)
        values = row.values
        if len(values) != len(columns):
            b.find(
                "table",
                f"指标“{name}”有 {len(values)} 个数值，表头有 {len(columns)} 列",
                row.line,
            )
        indicator_targets: list[Target] = []
        for column, value in zip(columns, values, strict=False):
            if value is None:
                continue
            if any(t.year == column.year and t.kind == column.kind for t in indicator_targets):
                b.find(
                    "table",
                    f"指标“{name}”的 {column.year} 年{KIND_LABEL[column.kind]}重复，只取第一个",
                    row.line,
                )
                continue
            indicator_targets.append(
                Target(year=column.year, kind=TargetKind(column.kind), value=value)
            )
        names, repairs = b.resolver.resolve_list(row.units_text)
        for repair in repairs:
            b.find("unit", f"指标“{name}”：{repair}", row.line)
        decimals = max((_decimals(t.value) for t in indicator_targets), default=0)
        fields: dict[str, object] = {}
        if entry is not None:
            decimals = max(decimals, entry.decimals)
            fields = {
                "catalogue": entry.code,
                "direction": entry.direction,
                "measure_type": entry.measure_type,
                "frequency": entry.frequency,
                "ratio": entry.ratio,
            }
        elif row.direction or re.search(r"能耗|排放|污染|事故", name):
            fields = {"direction": row.direction or "lower"}
        if entry is not None and row.direction and row.direction != entry.direction:
            b.find(
                "direction",
                f"指标“{name}”表中方向与全国指标 {entry.code} 不同，按全国指标读",
                row.line,
            )
        if not row.unit and "lost_unit" in row.notes:
            row.unit = (
                entry.unit if entry else ("%" if re.search(r"比重|比例|率|占比", name) else "")
            )
            b.find(
                "unit_of_measure",
                f"指标“{name}”的单位括号是空的“（）”（“%”丢失），读作“{row.unit or '无'}”",
                row.line,
            )
        elif not row.unit:
            b.find("unit_of_measure", f"指标“{name}”没有写计量单位", row.line)
        indicators.append(
            Indicator(
                code=code,
                category=category,
                number=row.number or len(indicators) + 1,
                name=name,
                unit=row.unit,
                decimals=min(decimals, 6),
                responsible_units=names,
                targets=indicator_targets,
                **fields,  # type: ignore[arg-type]
            )
        )
    return categories, indicators


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --- targets --------------------------------------------------------------------------------

KIND_LABEL = {
    "target": "目标值",
    "assessment": "考核值",
    "expected": "完成值",
    "baseline": "基期值",
}


def _main_targets(
    b: Builder, lines: list[tuple[int, str]], indicators: list[Indicator], years: tuple[int, int]
) -> list[MainTarget]:
    known = [(i.code, i.name, i.catalogue) for i in indicators]
    by_code = {i.code: i for i in indicators}
    result: list[MainTarget] = []
    for line, text in lines:
        for quantity in targets.quantities(text):
            year = quantity.year or years[1]
            code = targets.match_indicator(quantity.name, known)
            result.append(
                MainTarget(
                    text=quantity.text,
                    value=quantity.value,
                    unit=quantity.unit,
                    year=year,
                    indicator=code,
                )
            )
            if code is None:
                b.find(
                    "main_target_unmatched",
                    f"主要目标“{quantity.text}”在指标表中没有对应指标，建议增列为指标",
                    line,
                )
                continue
            _compare(b, quantity, year, by_code[code], line)
    return result


def _compare(
    b: Builder, quantity: targets.Quantity, year: int, indicator: Indicator, line: int
) -> None:
    value = targets.convert(quantity.value, quantity.unit, indicator.unit)
    written = f"{quantity.value}{quantity.unit}"
    if value is None:
        b.find(
            "main_target_mismatch",
            f"主要目标“{quantity.text}”的单位“{quantity.unit}”与指标 {indicator.code} 的“{indicator.unit}”不同",
            line,
        )
        return
    same = [t for t in indicator.targets if t.year == year and t.value == value]
    shown = (
        f"{written}（= {value.normalize():f}{indicator.unit}）"
        if value != quantity.value
        else written
    )
    if same:
        kinds = "、".join(KIND_LABEL[t.kind] for t in same)
        b.find(
            "main_target",
            f"主要目标“{quantity.text}”{shown} 对应指标 {indicator.code} {year} 年{kinds}",
            line,
        )
    else:
        listed = "，".join(
            f"{KIND_LABEL[t.kind]} {t.value.normalize():f}"
            for t in indicator.targets
            if t.year == year
        )
        b.find(
            "main_target_mismatch",
            f"主要目标“{quantity.text}”{shown} 与指标 {indicator.code} {year} 年的值不符（{listed or '表中无该年数值'}）",
            line,
        )


def _task_targets(
    b: Builder, raw: list[tuple[int, str, list[RawTask]]], years: tuple[int, int]
) -> None:
    for _, _, tasks in raw:
        for task in tasks:
            for clause, year in targets.task_targets(task.body, start_year=years[0]):
                b.find("task_target", f"任务 {task.number}：{year} 年数量目标“{clause}”", task.line)
            if not prose.BLANK_RE.search(task.body):
                continue
            for line, clause in prose.read([(task.line, task.body)], **_span(years)).blanks:
                b.find(
                    "blank_value",
                    f"任务 {task.number}：“{clause}”缺少数值（草稿留空），未读作目标",
                    line,
                )


def _span(years: tuple[int, int]) -> dict[str, int]:
    return {"start_year": years[0], "end_year": years[1]}


def _bullet_lines(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Without a goal section, the "——" bullet paragraphs and "(一)…方面" items hold the targets."""
    return [
        (line, text)
        for line, text in body
        if prose.BULLET_RE.match(text) or re.match(r"^\([一二三四五六七八九十]+\)\S{2,8}方面", text)
    ]


def _prose_indicators(
    b: Builder, lines: list[tuple[int, str]], years: tuple[int, int]
) -> tuple[list[str], list[Indicator], list[MainTarget]]:
    """Indicators with yearly targets from sentences (no indicator table in the document)."""
    reading = prose.read(lines, **_span(years))
    for line, clause in reading.blanks:
        b.find("blank_value", f"“{clause}”缺少数值（草稿留空），未读作目标", line)
    for line, clause in reading.defaulted_years:
        b.find("years", f"“{clause}”没有写年份，按方案末年 {years[1]} 年读", line)
    categories: list[str] = []
    indicators: list[Indicator] = []
    main_targets: list[MainTarget] = []
    codes: set[str] = set()
    local = 0
    for found in reading.indicators:
        code = prose.catalogue_code(found.name)
        entry = _BY_CODE.get(code) if code else None
        if entry is None or entry.code in codes:
            local += 1
            code, entry = f"S{local:02d}", None
        assert code is not None  # an entry is only found by its code
        codes.add(code)
        category = found.category or (entry.category if entry else "其他指标")
        if category not in categories:
            categories.append(category)
        written = next((t.unit for t in found.targets if t.unit), "")
        unit = entry.unit if entry else written
        indicator_targets: list[Target] = []
        for target in found.targets:
            value = targets.convert(target.value, target.unit, unit)
            if value is None:
                b.find(
                    "unit_of_measure",
                    f"“{target.text}”的单位“{target.unit}”与指标 {code} 的“{unit}”不同，按所写数值读",
                    target.line,
                )
                value = target.value
            elif value != target.value:
                b.find(
                    "unit_of_measure",
                    f"“{target.text}”{target.value.normalize():f}{target.unit}"
                    f" 换算为 {value.normalize():f}{unit}",
                    target.line,
                )
            if value == value.to_integral_value():
                value = value.quantize(Decimal(1))
            indicator_targets.append(Target(year=target.year, kind=TargetKind.TARGET, value=value))
            main_targets.append(
                MainTarget(
                    text=target.text,
                    value=target.value,
                    unit=target.unit,
                    year=target.year,
                    indicator=code,
                )
            )
        indicator_targets.sort(key=lambda t: t.year)
        fields: dict[str, object] = {}
        decimals = max((_decimals(t.value) for t in indicator_targets), default=0)
        if entry is not None:
            decimals = max(decimals, entry.decimals)
            fields = {
                "catalogue": entry.code,
                "direction": entry.direction,
                "measure_type": entry.measure_type,
                "frequency": entry.frequency,
            }
        elif re.search(r"能耗|排放|污染|事故", found.name):
            fields = {"direction": "lower"}
        if not unit:
            b.find("unit_of_measure", f"指标“{found.name}”没有写计量单位", found.line)
        indicators.append(
            Indicator(
                code=code,
                category=category,
                number=found.number or len(indicators) + 1,
                name=entry.name if entry else found.name,
                unit=unit,
                decimals=min(decimals, 6),
                targets=indicator_targets,
                note=f"原文：{found.name}" if entry and entry.name != fullwidth(found.name) else "",
                **fields,  # type: ignore[arg-type]
            )
        )
        b.find(
            "prose_target",
            f"从文字中读出指标“{found.name}”"
            + (f"（全国指标 {entry.code}）" if entry else "")
            + "："
            + "，".join(f"{t.year} 年 {t.value.normalize():f}{unit}" for t in indicator_targets),
            found.line,
        )
    return categories, indicators, main_targets


_BY_CODE = {entry.code: entry for entry in catalogue.NATIONAL}


def _not_a_plan(
    b: Builder, body: list[tuple[int, str]], sections: list[list[tuple[int, str]]]
) -> str:
    """The refusal, saying what the document holds (so the office knows what it gave us)."""
    found = [f"{len(b.lines)} 行文字"]
    if sections:
        heads = "、".join(f"“{s[0][1][:12]}”" for s in sections[:4])
        found.append(f"{len(sections)} 个章节（{heads}）")
    numbered = sum(1 for _, text in body if numbering(text))
    if numbered:
        found.append(f"{numbered} 个编号段落")
    return f"{NOT_A_PLAN}：读到{'，'.join(found)}，但没有带牵头单位的任务、数量目标或成员名单"


# --- units and the leading group ------------------------------------------------------------


def _leading_group(
    b: Builder, annex: list[tuple[int, str]]
) -> tuple[list[str], dict[str, tuple[int, str]], list[LeadingGroupMember], tuple[str, str] | None]:
    """Read 附件2: the member list, the duties, the group's leaders and the office sentence."""
    members: list[str] = []
    duties: dict[str, tuple[int, str]] = {}
    group: list[LeadingGroupMember] = []
    office: tuple[str, str] | None = None
    role = ""
    member_line = None
    for line, text in annex:
        label = re.match(r"^(组\s*长|副\s*组\s*长|成\s*员|长|员)\s*[::]\s*(.*)$", text)
        if label:
            raw_role = label.group(1).replace(" ", "")
            role = {"长": "组长", "员": "成员"}.get(raw_role, raw_role)
            if raw_role in ("长", "员"):
                b.find("lost_character", f"“{raw_role}：”缺字，读作“{role}：”", line)
            rest = label.group(2).strip()
            if role == "成员":
                member_line = b.member_line = line
                for piece in raw_pieces(rest):
                    if piece not in members:
                        members.append(piece)
                role = ""
                continue
            if rest:
                group.append(_person(role, rest))
            continue
        if role in ("副组长", "组长") and len(text) <= 30 and ":" not in text:
            group.append(_person(role, text))
            continue
        role = ""
        if match := re.match(r"^领导小组办公室设在([^,,。]+?)[,,](.*)$", text):
            office = (text.rstrip("。"), match.group(1))
            continue
        duty = re.match(r"^([^:,。]{2,30}?)\s*:\s*(.+)$", text)
        if duty and not text.startswith(("附件", "一、", "二、")):
            name = duty.group(1).strip()
            if name not in ("公开属性", "相关链接"):
                duties[name] = (line, duty.group(2).strip())
    if member_line is not None:
        resolver = UnitResolver(doc_names=set(members))
        split: list[str] = []
        for piece in members:
            names, repairs = resolver.resolve_list(piece)
            for repair in repairs:
                b.find("unit", f"成员名单：{repair}", member_line)
            split.extend(n for n in names if n not in split)
        members = split
    group.extend(LeadingGroupMember(role="成员", position=name) for name in members)
    return members, duties, group, office


def _person(role: str, text: str) -> LeadingGroupMember:
    """Split "盛文军市委副书记、市长" into a name and a position (the name may be missing)."""
    text = text.strip()
    if " " in text:
        name, position = text.split(" ", 1)
        if 2 <= len(name) <= 4 and not POSITION_RE.match(name):
            return LeadingGroupMember(role=role, name=name, position=position.strip())
    match = POSITION_RE.search(text)
    if match and 2 <= match.start() <= 4:
        return LeadingGroupMember(
            role=role, name=text[: match.start()], position=text[match.start() :]
        )
    return LeadingGroupMember(role=role, position=text)


def _make_units(
    b: Builder,
    members: list[str],
    duties: dict[str, tuple[int, str]],
    programs: list[Program],
    indicators: list[Indicator],
    office: tuple[str, str] | None,
) -> list[Unit]:
    resolver = b.resolver
    units: dict[str, Unit] = {}

    def add(name: str, *, member: bool) -> Unit:
        if name not in units:
            kind = group_kind(name) or "unit"
            units[name] = Unit(name=name, kind=UnitKind(kind), member=member)
        return units[name]

    for name in members:
        add(name, member=True)
    for raw, (line, text) in duties.items():
        name, why = resolver.canonical(raw)
        if why:
            b.find("unit", f"附件2职责：{why}", line)
        if name not in units:
            b.find("unit", f"“{name}”在附件2中有职责，但不在成员名单中；按成员单位读", line)
        add(name, member=True).duties = text
    for name in members:
        if not units[name].duties and units[name].kind == UnitKind.UNIT:
            b.find("unit", f"成员单位“{name}”在附件2中没有职责说明", b.member_line)
    office_name = None
    for program in programs:
        for task in program.tasks:
            for name in [*task.lead_units, *task.responsible_units]:
                if name not in units:
                    if members and not group_kind(name):
                        b.find(
                            "unit_not_member",
                            f"任务 {task.number} 的单位“{name}”不在成员名单中",
                            b.task_lines.get(task.number),
                        )
                    add(name, member=False)
                if group_kind(name) == "office":
                    office_name = name
    for indicator in indicators:
        for name in indicator.responsible_units:
            if name not in units:
                if members and not group_kind(name):
                    b.find(
                        "unit_not_member",
                        f"指标 {indicator.code} 的责任单位“{name}”不在成员名单中",
                        None,
                    )
                add(name, member=False)
    if office is not None:
        sentence, host = office
        host_name, _ = resolver.canonical(host)
        name = office_name or "领导小组办公室"
        unit = add(name, member=False)
        unit.kind = UnitKind.OFFICE
        unit.duties = sentence
        if host_name not in units:
            add(host_name, member=False)
    for alias, canonical in resolver.aliases.items():
        if canonical in units and alias not in units and alias not in units[canonical].aliases:
            units[canonical].aliases.append(alias)
    return list(units.values())
