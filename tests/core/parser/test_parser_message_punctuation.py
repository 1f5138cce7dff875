"""The parser's own messages use full-width punctuation (GB/T 15834), whatever the input's marks.

A finding cites the document's text in “…” as the reader saw it (full-width ASCII folded to
ASCII, names kept as read), so the user can find it in the plan; the cited text is left out
of the check. Everything else in a finding, a refusal, a plan-file problem or a plan change
is the product's own Chinese and has no ASCII `, : ; ( ) ! ?` next to a Han character.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innocounty.core.errata import ErrataError, apply_errata
from innocounty.core.parser import ParseError, parse_file, parse_text
from innocounty.core.parser.regenerate import PLANS_DIR
from innocounty.core.plandiff import diff_plans
from innocounty.core.planfile import PlanFileError, plan_from_data
from innocounty.core.schema import Plan

DOCUMENTS = Path(__file__).parent / "documents"

SEED = PLANS_DIR / "qianjiang-2023.source.txt"
HALF_WIDTH_BY_HAN = re.compile(r"[\u4e00-\u9fff][,:;()!?]|[,:;()!?][\u4e00-\u9fff]")

# A plan as a web page folds it: ASCII marks everywhere, and the slips the parser repairs
# (a missing bracket, a missing semicolon, 长: for 组长:).
WEB_FOLDED = """\
某县创新型县(市)建设实施方案(2024-2026年)
某政发[2024]3号
一、主要目标
到2026年,全县高新技术企业达到60家。
二、重点任务
1.加强企业创新主体培育。支持企业建设研发机构,力争三年内新增省级以上研发平台10个。(牵头单位:县科技局 责任单位:县财政局)
2.强化人才支撑。实施"引才计划",引进博士10名。(牵头单位:县委组织部;责任单位:县人社局
3.优化创新环境。推进"放管服"改革。责任单位:县发改局、县市场监管局)
附件2
某县创新型县建设领导小组
长:县长
员:县科技局、县财政局、县委组织部、县人社局、县发改局
"""


def _own_words(message: str) -> str:
    """The message with every cited “…” (nesting included) replaced by one Han character."""
    out, depth = [], 0
    for ch in message:
        if ch == "“":
            if depth == 0:
                out.append("引")
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _half_width(messages: list[str]) -> list[str]:
    return [m for m in messages if HALF_WIDTH_BY_HAN.search(_own_words(m))]


def test_the_check_itself_sees_a_half_width_mark_but_not_a_cited_one() -> None:
    assert _half_width(["任务 3:单位说明缺少右括号", "标题“县(市)”,已补全"]) == [
        "任务 3:单位说明缺少右括号",
        "标题“县(市)”,已补全",
    ]
    assert _half_width(["指标“县(市)数”的单位是 %", "第 3 行：共 1,000 项，代码 N03 (R&D)"]) == []


@pytest.mark.parametrize(
    "path",
    [SEED, *sorted(DOCUMENTS.glob("*.txt"))],
    ids=lambda p: p.name,
)
def test_every_finding_of_every_document_is_full_width(path) -> None:
    plan = parse_file(path)
    messages = [f.message for f in plan.findings]
    assert messages, "each document has findings, or the test checks nothing"
    assert _half_width(messages) == []


def test_a_web_folded_plan_gets_full_width_findings_and_text() -> None:
    plan = parse_text(WEB_FOLDED, source="web.txt")
    messages = [f.message for f in plan.findings]
    kinds = {f.kind for f in plan.findings}
    # The slips are found (so their messages are checked), and the text is restored.
    assert {"bracket", "separator", "lost_character", "punctuation"} <= kinds, messages
    assert _half_width(messages) == []
    assert plan.title == "某县创新型县（市）建设实施方案（2024-2026年）"


@pytest.mark.parametrize(
    "text",
    ["", "这是一份会议通知(不是方案):请各单位于3月1日前报送材料;谢谢!", "\x00\x01\x02binary"],
)
def test_refusals_are_full_width(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert _half_width([info.value.reason]) == []


def test_plan_file_and_errata_problems_are_full_width() -> None:
    plan = parse_file(SEED)
    data = plan.model_dump(mode="json")
    data["programs"][0]["tasks"][1]["number"] = data["programs"][0]["tasks"][0]["number"]
    data["programs"][0]["tasks"][0]["lead_units"] = ["县不存在局"]
    data["office_unit"] = "县不存在局"
    with pytest.raises(PlanFileError) as info:
        plan_from_data(data, source="plan.yaml")
    assert len(info.value.problems) == 3, info.value.problems
    assert _half_width(info.value.problems) == []
    assert _half_width([str(info.value)]) == []

    # A field's own check (pydantic stops there, before the plan's checks above).
    data = plan.model_dump(mode="json")
    first = data["indicators"][0]
    first["targets"].append(dict(first["targets"][0]))
    with pytest.raises(PlanFileError) as info:
        plan_from_data(data)
    year, kind = first["targets"][0]["year"], first["targets"][0]["kind"]
    assert info.value.problems == [f"indicators[0] ({first['code']})：{year} 年的 {kind} 值重复"]

    with pytest.raises(ErrataError) as errata:
        apply_errata(plan, {"tasks": {999: {"title": "无"}}, "aliases": {"甲": "县不存在局"}})
    assert len(errata.value.problems) == 2, errata.value.problems
    assert _half_width([str(errata.value)]) == []


def test_plan_changes_are_chinese_lines_with_the_chinese_colon() -> None:
    plan = parse_file(SEED)
    data = plan.model_dump(mode="json")
    old_title = data["programs"][0]["tasks"][0]["title"]
    data["programs"][0]["tasks"][0]["title"] = "新标题"
    data["base_year"] = plan.base_year - 1
    changes = diff_plans(plan, Plan.model_validate(data))
    assert changes == [
        f"基期年份：{plan.base_year} → {plan.base_year - 1}",
        f"工程 1 任务 1 标题：{old_title} → 新标题",
    ]


def test_english_plan_file_problems_keep_the_ascii_separator() -> None:
    with pytest.raises(PlanFileError) as info:
        plan_from_data({"key": "x", "title": "t", "programs": 3}, source="bad.yaml")
    assert str(info.value).startswith("bad.yaml: ")
    assert "；" not in str(info.value) and "; " in str(info.value)
