"""The shared indicator catalogue: the national standard set for innovative counties.

Every province's indicator system for 创新型县(市) lists the same 15 indicators (创新型县(市)
建设工作指引, 国科发农〔2018〕130号); a plan's indicator points at an entry here through
`Indicator.catalogue`, so plans of different counties can be read side by side. Plan-specific
indicators (特色指标) have no catalogue entry.

Measure type and frequency are not in the plans; the choices and their reasons are here, once,
for every plan that uses the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from innocounty.core.schema import Direction, Frequency, MeasureType, RatioParts


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    category: str
    name: str
    unit: str
    direction: Direction
    measure_type: MeasureType
    frequency: Frequency
    decimals: int
    why: str
    aliases: tuple[str, ...] = field(default=())
    # A ratio's numerator and denominator with their units (what the reporter types).
    ratio: RatioParts | None = None
    # The usual range of the denominator in its unit for a county, a hint against typing
    # people for 万人 (a county of 10–300 万人): outside it the value needs an explanation.
    denominator_range: tuple[Decimal, Decimal] | None = None


def _parts(
    numerator: str, numerator_unit: str, denominator: str, denominator_unit: str, factor: int
) -> RatioParts:
    return RatioParts(
        numerator=numerator,
        numerator_unit=numerator_unit,
        denominator=denominator,
        denominator_unit=denominator_unit,
        factor=Decimal(factor),
    )


H, L = Direction.HIGHER, Direction.LOWER
STOCK, FLOW, RATIO = MeasureType.STOCK, MeasureType.FLOW, MeasureType.RATIO
A, Q = Frequency.ANNUAL, Frequency.QUARTERLY

NATIONAL: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "N01",
        "创新投入",
        "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
        "%",
        H,
        RATIO,
        A,
        2,
        "a share of two yearly budget totals; only the final accounts (决算) give it, once a year",
        ratio=_parts("本级财政科学技术支出", "万元", "本级财政一般公共预算支出", "万元", 100),
    ),
    CatalogueEntry(
        "N02",
        "创新投入",
        "万名就业人员中研究与试验发展（R&D）人员数",
        "人/万人",
        H,
        RATIO,
        A,
        0,
        "a per-10k rate from the annual R&D statistics survey",
        ratio=_parts("研究与试验发展（R&D）人员数", "人", "就业人员数", "万人", 1),
        denominator_range=(Decimal(1), Decimal(1000)),
        aliases=("万名就业人员中研究与试验发R&D人员数", "万名就业人员中R&D人员数"),
    ),
    CatalogueEntry(
        "N03",
        "创新投入",
        "全社会研究与试验发展（R&D）经费支出",
        "万元",
        H,
        FLOW,
        A,
        0,
        "money spent within a year; the R&D survey reports it once a year",
        aliases=("全社会研究与试验发展R&D经费支出", "全社会R&D经费支出"),
    ),
    CatalogueEntry(
        "N04",
        "企业创新",
        "规模以上工业企业研究与试验发展（R&D）经费支出占营业收入的比重",
        "%",
        H,
        RATIO,
        A,
        2,
        "R&D spending ÷ revenue of the same enterprises and year",
        ratio=_parts(
            "规模以上工业企业R&D经费支出", "万元", "规模以上工业企业营业收入", "万元", 100
        ),
        aliases=(
            "规模以上工业企业研究与试验发展R&D经费支出占营业收入的比重",
            "规模以上工业企业R&D经费支出占营业收入比重",
            "规模以上工业企业研究与试验发展经费支出占主营业务收入的比值",
        ),
    ),
    CatalogueEntry(
        "N05",
        "企业创新",
        "高新技术企业数",
        "家",
        H,
        STOCK,
        Q,
        0,
        "a count of certified enterprises at period end; certifications are known each quarter",
        aliases=("高新技术企业总数",),
    ),
    CatalogueEntry(
        "N06",
        "企业创新",
        "科技型中小企业数",
        "家",
        H,
        STOCK,
        Q,
        0,
        "a count of registered enterprises at period end, published in batches during the year",
        aliases=("科技型中小企业数量",),
    ),
    CatalogueEntry(
        "N07",
        "创新环境",
        "创新密集区数",
        "个",
        H,
        STOCK,
        A,
        0,
        "a count of recognised areas at year end",
    ),
    CatalogueEntry(
        "N08",
        "创新环境",
        "创新创业服务机构及研究开发机构数",
        "个",
        H,
        STOCK,
        A,
        0,
        "a count of institutions existing at year end",
    ),
    CatalogueEntry(
        "N09",
        "创新环境",
        "企业享受研发费用加计扣除优惠政策获得的税收减免额",
        "万元",
        H,
        FLOW,
        A,
        0,
        "tax relief granted within a tax year; known after the annual settlement (汇算清缴)",
    ),
    CatalogueEntry(
        "N10",
        "创新环境",
        "县级以上科技特派员数",
        "人",
        H,
        STOCK,
        A,
        0,
        "the number of appointed commissioners at year end",
        aliases=("县级以上科技特派员",),
    ),
    CatalogueEntry(
        "N11",
        "创新环境",
        "年度科普经费筹集额",
        "万元",
        H,
        FLOW,
        A,
        0,
        "funds raised within the year",
    ),
    CatalogueEntry(
        "N12",
        "创新绩效",
        "规模以上企业新产品销售收入占营业收入比重",
        "%",
        H,
        RATIO,
        A,
        2,
        "new-product sales ÷ revenue of the same enterprises and year",
        ratio=_parts("规模以上企业新产品销售收入", "万元", "规模以上企业营业收入", "万元", 100),
        aliases=("规模以上企业新产品销售收入占主营业务收入比重",),
    ),
    CatalogueEntry(
        "N13",
        "创新绩效",
        "万人发明专利拥有量",
        "件/万人",
        H,
        RATIO,
        Q,
        2,
        "valid invention patents ÷ resident population (万人); patent counts are quarterly",
        ratio=_parts("有效发明专利数", "件", "常住人口", "万人", 1),
        denominator_range=(Decimal(1), Decimal(2000)),
    ),
    CatalogueEntry(
        "N14",
        "创新绩效",
        "万元GDP综合能耗",
        "吨标准煤/万元",
        L,
        RATIO,
        A,
        3,
        "energy use ÷ GDP of the year; lower is better",
        ratio=_parts("综合能源消费量", "吨标准煤", "地区生产总值（GDP）", "万元", 1),
    ),
    CatalogueEntry(
        "N15",
        "创新绩效",
        "当年新注册企业数",
        "家",
        H,
        FLOW,
        Q,
        0,
        "registrations accumulate within the year; the registry gives them every quarter",
    ),
)

BY_CODE: dict[str, CatalogueEntry] = {entry.code: entry for entry in NATIONAL}


def _normalise(name: str) -> str:
    table = str.maketrans({"(": "", ")": "", "\uff08": "", "\uff09": "", " ": "", "\u00a0": ""})
    return name.translate(table)


_BY_NAME: dict[str, CatalogueEntry] = {}
for _entry in NATIONAL:
    for _name in (_entry.name, *_entry.aliases):
        _BY_NAME[_normalise(_name)] = _entry


def match(name: str) -> CatalogueEntry | None:
    """Return the catalogue entry an indicator name refers to (brackets and spaces ignored)."""
    return _BY_NAME.get(_normalise(name))


def _loose(name: str) -> str:
    return re.sub(r"R&D|[()（）\s的]", "", name)


def match_loose(name: str) -> CatalogueEntry | None:
    """Match a national indicator, also when "(R&D)" or "的" is left out of its name."""
    entry = match(name)
    if entry is not None:
        return entry
    return _loose_catalogue().get(_loose(name))


@cache
def _loose_catalogue() -> dict[str, CatalogueEntry]:
    return {_loose(n): entry for entry in NATIONAL for n in (entry.name, *entry.aliases)}
