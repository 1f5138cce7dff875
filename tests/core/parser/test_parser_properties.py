"""Property tests: arbitrary text never breaks the parser; a damaged seed keeps intact tasks."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innocounty.core.parser import ParseError, parse_text
from innocounty.core.parser.regenerate import PLANS_DIR

SEED_LINES = (PLANS_DIR / "qianjiang-2023.source.txt").read_text(encoding="utf-8").splitlines()
TASK_LINE = re.compile(r"^(\d{1,2})\.")
# The seed's task paragraphs (lines 68–132), where "N." starts a task.
TASK_INDEXES = {i for i, line in enumerate(SEED_LINES) if 66 <= i <= 132 and TASK_LINE.match(line)}
ALPHABET = st.sampled_from(
    list(
        "一二三四五六、()()[]:;,。.0123456789\t\n 市县区局委办各镇街道牵头责任单位附件指标年目标值考核达%亿万元"
    )
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.text(alphabet=ALPHABET, max_size=400)))
def test_arbitrary_text_raises_nothing_but_parse_error(text: str) -> None:
    try:
        plan = parse_text(text)
    except ParseError as exc:
        assert "\n" not in str(exc)
    else:
        assert plan.key


PUNCTUATION_SWAPS = {"(": "(", ")": ")", ":": ":", ";": ";", ",": ","}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    deleted=st.sets(st.integers(0, len(SEED_LINES) - 1), max_size=40),
    widened=st.sets(st.integers(0, len(SEED_LINES) - 1), max_size=60),
    shuffled=st.sets(st.integers(0, len(SEED_LINES) - 1), max_size=20),
    seed=st.randoms(use_true_random=False),
)
def test_a_damaged_seed_still_gives_every_intact_task(
    deleted: set[int], widened: set[int], shuffled: set[int], seed
) -> None:
    """Deleted lines, full-width brackets and shuffled punctuation on other lines."""
    reference = {t.number: t for t in parse_text("\n".join(SEED_LINES)).tasks()}
    lines: list[str] = []
    kept: set[int] = set()
    for i, line in enumerate(SEED_LINES):
        if i in deleted:
            continue
        if i in shuffled:
            chars = list(line)
            spots = [j for j, c in enumerate(chars) if c in ",。;:、"]
            values = [chars[j] for j in spots]
            seed.shuffle(values)
            for j, c in zip(spots, values, strict=True):
                chars[j] = c
            line = "".join(chars)
        elif i in widened:
            line = "".join(PUNCTUATION_SWAPS.get(c, c) for c in line)
        if i in TASK_INDEXES and i not in shuffled:
            kept.add(i)
        lines.append(line)
    intact = {int(TASK_LINE.match(SEED_LINES[i]).group(1)) for i in TASK_INDEXES if i in kept}
    try:
        tasks = {t.number: t for t in parse_text("\n".join(lines)).tasks()}
    except ParseError:
        tasks = {}
    for number in intact & set(reference):
        assert number in tasks, f"任务 {number} 丢失"
        got, want = tasks[number], reference[number]
        assert (got.lead_units, got.responsible_units) == (
            want.lead_units,
            want.responsible_units,
        )
        assert got.title == want.title
