"""Parser benchmark: the seed (target < 50 ms), a 1 MB document (< 2 s), peak memory (< 200 MB).

    python bench/parse_bench.py

Last measured (2026-11, dev container, Python 3.11): seed 10.7 ms median; 1.01 MB document
(999 tasks) 0.14 s median; peak traced memory 7.0 MB, process max RSS 46 MB.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from innocounty.core.parser import parse_file
from innocounty.core.parser.regenerate import PLANS_DIR

SEED = PLANS_DIR / "qianjiang-2023.source.txt"


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
