"""Build tongshan-2023.docx: a county plan with real Word tables (used by the parser tests).

    python tests/core/parser/documents/make_tongshan_docx.py OUT.docx

The table has a two-row header: "2025年" merged over "考核值" and "预期值", and the category
column merged down its rows, as county offices usually lay it out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx

PARAGRAPHS = [
    "通山县人民政府关于印发通山县国家创新型县建设实施方案的通知",
    "山政发〔2023〕21号",
    "通山县国家创新型县建设实施方案",
    "一、主要目标",
    "到2025年,高新技术企业数达到45家,年度科普经费筹集额达到320万元;新增省级以上研发平台8个。",
    "二、重点任务",
    "(一)实施产业创新工程",
    "1.推进特色产业提质增效。围绕茶叶、楠竹等特色产业开展技术攻关。(牵头单位:县农业农村局;责任单位:县科技局、县林业局)",
    "2.培育壮大高新技术企业。实施高新技术企业倍增计划。(牵头单位:县科技局;责任单位:县经信局、县税务局,各乡镇)",
    "(二)实施创新平台工程",
    "3.建设县科技企业孵化器。到2025年,建成孵化器2个。(牵头单位:县科技局;责任单位:通山经济开发区管委会)",
    "三、保障措施",
    "强化组织领导。",
    "附件1",
    "通山县创新型县建设年度指标",
]
HEADER = ["一级指标", "二级指标", "计量单位", "2023年", "2024年", "2025年", "", "责任单位"]
SUBHEADER = ["", "", "", "目标值", "目标值", "考核值", "预期值", ""]
ROWS = [
    ["企业创新", "1.高新技术企业数", "家", "30", "38", "45", "50", "县科技局"],
    ["企业创新", "2.科技型中小企业数", "家", "60", "70", "80", "90", "县科技局\n县经信局"],
    ["创新环境", "3.年度科普经费筹集额", "万元", "260", "290", "320", "350", "县科协"],
]
AFTER = [
    "附件2",
    "通山县创新型县建设工作领导小组成员名单",
    "组长:刘洋 县委副书记、县长",
    "成员:县科技局、县发改局、县经信局、县财政局、县农业农村局、县林业局、县税务局、县科协、通山经济开发区管委会",
    "县科技局:承担领导小组办公室职责。",
    "县林业局:推进林业科技创新。",
]


def build(path: Path) -> Path:
    """Write the document to `path` and return it."""
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    table = document.add_table(rows=2 + len(ROWS), cols=len(HEADER))
    for col, text in enumerate(HEADER):
        table.cell(0, col).text = text
        table.cell(1, col).text = SUBHEADER[col]
    table.cell(0, 5).merge(table.cell(0, 6)).text = "2025年"
    for i, row in enumerate(ROWS, start=2):
        for col, text in enumerate(row):
            cell = table.cell(i, col)
            cell.text = ""
            for n, part in enumerate(text.split("\n")):
                (cell.paragraphs[0] if n == 0 else cell.add_paragraph()).add_run(part)
    # The category column merged down its rows, as Word users lay it out.
    table.cell(2, 0).merge(table.cell(3, 0)).text = "企业创新"
    for text in AFTER:
        document.add_paragraph(text)
    document.save(path)
    return path


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "tongshan-2023.docx"))
