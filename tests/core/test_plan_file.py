"""The committed Qianjiang plan file, checked against facts read by hand from the seed."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from innocounty.core.parser.regenerate import PLANS_DIR, render
from innocounty.core.planfile import PlanFileError, load_plan_file, loads_plan
from innocounty.core.schema import Direction, Plan, TargetKind, UnitKind
from tests.ci import seed_file, skip_or_fail

PLAN_PATH = PLANS_DIR / "qianjiang-2023.yaml"
ALL = "各区、镇、街道"
RELATED = "相关区、镇、街道"
OFFICE = "市创新型县（市）建设工作领导小组办公室"
MEMBERS_GROUP = "市创新型县（市）建设工作领导小组成员单位"


# Function-scoped (60 ms a test): a module-scoped plan would be loaded inside the first test
# only, and mutmut would credit that test alone with the plan file's reader.
@pytest.fixture
def plan() -> Plan:
    return load_plan_file(PLAN_PATH)


def test_regenerating_gives_the_committed_file_byte_for_byte() -> None:
    assert render("qianjiang-2023") == PLAN_PATH.read_text(encoding="utf-8")


def test_the_source_copy_is_the_seed_verbatim() -> None:
    seed = seed_file()
    if seed is None:
        skip_or_fail("seed folder not available")
    assert (PLANS_DIR / "qianjiang-2023.source.txt").read_bytes() == seed.read_bytes()


def test_it_has_the_plans_identity(plan: Plan) -> None:
    assert plan.key == "qianjiang-2023"
    assert plan.title == "潜江国家创新型县（市）建设实施方案"
    assert plan.doc_number == "潜政发〔2023〕12号"
    assert plan.date.isoformat() == "2023-06-08"
    assert plan.region == "潜江市"
    assert plan.issuer == "潜江市人民政府"
    assert (plan.start_year, plan.end_year, plan.base_year) == (2023, 2025, 2022)
    assert plan.office_unit == "市科技局"
    assert plan.categories == ["创新投入", "企业创新", "创新环境", "创新绩效", "特色指标"]


PROGRAMS = [
    (1, "实施产业转型升级工程", [1, 2, 3, 4]),
    (2, "实施创新载体提升工程", [5, 6, 7, 8, 9, 10, 11]),
    (3, "实施创新要素集聚工程", [12, 13, 14, 15]),
    (4, "实施科技成果转化工程", [16, 17, 18]),
    (5, "实施科技为民惠民工程", [19, 20, 21, 22, 23, 24, 25]),
    (6, "实施科技创新治理工程", [26, 27, 28]),
]


def test_it_has_six_programs_with_their_tasks(plan: Plan) -> None:
    got = [(p.number, p.title, [t.number for t in p.tasks]) for p in plan.programs]
    assert got == PROGRAMS


# (number, title, lead units, responsible units), read from 三、重点任务 of the seed.
TASKS = [
    (
        1,
        "聚力壮大高新技术产业",
        ["市科技局"],
        ["市经信局", "市市场监管局", "潜江高新区管委会", ALL],
    ),
    (2, "改造提升传统产业", ["市经信局"], ["市发改委", "市科技局", "市市场监管局"]),
    (
        3,
        "提升发展现代农业",
        ["市农业农村局"],
        ["市龙虾产业发展中心", "市科技局", "市自然资源和规划局", ALL],
    ),
    (
        4,
        "推进民生科技产业发展",
        ["市科技局"],
        [
            "市发改委",
            "市经信局",
            "市住建局",
            "市自然资源和规划局",
            "市卫健委",
            "市应急管理局",
            "市生态环境局",
        ],
    ),
    (
        5,
        "加快潜江高新区建设",
        ["潜江高新区管委会"],
        [
            "市发改委",
            "市科技局",
            "市经信局",
            "市自然资源和规划局",
            "市住建局",
            "市生态环境局",
            "市应急管理局",
            RELATED,
        ],
    ),
    (
        6,
        "推进潜江现代农业科技园建设",
        ["市龙虾产业发展中心"],
        ["市发改委", "市农业农村局", "市经信局", "市科技局", "市自然资源和规划局", RELATED],
    ),
    (
        7,
        "高标准建设潜江科创中心",
        ["市科技局"],
        ["市发改委", "市经信局", "市市场监管局", "市招商服务中心", "市金融办", "潜江高新区管委会"],
    ),
    (
        8,
        "推动“高水平创新”平台布局",
        ["市科技局"],
        ["市发改委", "市经信局", "市人社局", "潜江高新区管委会"],
    ),
    (9, "培育壮大科技型企业", ["市科技局"], ["市经信局", "市金融办"]),
    (
        10,
        "培优培强高新技术企业",
        ["市科技局"],
        ["市经信局", "市财政局", "市市场监管局", "市税务局"],
    ),
    (11, "广泛招引优质项目", ["市招商服务中心"], [ALL]),
    (
        12,
        "引进培育创新人才队伍",
        ["市委组织部"],
        ["市科技局", "市经信局", "市教育局", "市卫健委", "市住建局", "市文化和旅游局"],
    ),
    (13, "强化本土专业人才队伍建设", ["市委组织部"], ["市人社局", "市农业农村局"]),
    (14, "培养造就一批科技型企业家", ["市委组织部"], ["市经信局"]),
    (
        15,
        "探索科技金融深度融合机制",
        ["市金融办"],
        ["市发改委", "市国资委", "市科技局", "市财政局", "市市场监管局"],
    ),
    (
        16,
        "推动产学研用协同创新",
        ["市科技局"],
        ["市发改委", "市经信局", "市人社局", "市农业农村局", "团市委", "潜江高新区管委会"],
    ),
    (17, "加速科技成果精准对接和转化实施", ["市科技局"], ["市经信局"]),
    (18, "强化知识产权保障作用", ["市市场监管局"], [ALL]),
    (
        19,
        "科技创新助力智慧城市建设",
        ["市政务和大数据局"],
        ["市经信局", "市农业农村局", "市教育局", "市医保局", "市人社局"],
    ),
    (
        20,
        "科技创新赋能生态环境建设",
        ["市生态环境局"],
        ["市自然资源和规划局", "市城管执法局", "市发改委", "市交通运输局", "潜江高新区管委会", ALL],
    ),
    (
        21,
        "加快乡村振兴规划落地",
        ["市农业农村局"],
        [
            "市发改委",
            "市乡村振兴局",
            "市龙虾产业发展中心",
            "市财政局",
            "市自然资源和规划局",
            "市城管执法局",
            "市文化和旅游局",
            ALL,
        ],
    ),
    (22, "深入实施“三乡工程”", ["市农业农村局"], ["市商务局", "市财政局", ALL]),
    (
        23,
        "构建乡村产业技术体系",
        ["市农业农村局"],
        ["市发改委", "市经信局", "市城管执法局", "市生态环境局", "市龙虾产业发展中心", ALL],
    ),
    (
        24,
        "科技支撑美丽乡村建设",
        ["市农业农村局"],
        ["市交通运输局", "市生态环境局", "市城管执法局", "市龙虾产业发展中心", "市科技局", ALL],
    ),
    (25, "构建科普与技术培训体系", ["市农业农村局"], ["市科技局", "市龙虾产业发展中心", ALL]),
    (26, "建立统筹协调与决策机制", [OFFICE], [MEMBERS_GROUP, ALL]),
    (
        27,
        "深化“放管服”改革",
        ["市政务和大数据局"],
        [
            "市发改委",
            "市人社局",
            "市自然资源和规划局",
            "市住建局",
            "市应急管理局",
            "市市场监管局",
            "市生态环境局",
        ],
    ),
    (28, "深化科技创新体制改革", ["市科技局"], ["市经信局", "市市场监管局"]),
]


def test_it_has_28_tasks(plan: Plan) -> None:
    assert [t.number for t in plan.tasks()] == list(range(1, 29))


@pytest.mark.parametrize(("number", "title", "lead", "responsible"), TASKS)
def test_each_task_has_its_title_and_exact_units(
    plan: Plan, number: int, title: str, lead: list[str], responsible: list[str]
) -> None:
    task = next(t for t in plan.tasks() if t.number == number)
    assert task.title == title
    assert task.lead_units == lead
    assert task.responsible_units == responsible


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, "立足产业资源和区位优势", "不断壮大我市高新技术产业主体数量。"),
        (11, "围绕主导产业和新兴产业，扎实开展招商引资工作。", "投产达效率考核比重。"),
        (16, "深化开放协同创新", "重点支持和鼓励企业搭建产学研合作创新平台"),
        (26, "强化“一把手抓创新”", "积极探索创新驱动发展的新机制、新做法。"),
        (28, "围绕科技强到产业强、经济强、国家强的发展理念", "打通创新最后一公里。"),
    ],
)
def test_task_text_is_the_body_without_title_or_units(
    plan: Plan, number: int, start: str, end: str
) -> None:
    task = next(t for t in plan.tasks() if t.number == number)
    assert task.text.startswith(start)
    assert task.text.endswith(end)
    assert "牵头单位" not in task.text


T, A, E = TargetKind.TARGET, TargetKind.ASSESSMENT, TargetKind.EXPECTED
# (code, category, number, name, unit, 2023 target, 2024 target, 2025 assessment, 2025 expected,
#  responsible units), read from 附件1 of the seed.
INDICATORS = [
    (
        "N01",
        "创新投入",
        1,
        "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
        "%",
        "2.9",
        "3.0",
        "3.1",
        "3.3",
        ["市财政局"],
    ),
    (
        "N02",
        "创新投入",
        2,
        "万名就业人员中研究与试验发展R&D人员数",
        "人/万人",
        "200",
        "220",
        "240",
        "240",
        ["市科技局"],
    ),
    (
        "N03",
        "创新投入",
        3,
        "全社会研究与试验发展R&D经费支出",
        "万元",
        "120000",
        "130000",
        "140000",
        "210000",
        ["市科技局"],
    ),
    (
        "N04",
        "企业创新",
        4,
        "规模以上工业企业研究与试验发展R&D经费支出占营业收入的比重",
        "%",
        "1.61",
        "1.7",
        "1.8",
        "1.85",
        ["市科技局"],
    ),
    ("N05", "企业创新", 5, "高新技术企业数", "家", "120", "140", "150", "180", ["市科技局"]),
    ("N06", "企业创新", 6, "科技型中小企业数", "家", "220", "240", "260", "300", ["市科技局"]),
    ("N07", "创新环境", 7, "创新密集区数", "个", "10", "11", "11", "12", ["市科技局"]),
    (
        "N08",
        "创新环境",
        8,
        "创新创业服务机构及研究开发机构数",
        "个",
        "85",
        "90",
        "95",
        "100",
        ["市发改委", "市科技局", "市经信局"],
    ),
    (
        "N09",
        "创新环境",
        9,
        "企业享受研发费用加计扣除优惠政策获得的税收减免额",
        "万元",
        "60000",
        "70000",
        "80000",
        "80000",
        ["市税务局"],
    ),
    ("N10", "创新环境", 10, "县级以上科技特派员数", "人", "260", "280", "300", "300", ["市科技局"]),
    (
        "N11",
        "创新环境",
        11,
        "年度科普经费筹集额",
        "万元",
        "1900",
        "2000",
        "2100",
        "2500",
        ["市科技局"],
    ),
    (
        "N12",
        "创新绩效",
        12,
        "规模以上企业新产品销售收入占营业收入比重",
        "%",
        "23",
        "24",
        "25",
        "25",
        ["市经信局"],
    ),
    (
        "N13",
        "创新绩效",
        13,
        "万人发明专利拥有量",
        "件/万人",
        "4.7",
        "4.8",
        "4.9",
        "4.9",
        ["市市场监管局"],
    ),
    (
        "N14",
        "创新绩效",
        14,
        "万元GDP综合能耗",
        "吨标准煤/万元",
        "0.49",
        "0.485",
        "0.48",
        "0.48",
        ["市发改委"],
    ),
    (
        "N15",
        "创新绩效",
        15,
        "当年新注册企业数",
        "家",
        "4000",
        "4100",
        "4200",
        "4200",
        ["市市场监管局"],
    ),
    (
        "S01",
        "特色指标",
        1,
        "达到省级以上农业产业化标准的重点龙头企业数",
        "家",
        "29",
        "30",
        "32",
        "35",
        ["市农业农村局"],
    ),
    (
        "S02",
        "特色指标",
        2,
        "潜江龙虾区域公用品牌价值",
        "亿元",
        "360",
        "380",
        "430",
        "430",
        ["市龙虾产业发展中心"],
    ),
    ("S03", "特色指标", 3, "光电子信息产业产值", "亿元", "180", "240", "300", "300", ["市经信局"]),
    (
        "S04",
        "特色指标",
        4,
        "省级以上专精特新小巨人企业",
        "家",
        "40",
        "50",
        "60",
        "80",
        ["市经信局"],
    ),
    (
        "S05",
        "特色指标",
        5,
        "技术改造投资占工业投资比重",
        "%",
        "59.6",
        "59.8",
        "60",
        "60",
        ["市经信局"],
    ),
    (
        "S06",
        "特色指标",
        6,
        "战略性新兴产业增加值占规上工业增加值比重",
        "%",
        "27",
        "29",
        "32",
        "32",
        ["市发改委", "市经信局"],
    ),
]


def test_it_has_21_indicators_in_table_order(plan: Plan) -> None:
    assert [i.code for i in plan.indicators] == [row[0] for row in INDICATORS]


@pytest.mark.parametrize(
    ("code", "category", "number", "name", "unit", "t23", "t24", "a25", "e25", "units"), INDICATORS
)
def test_each_indicator_has_its_four_targets(
    plan: Plan,
    code: str,
    category: str,
    number: int,
    name: str,
    unit: str,
    t23: str,
    t24: str,
    a25: str,
    e25: str,
    units: list[str],
) -> None:
    indicator = next(i for i in plan.indicators if i.code == code)
    assert (indicator.category, indicator.number, indicator.name, indicator.unit) == (
        category,
        number,
        name,
        unit,
    )
    assert indicator.catalogue == (code if code.startswith("N") else None)
    assert [(t.year, t.kind, t.value) for t in indicator.targets] == [
        (2023, T, Decimal(t23)),
        (2024, T, Decimal(t24)),
        (2025, A, Decimal(a25)),
        (2025, E, Decimal(e25)),
    ]
    assert all(t.kind != TargetKind.BASELINE for t in indicator.targets)
    assert indicator.responsible_units == units
    decimals_needed = max(-t.value.normalize().as_tuple().exponent for t in indicator.targets)
    assert indicator.decimals >= decimals_needed


def test_only_energy_use_is_lower_is_better(plan: Plan) -> None:
    lower = [i.code for i in plan.indicators if i.direction == Direction.LOWER]
    assert lower == ["N14"]


def test_national_indicators_take_reporting_facts_from_the_catalogue(plan: Plan) -> None:
    from innocounty.core.catalogue import BY_CODE

    for indicator in plan.indicators[:15]:
        entry = BY_CODE[indicator.code]
        assert indicator.measure_type == entry.measure_type
        assert indicator.frequency == entry.frequency
        assert indicator.decimals == entry.decimals


MEMBERS = [
    "市委组织部", "市委宣传部", "市发改委", "市经信局", "市科技局", "市自然资源和规划局",
    "市住建局", "市统计局", "市政务和大数据局", "市生态环境局", "市城管执法局", "市应急管理局",
    "市金融办", "市交通运输局", "市农业农村局", "市龙虾产业发展中心", "市卫健委", "市人社局",
    "市市场监管局", "市税务局", "市招商服务中心", "市财政局", "市教育局", "市文化和旅游局",
    "市乡村振兴局", "市水利和湖泊局", "市高新投公司", "潜江高新区管委会", ALL, "市商务局",
]  # fmt: skip


def test_member_units_are_the_annex_2_list_plus_the_commerce_bureau(plan: Plan) -> None:
    assert [u.name for u in plan.units if u.member] == MEMBERS


def test_non_members_named_in_tasks_are_listed(plan: Plan) -> None:
    others = {u.name: u.kind for u in plan.units if not u.member}
    assert others == {
        RELATED: UnitKind.GROUP,
        "市国资委": UnitKind.UNIT,
        "团市委": UnitKind.UNIT,
        "市医保局": UnitKind.UNIT,
        OFFICE: UnitKind.OFFICE,
        MEMBERS_GROUP: UnitKind.GROUP,
    }


@pytest.mark.parametrize(
    ("name", "duties_start"),
    [
        ("市委组织部", "落实党管人才原则，推进实施人才强市战略"),
        ("市科技局", "负责牵头拟定《潜江市国家创新型县（市）建设实施方案》。"),
        ("市龙虾产业发展中心", "推动虾稻产业技术引进、成果转化、技术推广。"),
        ("市商务局", "推动外贸领域科技创新和成果转化。"),
        ("市高新投公司", "负责高新区各项基础设施建设"),
        (ALL, "结合本方案所确定的工作职责和工作范畴"),
        (OFFICE, "领导小组办公室设在市科技局，负责国家创新型县（市）建设的日常工作"),
        ("市住建局", ""),
    ],
)
def test_units_carry_their_duties_from_annex_2(plan: Plan, name: str, duties_start: str) -> None:
    unit = next(u for u in plan.units if u.name == name)
    assert unit.duties.startswith(duties_start)
    if not duties_start:
        assert unit.duties == ""


def test_variants_are_aliases_of_the_canonical_unit(plan: Plan) -> None:
    assert plan.canonical_unit("市经信委") == "市经信局"
    assert plan.canonical_unit("龙虾产业发展中心") == "市龙虾产业发展中心"
    every_reference = {n for t in plan.tasks() for n in [*t.lead_units, *t.responsible_units]}
    every_reference |= {n for i in plan.indicators for n in i.responsible_units}
    assert not every_reference & {"市经信委", "龙虾产业发展中心"}


def test_it_has_the_leading_group(plan: Plan) -> None:
    leaders = [(m.role, m.name, m.position) for m in plan.leading_group if m.role != "成员"]
    assert leaders == [
        ("组长", "盛文军", "市委副书记、市长"),
        ("副组长", "", "市委常委、常务副市长"),
        ("副组长", "雷玉成", "市委常委、副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "市政府党组成员、市政府办公室主任"),
    ]
    members = [m.position for m in plan.leading_group if m.role == "成员"]
    assert members == MEMBERS[:-1]


@pytest.mark.parametrize(
    ("text", "value", "unit", "indicator"),
    [
        ("本级财政科学技术支出占当年本级财政一般公共预算支出比重达3.1%以上", "3.1", "%", "N01"),
        ("全社会研究与试验发展（R&D）经费支出达21亿元", "21", "亿元", "N03"),
        ("高新技术企业总数达180家以上", "180", "家", "N05"),
        ("年度科普经费筹集额达2100万元", "2100", "万元", "N11"),
        ("万元GDP综合能耗0.48吨标准煤/万元", "0.48", "吨标准煤/万元", "N14"),
        ("潜江龙虾区域公用品牌价值达430亿元", "430", "亿元", "S02"),
        ("高新技术产业增加值占GDP比重达20%以上", "20", "%", None),
        ("年转化科技成果达50项以上", "50", "项", None),
        ("技术市场合同成交额年均增速达10%以上", "10", "%", None),
        ("培育十大名牌产品", "10", "", None),
    ],
)
def test_main_targets_are_numbers_with_units_and_years(
    plan: Plan, text: str, value: str, unit: str, indicator: str | None
) -> None:
    target = next(m for m in plan.main_targets if m.text == text)
    assert (target.value, target.unit, target.year, target.indicator) == (
        Decimal(value),
        unit,
        2025,
        indicator,
    )


def test_errata_record_each_reading(plan: Plan) -> None:
    wheres = " ".join(e.where for e in plan.errata)
    for place in (
        "任务 1",
        "任务 5",
        "任务 6",
        "任务 8",
        "任务 20",
        "任务 26",
        "任务 28",
        "第 467 行",
    ):
        assert place in wheres
    issuer = next(e for e in plan.errata if "发布机构" in e.original)
    assert "市科技局" in issuer.original


# --- bad plan files ------------------------------------------------------------------------


def _data() -> dict:
    return yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))


def _refused(data: dict) -> str:
    with pytest.raises(PlanFileError) as info:
        loads_plan(yaml.safe_dump(data, allow_unicode=True), source="bad.yaml")
    return str(info.value)


def test_a_missing_field_is_refused_with_its_place() -> None:
    data = _data()
    del data["programs"][1]["tasks"][2]["title"]
    assert "programs[1].tasks[2].title: Field required" in _refused(data)


def test_a_wrong_type_is_refused_with_its_place() -> None:
    data = _data()
    data["indicators"][3]["targets"][0]["value"] = "很多"
    assert "indicators[3] (N04).targets[0].value" in _refused(data)


def test_a_duplicate_task_number_is_refused_with_its_place() -> None:
    data = _data()
    data["programs"][0]["tasks"][1]["number"] = 1
    assert "programs[0].tasks[1]（任务 1）：任务编号 1 重复" in _refused(data)


def test_an_unknown_unit_in_a_task_is_refused_with_its_place() -> None:
    data = _data()
    data["programs"][2]["tasks"][0]["lead_units"] = ["市宇宙局"]
    message = _refused(data)
    assert "programs[2].tasks[0]（任务 12）.lead_units" in message
    assert "未知单位“市宇宙局”" in message
