"""The cockpit and the monitoring table print on A4 landscape, complete and legible.

Chromium prints each page to PDF; the PDF is checked for its page size and its text (every
indicator's name is on the printed pages: nothing is cut off at the right), and its pages are
turned into images under test-artifacts/print/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "print"
A4_LANDSCAPE_POINTS = (842, 595)


@pytest.fixture
def poppler():
    missing = [tool for tool in ("pdftotext", "pdfinfo", "pdftoppm") if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"required in CI but missing: {', '.join(missing)}")
        pytest.skip(f"not installed: {', '.join(missing)}")


@pytest.fixture
def seeded(qianjiang):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def _print(page, url: str, name: str) -> tuple[Path, str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)], check=True, timeout=60
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pdf, text


def _page_sizes(pdf: Path) -> list[tuple[int, int]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            numbers = line.split("size:")[1].split("pts")[0].split("x")
            sizes.append(tuple(round(float(n)) for n in numbers))
    return sizes


def _words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (x, y, text), from pdftotext's bounding boxes."""
    from xml.etree import ElementTree

    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    root = ElementTree.fromstring(xhtml)
    return [
        [(float(w.get("xMin")), float(w.get("yMin")), w.text or "") for w in page.iter(f"{ns}word")]
        for page in root.iter(f"{ns}page")
    ]


def _column_text(pdf: Path, header: str) -> str:
    """The text printed in the column under `header` on every page, top to bottom."""
    out = []
    for words in _words(pdf):
        heads = sorted(x for x, _, text in words if text in ("一级指标", header, "报告期"))
        if len(heads) < 3:
            continue
        left, right = heads[1] - 1, heads[2] - 1
        column = sorted((y, x, text) for x, y, text in words if left <= x < right)
        out.append("".join(text for _, _, text in column))
    return "".join(out)


def _rightmost(pdf: Path) -> float:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return max(float(part.split('"')[1]) for part in xhtml.split("xMax=")[1:])


def test_the_monitoring_table_prints_every_indicator_on_a4_landscape(
    page_factory, live_server, seeded, poppler
):
    page, _ = page_factory()
    login(page, live_server.url, "leader", "demo12345")
    pdf, text = _print(page, f"{live_server.url}/monitor/{seeded.key}/indicators/", "table")
    assert set(_page_sizes(pdf)) == {A4_LANDSCAPE_POINTS}
    column = _column_text(pdf, "二级指标")
    missing = [i.name for i in seeded.indicators.all() if "".join(i.name.split()) not in column]
    assert missing == []
    # The last column is on the page too, and nothing is printed past the right margin.
    assert "责任单位" in text
    assert _rightmost(pdf) <= A4_LANDSCAPE_POINTS[0] - 20


def test_the_cockpit_prints_its_charts_as_images_scaled_to_the_page(
    page_factory, live_server, seeded, poppler
):
    page, watch = page_factory()
    login(page, live_server.url, "leader", "demo12345")
    pdf, text = _print(page, f"{live_server.url}/monitor/{seeded.key}/", "cockpit")
    assert set(_page_sizes(pdf)) == {A4_LANDSCAPE_POINTS}
    charts = page.locator("[data-chart]").count()
    assert charts >= 3
    # Every chart has its print image, drawn (a real PNG) and no wider than the page's column.
    images = page.evaluate(
        """() => Array.from(document.querySelectorAll('img.chart-print')).map(img => ({
             src: img.src.slice(0, 22), width: img.getBoundingClientRect().width,
             column: img.parentElement.getBoundingClientRect().width}))"""
    )
    assert len(images) == charts
    for image in images:
        assert image["src"] == "data:image/png;base64,"
        assert 0 < image["width"] <= image["column"] + 1
    assert "综合创新指数" in text
    assert watch.errors == []
