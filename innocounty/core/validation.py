"""Checks of one reported value, all at once, with messages in Chinese.

Errors block saving (not a number, negative where impossible, a share outside 0–100, more
decimals than the indicator allows, a zero denominator). Warnings let the value be saved but
need an explanation before it is submitted (a stock below the last approved value, a change
beyond ±50 % from the previous period, far from the year's target).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from innocounty.core.messages import N_, Message, text
from innocounty.core.schema import Direction, MeasureType

# How far from the year's target a value may fall (as a share of the target) before it is
# flagged: below 80 % of a higher-is-better target, above 120 % of a lower-is-better one.
TARGET_WARNING_SHARE = Decimal("0.8")
CHANGE_WARNING_SHARE = Decimal("0.5")

NOT_A_NUMBER = N_("“{text}”不是数字")
NEGATIVE = N_("不能为负数")
SHARE_RANGE = N_("百分比应在 0 到 100 之间")
TOO_MANY_DECIMALS = N_("最多保留 {decimals} 位小数")
ZERO_DENOMINATOR = N_("分母不能为 0")
RATIO_MISMATCH = N_("填报值 {value} 与分子 ÷ 分母计算结果 {computed} 不一致")
HALF_RATIO = N_("分子和分母需同时填写")
STOCK_DROPPED = N_("存量指标低于上次审核值 {previous}")
BIG_CHANGE = N_("与上期值 {previous} 相比变化 {change}%，超过 ±50%")
FAR_FROM_TARGET = N_("与 {year} 年目标 {target} 差距较大")
TOO_LARGE = N_("数值过大（绝对值应小于 10 的 15 次方）")
DENOMINATOR_SCALE = N_(
    "分母 {denominator} 与上次审核的分母 {previous} 相差约 {times} 倍，请核对分母的单位（{unit}）"
)
DENOMINATOR_RANGE = N_(
    "分母 {denominator}{unit} 不在通常范围 {low}–{high}{unit} 内，请核对分母的单位"
)
# The warnings a value keeps (as Chinese text) until it is reviewed; `warning_message` reads one
# back so that a page can show it in its reader's language.
WARNINGS = (STOCK_DROPPED, BIG_CHANGE, FAR_FROM_TARGET, DENOMINATOR_SCALE, DENOMINATOR_RANGE)
# The errors `check_value` reports (as Chinese text); `error_message` reads one back likewise.
ERRORS = (
    NOT_A_NUMBER,
    NEGATIVE,
    SHARE_RANGE,
    TOO_MANY_DECIMALS,
    ZERO_DENOMINATOR,
    RATIO_MISMATCH,
    HALF_RATIO,
    TOO_LARGE,
)

# A denominator this many times larger or smaller than the last approved one was typed in
# another unit (人 for 万人 is 10 000 times): it needs an explanation.
DENOMINATOR_SCALE_TIMES = Decimal(1000)

# The database keeps 24 digits, 8 of them after the point.
MAX_ABS = Decimal(10) ** 15


@dataclass(frozen=True)
class IndicatorRules:
    """What the checks need to know about an indicator."""

    decimals: int
    unit: str = ""
    measure_type: MeasureType = MeasureType.STOCK
    direction: Direction = Direction.HIGHER
    allow_negative: bool = False
    factor: Decimal | None = None  # the plan's numerator ÷ denominator × factor, when stated
    denominator_unit: str = ""
    denominator_range: tuple[Decimal, Decimal] | None = None

    @property
    def is_share(self) -> bool:
        return self.unit.strip() in ("%", "\uff05")

    @property
    def ratio_factor(self) -> Decimal:
        """numerator ÷ denominator × factor gives the value: the plan's factor when it states
        one, else 100 for % and 10000 for 每万 (a denominator counted in people)."""
        if self.factor is not None:
            return self.factor
        unit = self.unit.strip()
        if unit in ("%", "\uff05"):
            return Decimal(100)
        if unit.endswith("/万人"):  # 人/万人, 件/万人; not 吨标准煤/万元
            return Decimal(10000)
        return Decimal(1)


@dataclass
class Checked:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)  # field → messages
    warnings: list[str] = field(default_factory=list)

    def error(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_number(text: str | Decimal | int | float | None) -> Decimal | None:
    """Read a number as people type it: spaces, thousands separators and full-width digits."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float) and not isinstance(text, bool):
        return Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
    cleaned = str(text).strip().translate(_FULL_WIDTH).replace(",", "").replace(" ", "")
    if cleaned == "":
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER.format(text=str(text).strip())) from None
    if not number.is_finite():
        raise ValueError(NOT_A_NUMBER.format(text=str(text).strip()))
    return number


# Full-width digits and signs, as typed with a Chinese input method.
_FULL_WIDTH = str.maketrans(
    {0xFF10 + i: str(i) for i in range(10)} | {0xFF0E: ".", 0xFF0D: "-", 0xFF0C: ","}
)


