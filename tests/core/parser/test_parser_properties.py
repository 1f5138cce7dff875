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


# --- the readers added for issue 17: prose targets, run-together text, PDF layout, amendments

PROSE_ALPHABET = st.sampled_from(
    [
        *list(
            "(一二三四)方面。1234567890.、,;:——年不低于少至达到以上建成家个%万元亿全社会研发经费支出高新技术企业数 \n\t()"
        ),
        "2021年",
        "2.2021年",
        "不低于",
        "至少达到",
        "达到",
        "以上",
        "建成",
        "(一)创新投入方面。",
        "——到2026年,",
        "有 家",
        "4年内",
        "()",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PROSE_ALPHABET, max_size=120).map("".join))
def test_prose_and_run_together_text_raise_nothing_but_parse_error(text: str) -> None:
    for candidate in (
        f"某县创新型县建设实施方案\n二、主要目标\n{text}",
        text.replace("\n", " ") * 3,
    ):
        try:
            plan = parse_text(candidate)
        except ParseError as exc:
            assert "\n" not in str(exc)
        else:
            for indicator in plan.indicators:
                assert all(t.kind == "target" for t in indicator.targets)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("  \n一二三、1.(家)30统计部门创新投入县科技局")), max_size=600
    )
)
def test_the_pdf_layout_reader_and_the_flat_table_reader_never_raise(text: str) -> None:
    from innocounty.core.parser import flat, formats

    assert all("\n" not in line for line in formats.layout_lines(text))
    flat.indicator_rows(text, 1)
    flat.relines([(1, text)])


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_behind_a_pdf_header_give_a_parse_error_or_a_plan(tmp_path_factory, data) -> None:
    from innocounty.core.parser import parse_file

    path = tmp_path_factory.mktemp("pdf") / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n" + data)
    try:
        parse_file(path)
    except ParseError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=100, deadline=None)
@given(
    title=st.text(max_size=30),
    lead=st.text(max_size=30),
    indicator=st.text(max_size=20),
    year=st.integers(1900, 2200),
    value=st.text(max_size=10),
)
def test_amending_a_partial_plan_gives_a_plan_or_a_plan_edit_error(
    title, lead, indicator, year, value
) -> None:
    from innocounty.core.planedit import PlanEditError, add_target, add_task

    plan = parse_text(
        "某县创新型县建设实施方案(2024—2026年)\n二、主要目标\n(一)企业创新方面。1.2025年高新技术企业数达到30家。"
    )
    for change in (
        lambda p: add_task(p, title=title, lead_units=lead),
        lambda p: add_target(p, indicator=indicator, year=year, value=value),
    ):
        try:
            changed = change(plan)
        except PlanEditError as exc:
            assert "\n" not in str(exc)
        else:
            assert changed.key == plan.key
