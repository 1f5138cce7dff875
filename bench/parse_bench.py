"""Parser benchmark: the seed (target < 50 ms), a 1 MB document (< 2 s), peak memory (< 200 MB),
and a 100-page text PDF (< 3 s, < 300 MB; needs LibreOffice to make the PDF, poppler to read it).

    python bench/parse_bench.py

Last measured (2026-11, dev container, Python 3.11): seed 10.7 ms median; 1.01 MB document
(999 tasks) 0.14 s median; peak traced memory 7.0 MB, process max RSS 46 MB.
2026-11-29, same container under load (load average 8 on 2 cores): 103-page PDF (0.63 MB,
389 tasks) 1.79 s median; max RSS 72 MB for the parsing process and 32 MB for pdftotext;
seed 38.6 ms, 1 MB document 0.83 s (the load inflates every figure of that run).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from innocounty.core.parser import parse_file
from innocounty.core.parser.regenerate import PLANS_DIR

SEED = PLANS_DIR / "qianjiang-2023.source.txt"
MEMORY_PROBE = """
import resource, sys
from innocounty.core.parser import parse_file
parse_file(sys.argv[1])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(own, child)
"""


def big_document(size: int = 1024 * 1024) -> str:
    """The seed's task section repeated (renumbered) until the text reaches `size` bytes."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    head, tasks, tail = lines[:65], lines[65:133], lines[133:]
    out = list(head)
    number = 0
    while len("\n".join(out).encode()) < size - len("\n".join(tail).encode()):
        for line in tasks:
            if line[:1].isdigit() and "." in line[:4]:
                number += 1
                line = f"{number}.{line.split('.', 1)[1]}"
            out.append(line)
    return "\n".join(out + tail)


def timed(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_file(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def hundred_page_pdf(folder: Path, pages: int = 100) -> tuple[Path, int] | None:
    """A plan of about `pages` pages as a text PDF: the seed's tasks repeated, made by LibreOffice.

    Returns the PDF and its page count, or None when LibreOffice is not installed.
    """
    import shutil
    import subprocess

    import docx
    from pypdf import PdfReader

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    size = 330 * 1024
    for _ in range(4):
        document = docx.Document()
        for line in big_document(size).splitlines():
            document.add_paragraph(line)
        source = folder / "plan100.docx"
        document.save(source)
        subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        pdf = folder / "plan100.pdf"
        count = len(PdfReader(pdf).pages)
        if abs(count - pages) <= 3:
            break
        size = int(size * pages / count)
    return pdf, count


def main() -> int:
    parse_file(SEED)  # warm imports and caches
    seed_ms = timed(SEED, 20) * 1000
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.txt"
        big.write_text(big_document(), encoding="utf-8")
        big_s = timed(big, 3)
        tracemalloc.start()
        plan = parse_file(big)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size_mb = big.stat().st_size / 1048576
    with tempfile.TemporaryDirectory() as folder:
        made = hundred_page_pdf(Path(folder))
        if made is None:
            print("100-page PDF: skipped, LibreOffice (soffice) is not installed")
        else:
            pdf, pages = made
            pdf_s = timed(pdf, 3)
            pdf_plan = parse_file(pdf)
            # Memory in a fresh process: its own peak and that of pdftotext, its child.
            probe = subprocess.run(
                [sys.executable, "-c", MEMORY_PROBE, str(pdf)],
                check=True, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            own_mb, child_mb = (float(x) for x in probe.stdout.split())
            print(
                f"PDF ({pages} pages, {pdf.stat().st_size / 1048576:.2f} MB, "
                f"{len(pdf_plan.tasks())} tasks): {pdf_s:.2f} s median (target < 3 s); "
                f"max RSS {own_mb:.0f} MB for the parsing process, {child_mb:.0f} MB for "
                "pdftotext (target < 300 MB)"
            )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seed ({SEED.stat().st_size / 1024:.0f} KB): {seed_ms:.1f} ms median (target < 50 ms)")
    print(f"big ({size_mb:.2f} MB, {len(plan.tasks())} tasks): {big_s:.2f} s median (target < 2 s)")
    print(
        f"peak traced memory on big: {peak / 1048576:.1f} MB; process max RSS {rss_mb:.0f} MB"
        " (target < 200 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
