"""The seed document, parsed without errata: every repair and check is a located finding."""

from __future__ import annotations

import pytest

from innocounty.core.parser import parse_file
from innocounty.core.parser.regenerate import PLANS_DIR
from innocounty.core.schema import Plan

SEED = PLANS_DIR / "qianjiang-2023.source.txt"


@pytest.fixture
def plan() -> Plan:
    # Parsed for each test (20 ms): a mutation run credits a parser mutant only to the tests
    # that ran the parser themselves (docs/en/mutation-testing.md).
    return parse_file(SEED)


def _findings(plan: Plan, kind: str) -> list[tuple[int | None, str]]:
    return [(f.line, f.message) for f in plan.findings if f.kind == kind]


def test_it_reads_the_structure(plan: Plan) -> None:
    assert len(plan.programs) == 6
    assert len(plan.tasks()) == 28
    assert len(plan.indicators) == 21
    assert plan.doc_number == "潜政发〔2023〕12号"
    assert plan.date.isoformat() == "2023-06-08"
    assert (plan.start_year, plan.end_year) == (2023, 2025)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (68, "任务 1：“牵头单位”与“责任单位”之间缺少分号，已补全"),
        (78, "任务 5：单位说明缺少右括号，已补全"),
        (80, "任务 6：单位说明缺少左括号，已补全"),
        (84, "任务 8：单位说明缺少右括号，已补全"),
        (108, "任务 18：单位说明缺少右括号，已补全"),
        (114, "任务 20：单位说明缺少右括号，已补全"),
        (128, "任务 26：单位说明用了“[”括号，按圆括号读"),
        (132, "任务 28：单位说明缺少左括号，已补全"),
        (132, "任务 28：单位说明缺少右括号，已补全"),
        (90, "任务 11：标题与正文连写，在“围绕”前断开：“广泛招引优质项目”"),
        (94, "任务 12：标题与正文连写，在“实施”前断开：“引进培育创新人才队伍”"),
        (100, "任务 15：标题与正文连写，在“按照”前断开：“探索科技金融深度融合机制”"),
        (112, "任务 19：标题与正文连写，在“大力”前断开：“科技创新助力智慧城市建设”"),
        (114, "任务 20：标题与正文连写，在“坚持”前断开：“科技创新赋能生态环境建设”"),
        (132, "任务 28：标题与正文连写，在“围绕”前断开：“深化科技创新体制改革”"),
        (80, "任务 6：单位名称连写“市农业农村局市经信局”拆分为：市农业农村局、市经信局"),
        (26, "日期“202368”缺字，读作 2023-06-08"),
        (467, "“长：”缺字，读作“组长：”"),
        (483, "“员：”缺字，读作“成员：”"),
        (
            195,
            "指标名称“万名就业人员中研究与试验发R&D人员数”缺字，读作“万名就业人员中研究与试验发展R&D人员数”",
        ),
        (433, "指标“技术改造投资占工业投资比重”：单位名称“市经信委”按现名读作“市经信局”"),
        (529, "附件2职责：单位名称“龙虾产业发展中心”缺少前缀，读作成员单位“市龙虾产业发展中心”"),
        (3, "第 3 行的不间断空格已按普通空格读"),
    ],
)
def test_every_repair_is_a_finding_with_its_line(plan: Plan, line: int, message: str) -> None:
    assert (line, message) in [(f.line, f.message) for f in plan.findings]


def test_the_group_glued_to_a_name_is_split_off(plan: Plan) -> None:
    task = plan.tasks()[19]
    assert task.responsible_units[-2:] == ["潜江高新区管委会", "各区、镇、街道"]


@pytest.mark.parametrize(
    ("code", "which"),
    [
        ("N01", "考核值"),
        ("N03", "完成值"),  # 21亿元 = 210000万元
        ("N05", "完成值"),
        ("N06", "完成值"),
        ("N07", "考核值"),
        ("N08", "考核值"),
        ("N11", "考核值"),
        ("N09", "考核值、完成值"),
        ("N14", "考核值、完成值"),
        ("S04", "完成值"),
    ],
)
def test_main_targets_say_which_column_they_quote(plan: Plan, code: str, which: str) -> None:
    messages = [m for _, m in _findings(plan, "main_target") if f"指标 {code} " in m]
    assert len(messages) == 1
    assert messages[0].endswith(f"2025 年{which}")


def test_money_is_converted_before_comparing(plan: Plan) -> None:
    (message,) = [m for _, m in _findings(plan, "main_target") if "N03" in m]
    assert "21亿元（= 210000万元）" in message


def test_main_targets_without_an_indicator_are_proposed(plan: Plan) -> None:
    proposed = [m for _, m in _findings(plan, "main_target_unmatched")]
    assert len(proposed) == 4
    for text in ("高新技术产业增加值占GDP比重达20%以上", "年转化科技成果达50项以上",
                 "技术市场合同成交额年均增速达10%以上", "培育十大名牌产品"):  # fmt: skip
        assert any(f"“{text}”" in m and "建议增列为指标" in m for m in proposed)


def test_task_level_numbers_are_reported(plan: Plan) -> None:
    found = _findings(plan, "task_target")
    assert (96, "任务 13：2025 年数量目标“建成市级高技能人才培训基地5个”") in found
    assert (96, "任务 13：2025 年数量目标“培养高技能人才60名”") in found
    assert (98, "任务 14：2025 年数量目标“培训企业负责人50名以上”") in found


def test_units_named_in_tasks_but_not_members_are_reported(plan: Plan) -> None:
    found = _findings(plan, "unit_not_member")
    assert found == [
        (100, "任务 15 的单位“市国资委”不在成员名单中"),
        (104, "任务 16 的单位“团市委”不在成员名单中"),
        (112, "任务 19 的单位“市医保局”不在成员名单中"),
    ]


def test_the_commerce_bureau_with_duties_but_unlisted_is_reported(plan: Plan) -> None:
    assert (515, "“市商务局”在附件2中有职责，但不在成员名单中；按成员单位读") in _findings(
        plan, "unit"
    )


def test_missing_units_of_measure_are_reported(plan: Plan) -> None:
    lines = [line for line, _ in _findings(plan, "unit_of_measure")]
    assert lines == [235, 247, 263, 275, 303, 367, 421]


def test_the_seed_in_gb18030_reads_the_same(tmp_path) -> None:
    path = tmp_path / "qianjiang-gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert parse_file(path).model_dump(exclude={"key"}) == parse_file(SEED).model_dump(
        exclude={"key"}
    )