def decimals_of(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_value(
    rules: IndicatorRules,
    *,
    value: str | Decimal | None,
    numerator: str | Decimal | None = None,
    denominator: str | Decimal | None = None,
    last_approved: Decimal | None = None,
    previous: Decimal | None = None,
    target: Decimal | None = None,
    target_year: int | None = None,
    last_denominator: Decimal | None = None,
) -> Checked:
    """Check one value; every problem is reported, none stops the others from being found.

    For a ratio with numerator and denominator the value is computed and kept exact (never
    rounded before comparing); a typed value must agree with it to the indicator's decimals,
    and the computed value is then the one kept, so a value the system computed itself (also
    when sent back, e.g. at submission) never fails the decimals check.
    """
    result = Checked()
    for name, raw in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        try:
            setattr(result, name, parse_number(raw))
        except ValueError as exc:
            result.error(name, str(exc))

    if result.numerator is not None or result.denominator is not None:
        if result.numerator is None or result.denominator is None:
            if "numerator" not in result.errors and "denominator" not in result.errors:
                result.error(
                    "denominator" if result.denominator is None else "numerator", HALF_RATIO
                )
        elif result.denominator == 0:
            result.error("denominator", ZERO_DENOMINATOR)
        else:
            computed = result.numerator / result.denominator * rules.ratio_factor
            if result.value is None:
                result.value = computed
            else:
                step = Decimal(1).scaleb(-rules.decimals)
                # Stored values keep 8 decimal places: a stored computed value agrees too.
                if abs(computed - result.value) > max(step / 2, Decimal("0.000000005")):
                    shown = computed.quantize(step)
                    result.error("value", RATIO_MISMATCH.format(value=result.value, computed=shown))
                else:
                    result.value = computed
            if result.value == computed:
                _check_denominator(rules, result, last_denominator)

    number = result.value
    if number is None:
        return result
    typed = number if value not in (None, "") and result.denominator is None else None
    if number < 0 and not rules.allow_negative:
        result.error("value", NEGATIVE)
    for name in ("value", "numerator", "denominator"):
        part = getattr(result, name)
        if part is not None and abs(part) >= MAX_ABS:
            result.error(name, TOO_LARGE)
    for name in ("numerator", "denominator"):
        part = getattr(result, name)
        if part is not None and part < 0:
            result.error(name, NEGATIVE)
    if rules.is_share and not (0 <= number <= 100):
        result.error("value", SHARE_RANGE)
    if typed is not None and decimals_of(typed) > rules.decimals:
        result.error("value", TOO_MANY_DECIMALS.format(decimals=rules.decimals))

    if rules.measure_type == MeasureType.STOCK and last_approved is not None:
        if number < last_approved:
            result.warnings.append(STOCK_DROPPED.format(previous=_plain(last_approved)))
    if previous is not None and previous != 0:
        change = (number - previous) / abs(previous)
        if abs(change) > CHANGE_WARNING_SHARE:
            percent = (change * 100).quantize(Decimal("0.1"))
            result.warnings.append(BIG_CHANGE.format(previous=_plain(previous), change=percent))
    if target is not None and target > 0:
        if rules.direction == Direction.HIGHER:
            far = number < target * TARGET_WARNING_SHARE
        else:
            far = number > target * (2 - TARGET_WARNING_SHARE)
        if far:
            result.warnings.append(FAR_FROM_TARGET.format(year=target_year, target=_plain(target)))
    return result


def _check_denominator(rules: IndicatorRules, result: Checked, last: Decimal | None) -> None:
    """Warn when the denominator looks typed in another unit (人 for 万人)."""
    denominator = result.denominator
    if denominator is None or denominator <= 0:
        return
    if last is not None and last > 0:
        times = max(denominator / last, last / denominator)
        if times >= DENOMINATOR_SCALE_TIMES:
            result.warnings.append(
                DENOMINATOR_SCALE.format(
                    denominator=_plain(denominator),
                    previous=_plain(last),
                    times=f"{times.quantize(1):,}",
                    unit=rules.denominator_unit or "—",
                )
            )
        return
    if rules.denominator_range is not None:
        low, high = rules.denominator_range
        if not low <= denominator <= high:
            result.warnings.append(
                DENOMINATOR_RANGE.format(
                    denominator=_plain(denominator),
                    unit=rules.denominator_unit,
                    low=_plain(low),
                    high=_plain(high),
                )
            )


def _plain(number: Decimal) -> str:
    normal = number.normalize()
    return str(normal.quantize(1)) if normal == normal.to_integral_value() else format(normal, "f")


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching `template` formatted, one group per placeholder."""
    seen: set[str] = set()
    parts = []
    for piece in re.split(r"(\{\w+\})", template):
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name is None:
            parts.append(re.escape(piece))
        elif name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))


_PATTERNS = [(template, _pattern(template)) for template in WARNINGS + ERRORS]


def warning_message(warning: str) -> Message:
    """A stored warning, or an error of `check_value`, as the `Message` it was formatted from
    (else the text, untranslated)."""
    for template, pattern in _PATTERNS:
        if m := pattern.fullmatch(warning):
            return Message(template, m.groupdict())
    return text(warning)


error_message = warning_message
