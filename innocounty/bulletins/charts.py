"""The bulletin's charts as PNG, drawn with matplotlib from the stored snapshot.

Headless (the Agg canvas, no pyplot) and deterministic: no timestamp or software name in
the PNG, fixed size and resolution, so the same snapshot gives the same bytes. Chinese text
needs a CJK font; `find_cjk_font` looks for one among the fonts matplotlib sees (Debian:
fonts-noto-cjk). Without one there are no charts: the document says so and the caller warns,
rather than drawing empty boxes in place of the characters.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from innocounty.bulletins.snapshot import BulletinSnapshot

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

from innocounty.core.evaluation import STATUS_COLOURS

# Families tried in order; the first one installed is used.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
)
NO_FONT_SENTENCE = "（本机未安装中文字体，图表从略。）"
NO_FONT_WARNING = "未找到中文字体（如 fonts-noto-cjk），通报中不含图表。"
DPI = 150


def find_cjk_font() -> str | None:
    """The family name of an installed font with Chinese characters, or None."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _figure(width_cm: float, height_cm: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _rc(font: str) -> dict[RcKeyType, Any]:
    return {
        "font.family": [font],
        "font.size": 9,
        "axes.unicode_minus": False,
        "svg.hashsalt": "innocounty",
        "path.simplify": True,
    }


def index_trend_png(snapshot: BulletinSnapshot, *, font: str) -> bytes | None:
    """The overall index per year as a line against the 100 (考核值) level; None without data."""
    import matplotlib

    points = [(year, value) for year, value in snapshot["index_trend"] if value is not None]
    if not points:
        return None
    with matplotlib.rc_context(_rc(font)):
        figure = _figure(15, 7)
        ax = figure.add_subplot()
        years = [str(y) for y, _v in points]
        values = [v for _y, v in points]
        ax.plot(years, values, marker="o", linewidth=2, color="#174a8b", label="综合创新指数")
        ax.axhline(100, linestyle="--", linewidth=1, color="#5b6475", label="考核值水平（100）")
        for x, y in zip(years, values, strict=True):
            ax.annotate(f"{y:.1f}", (x, y), textcoords="offset points", xytext=(0, 6), ha="center")
        ax.set_title("综合创新指数走势")
        ax.set_ylabel("指数")
        ax.grid(axis="y", linewidth=0.3)
        ax.legend(loc="lower right", frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        figure.tight_layout()
        return _png(figure)


def status_png(snapshot: BulletinSnapshot, *, font: str) -> bytes | None:
    """Indicators by status as horizontal bars; None when there are no indicators."""
    import matplotlib

    rows = [(key, label, n) for key, label, n in snapshot["status_counts"]]
    if not sum(n for _k, _l, n in rows):
        return None
    with matplotlib.rc_context(_rc(font)):
        figure = _figure(15, 6)
        ax = figure.add_subplot()
        labels = [label for _k, label, _n in rows]
        counts = [n for _k, _l, n in rows]
        bars = ax.barh(
            labels, counts, color=[STATUS_COLOURS.get(k, "#174a8b") for k, _l, _n in rows]
        )
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[f"{n}项" for n in counts], padding=3)
        ax.set_title("指标状态分布")
        ax.set_xlabel("指标数（项）")
        ax.set_xlim(0, max(counts) * 1.2 + 1)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        figure.tight_layout()
        return _png(figure)


def chart_images(snapshot: BulletinSnapshot, *, font: str | None) -> list[tuple[str, bytes]]:
    """(caption, PNG) for each chart the snapshot has data for; empty without a font."""
    if font is None:
        return []
    charts = [
        ("图1 综合创新指数走势", index_trend_png(snapshot, font=font)),
        ("图2 指标状态分布", status_png(snapshot, font=font)),
    ]
    return [(caption, png) for caption, png in charts if png is not None]
