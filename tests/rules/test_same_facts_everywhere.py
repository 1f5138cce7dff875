"""Every page and the bulletin tell the same facts for a period, and they are the engine's
(issue 12, "Tests"; issue 15, item 1 for milestones).

For a period (given, or the default a page picks) and a frozen day:

- the cockpit's light counts equal the monitoring table's statuses counted, and the bulletin's
  status counts (snapshot and Word overview);
- every status shown for an indicator (cockpit lagging list, monitoring table, indicator page,
  bulletin snapshot and Word table) or a task (cockpit lagging list, task board, task page,
  bulletin snapshot and Word task summary) equals the engine's.

Expected values are not read through the code under test: the pages and the Word file are
parsed, and the reference is `core.engine.evaluate_plan` run on facts this module gathers
itself — the approved values (latest approved version per indicator and period), the lead
reports with the documented "which report counts" and "stale report" rules, the milestones —
and the default period worked out from its documented rule.

Random data (hypothesis, derandomized so CI runs the same examples every time) on the small
plan (2024–2026, base year 2023): approved, corrected and unapproved values, rounds open or
closed, lead reports in every state, milestones confirmed or not, done on time, late or not
at all; frozen days before, during and after the plan; periods from the base year to the
final year, or the default. The demo data (`innocounty demo`) is checked the same way.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from docx import Document
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from lxml import html as lxml_html

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.services import bulletin_create
from innocounty.core import schema
from innocounty.core.engine import PlanEvaluation, evaluate_plan, plan_data
from innocounty.core.milestones import MilestoneFacts
from innocounty.core.scorecard import TaskProgress, TaskStatus
from innocounty.plans.hooks import plan_changed
from innocounty.reporting.models import Round, TaskReport, Value
from innocounty.supervision.models import Milestone

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    # Each example renders every page: shrinking would take minutes, the example is printed.
    phases=(Phase.explicit, Phase.generate),
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Labels as a reader sees them (zh), written out here rather than imported.
INDICATOR_LABELS = {
    "met": "已达标",
    "on_track": "正常",
    "behind": "滞后",
    "seriously_behind": "严重滞后",
    "no_data": "无数据",
}
TASK_LABELS = {
    "completed": "已完成",
    "on_track": "正常推进",
    "behind": "滞后",
    "seriously_behind": "严重滞后",
    "not_reported": "未报送",
}
LIGHTS = {
    "met": "green",
    "on_track": "green",
    "behind": "amber",
    "seriously_behind": "red",
    "no_data": "grey",
}


# --- the facts, gathered here ----------------------------------------------------------------


@dataclass
class Report:
    task: int
    period: str
    state: str
    percent: int | None


@dataclass
class World:
    """What the reference evaluation is computed from."""

    plan: schema.Plan
    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # approved only
    reports: list[Report] = field(default_factory=list)  # lead reports
    rounds: list[tuple[str, dt.date, bool]] = field(
        default_factory=list
    )  # period, deadline, closed
    milestones: dict[int, list[MilestoneFacts]] = field(default_factory=dict)


def _year_end(period: str) -> tuple[int, int]:
    """(year, month) a period ends: 2024 → (2024, 12), 2024Q3 → (2024, 9), 2024-07 → (2024, 7)."""
    if "Q" in period:
        year, q = period.split("Q")
        return int(year), int(q) * 3
    if "-" in period:
        year, month = period.split("-")
        return int(year), int(month)
    return int(period), 12


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def expected_default_period(world: World, today: dt.date) -> str:
    """The documented default: the final year once the plan is over; else the latest period
    within the plan with approved data (a value or a lead report) that has ended by today;
    else the latest month ended by today."""
    plan = world.plan
    if today.year > plan.end_year:
        return str(plan.end_year)
    found = {p for series in world.values.values() for p in series}
    found |= {r.period for r in world.reports if r.state == "approved"}
    ended = [
        p
        for p in found
        if plan.start_year <= _year_end(p)[0] <= plan.end_year and _last_day(*_year_end(p)) <= today
    ]
    if ended:
        year, month = max(_year_end(p) for p in ended)
        return str(year) if month == 12 else f"{year}-{month:02d}"
    month = today.replace(day=1) - dt.timedelta(days=1)
    if (today + dt.timedelta(days=1)).day == 1:
        month = today
    return f"{month.year}-{month.month:02d}"


def _task_status(percent: int | None, period: str, plan: schema.Plan) -> TaskStatus:
    """The documented mapping: 100 % completed; else against the share of the plan elapsed at
    the end of the report's period (≥ 95 % on track, ≥ 80 % behind, below seriously)."""
    if percent is None:
        return TaskStatus.ON_TRACK
    if percent >= 100:
        return TaskStatus.COMPLETED
    year, month = _year_end(period)
    months = (plan.end_year - plan.start_year + 1) * 12
    elapsed = min(max((year - plan.start_year) * 12 + month, 0), months)
    if elapsed == 0:
        return TaskStatus.ON_TRACK
    ratio = Decimal(percent) * months / (Decimal(elapsed) * 100)
    if ratio >= Decimal("0.95"):
        return TaskStatus.ON_TRACK
    if ratio >= Decimal("0.80"):
        return TaskStatus.BEHIND
    return TaskStatus.SERIOUSLY_BEHIND


def expected_evaluation(world: World, *, today: dt.date, period: str) -> PlanEvaluation:
    """The engine run directly on the gathered facts (see the module docstring)."""
    plan = world.plan
    limit = _year_end(period)
    tasks = []
    due = [
        _year_end(p)
        for p, deadline, closed in world.rounds
        if (closed or deadline < today) and _year_end(p) <= limit
    ]
    due_end = max(due) if due else None
    for task in plan.tasks():
        mine = [r for r in world.reports if r.task == task.number and _year_end(r.period) <= limit]
        counted = None
        for state in ("approved", "submitted"):
            chosen = [r for r in mine if r.state == state]
            if chosen:
                # At most one lead report per task and round here: the latest period counts.
                counted = max(chosen, key=lambda r: _year_end(r.period))
                break
        status = TaskStatus.NOT_REPORTED
        if counted is not None:
            status = _task_status(counted.percent, counted.period, plan)
            if due_end is not None and not any(
                r.state in ("approved", "submitted") and due_end <= _year_end(r.period)
                for r in mine
            ):
                status = TaskStatus.NOT_REPORTED
        tasks.append(
            TaskProgress(
                number=task.number,
                title=task.title,
                units=tuple(dict.fromkeys([*task.lead_units, *task.responsible_units])),
                status=status,
                percent=None
                if counted is None or counted.percent is None
                else Decimal(counted.percent),
                period=None if counted is None else counted.period,
                lead_units=tuple(task.lead_units),
                milestones=tuple(world.milestones.get(task.number, ())),
            )
        )
    data = plan_data(plan, world.values, tasks=tasks)
    return evaluate_plan(data, today=today, period=period)


def world_from_database(plan_model, plan: schema.Plan) -> World:
    """The facts of a plan read with plain queries (for the demo data)."""
    world = World(plan)
    latest: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for code, period, version, value in Value.objects.filter(
        indicator__plan=plan_model, state="approved", value__isnull=False
    ).values_list("indicator__code", "period", "version", "value"):
        if (code, period) not in latest or version > latest[(code, period)][0]:
            latest[(code, period)] = (version, value)
    for (code, period), (_version, value) in latest.items():
        world.values.setdefault(code, {})[period] = value
    best: dict[tuple[int, str, str], tuple[int, Report]] = {}
    for number, period, unit, state, version, percent in TaskReport.objects.filter(
        round__plan=plan_model, role="lead"
    ).values_list("task__number", "round__period", "unit_id", "state", "version", "percent"):
        key = (number, period, unit)
        if key not in best or version > best[key][0]:
            best[key] = (version, Report(number, period, state, percent))
    counts = Counter((number, period) for number, period, _unit in best)
    assert max(counts.values(), default=1) == 1, "one lead unit per task in the demo"
    world.reports = [report for _version, report in best.values()]
    world.rounds = [
        (p, d, s == "closed")
        for p, d, s, tasks in Round.objects.filter(plan=plan_model).values_list(
            "period", "deadline", "status", "include_tasks"
        )
        if tasks
    ]
    for number, title, due, done_on, confirmed in Milestone.objects.filter(
        task__plan=plan_model
    ).values_list("task__number", "title", "due", "done_on", "confirmed_at"):
        facts = MilestoneFacts(title, due, done_on, confirmed is not None)
        world.milestones.setdefault(number, []).append(facts)
    return world


# --- what the pages and the bulletin show -----------------------------------------------------


def _tree(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def _status_class(element, prefix: str) -> str:
    """`status-behind` → `behind`; `task-status task-behind` → `behind`."""
    found = [c[len(prefix) :] for c in element.get("class", "").split() if c.startswith(prefix)]
    return [c for c in found if c != "status"][-1]


def _text(element) -> str:
    return "".join(element.itertext()).strip()


def _sample(statuses: dict, every: bool) -> dict:
    """All items, or (to keep the demo quick) the first item of each status."""
    if every:
        return statuses
    firsts: dict = {}
    for key, status in statuses.items():
        firsts.setdefault(status, key)
    return {key: statuses[key] for key in firsts.values()}


def check_everything(
    client: Client, plan_key: str, world: World, *, today: dt.date, period, every: bool = True
):
    """Fetch every page as of `period` (None: the default) on `today` and compare (module).
    `every=False` opens one indicator page and one task page per status shown."""
    shown_period = period or expected_default_period(world, today)
    ref = expected_evaluation(world, today=today, period=shown_period)
    if currently_in_test_context():  # what the examples cover: --hypothesis-show-statistics
        event(f"tasks behind by a milestone: {sum(1 for t in ref.tasks if t.missed)}")
        event(f"statuses: {sorted({str(r.status.status) for r in ref.indicators.values()})}")
    ind_status = {code: str(r.status.status) for code, r in ref.indicators.items()}
    task_status = {t.number: str(t.status) for t in ref.tasks}
    lights = Counter(LIGHTS[s] for s in ind_status.values())
    lagging = {(i.kind, i.code, i.label) for i in ref.lagging}
    query = {"period": period} if period else {}
    base = f"/monitor/{plan_key}"

    # The cockpit: its light counts and its lagging list.
    cockpit = _tree(client.get(f"{base}/", query))
    for light in ("red", "amber", "green", "grey"):
        [n] = cockpit.xpath(f'//*[@data-testid="light-{light}"]')
        assert int(_text(n)) == lights[light], (light, shown_period)
    rows = cockpit.xpath('//table[contains(@class, "lagging")]/tbody/tr')
    shown = set()
    for row in rows:
        href = row.xpath(".//td[2]/a[1]/@href")[0]
        kind, code = re.search(r"/(indicators|tasks)/([^/]+)/", href).groups()
        label = _text(row.xpath('.//span[contains(@class, "status")]')[0])
        shown.add(({"indicators": "indicator", "tasks": "task"}[kind], code, label))
    assert shown == lagging, shown_period

    # The monitoring table.
    table = _tree(client.get(f"{base}/indicators/", query))
    by_table = {}
    for row in table.xpath('//table[contains(@class, "grid")]/tbody/tr[td[2]/a]'):
        code = re.search(r"/indicators/([^/]+)/", row.xpath(".//td[2]/a/@href")[0]).group(1)
        span = row.xpath(".//td[6]/span")[0]
        by_table[code] = _status_class(span, "status-")
        assert _text(span) == INDICATOR_LABELS[by_table[code]]
    assert by_table == ind_status, shown_period
    assert Counter(LIGHTS[s] for s in by_table.values()) == lights

    # Each indicator's page.
    for code, status in _sample(ind_status, every).items():
        page = _tree(client.get(f"{base}/indicators/{code}/", query))
        [span] = page.xpath('//*[@data-testid="status"]')
        assert (_status_class(span, "status-"), _text(span)) == (
            status,
            INDICATOR_LABELS[status],
        ), code

    # The task board and each task's page.
    board = _tree(client.get(f"{base}/tasks/", query))
    by_board = {}
    for row in board.xpath('//table[contains(@class, "board")]/tbody/tr'):
        number = int(_text(row.xpath('.//td[@class="num"]')[0]))
        span = row.xpath('.//span[contains(@class, "task-status")]')[0]
        by_board[number] = _status_class(span, "task-")
        assert _text(span) == TASK_LABELS[by_board[number]]
    assert by_board == task_status, shown_period
    counts = {}
    for item in board.xpath('//ul[@class="task-counts"]/li'):
        code = _status_class(item.xpath("./span")[0], "task-")
        counts[code] = int(_text(item.xpath("./strong")[0]))
    assert {k: v for k, v in counts.items() if v} == dict(Counter(task_status.values()))
    for number, status in _sample(task_status, every).items():
        page = _tree(client.get(f"{base}/tasks/{number}/", query))
        [span] = page.xpath('//*[@data-testid="status"]')
        assert (_status_class(span, "task-"), _text(span)) == (status, TASK_LABELS[status])

    # The bulletin for the period the pages showed: its snapshot and its Word file.
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    bulletin = bulletin_create(plan=bulletin_plan(plan_key), period=shown_period, now=now)
    snap = bulletin.snapshot
    assert snap["period"] == ref.period
    assert {code: n for code, _label, n in snap["status_counts"] if n} == dict(
        Counter(ind_status.values())
    )
    assert {i["code"]: i["status"] for i in snap["indicators"]} == ind_status
    assert {t["number"]: t["status"] for p in snap["programs"] for t in p["tasks"]} == task_status
    assert {(i["kind"], i["code"], i["label"]) for i in snap["lagging"]} == lagging
    doc = Document(io.BytesIO(bulletin_docx(bulletin, font=None)[0]))  # no charts: faster
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows[1:]]
    codes = list(ref.indicators)
    assert [row[6] for row in cells] == [INDICATOR_LABELS[ind_status[c]] for c in codes]
    text = "\n".join(p.text for p in doc.paragraphs)
    for program in world.plan.programs:
        by = Counter(TASK_LABELS[task_status[t.number]] for t in program.tasks)
        summary = "、".join(f"{label}{by[label]}项" for label in TASK_LABELS.values() if by[label])
        assert f"{program.title}。{len(program.tasks)}项重点任务中，{summary}。" in text
    if snap["has_data"]:
        n = Counter(ind_status.values())
        assert (
            f"已达标{n['met']}项、正常推进{n['on_track']}项、滞后{n['behind']}项、"
            f"严重滞后{n['seriously_behind']}项、暂无数据{n['no_data']}项。"
        ) in text
    bulletin.delete()


def bulletin_plan(key: str):
    from innocounty.plans.models import Plan

    return Plan.objects.get(key=key)


# --- random data on the small plan ------------------------------------------------------------

YEARS = [2023, 2024, 2025, 2026]
# Frozen days (the first ones are drawn most: they have the most to show).
DAYS = [
    dt.date(2025, 7, 1),  # a day after a milestone's due day
    dt.date(2026, 4, 1),
    dt.date(2027, 2, 1),  # after the plan: final assessment
    dt.date(2024, 7, 15),
    dt.date(2025, 6, 30),  # a milestone's due day
    dt.date(2023, 10, 10),  # before the plan
]
DUES = [dt.date(2025, 6, 30), dt.date(2024, 6, 30), dt.date(2025, 12, 31), dt.date(2026, 3, 31)]

# Every slot gets a draw (the first choice is the one hypothesis starts from and shrinks to),
# so that most examples have values, reports and milestones that matter.
value_kind = st.sampled_from(["approved", "corrected", "none", "submitted", "draft", "returned"])
report_state = st.sampled_from(["approved", "submitted", "none", "draft", "returned"])
percent = st.one_of(st.integers(min_value=0, max_value=100), st.none())
milestone = st.tuples(
    st.sampled_from(DUES),
    st.booleans().map(lambda b: not b),  # confirmed (True first)
    st.sampled_from([None, -5, 0, 5]),  # done how many days after the due date
)
CODES = ["N01", "S01"]
TASKS = [1, 2, 3]
worlds = st.fixed_dictionaries(
    {
        "values": st.fixed_dictionaries(
            {
                (code, year): st.tuples(value_kind, st.integers(min_value=1, max_value=400))
                for code in CODES
                for year in YEARS
            }
        ),
        "rounds": st.fixed_dictionaries(
            {year: st.sampled_from(["closed", "open", "none"]) for year in YEARS}
        ),
        "reports": st.fixed_dictionaries(
            {(number, year): st.tuples(report_state, percent) for number in TASKS for year in YEARS}
        ),
        "milestones": st.fixed_dictionaries(
            {number: st.lists(milestone, min_size=1, max_size=2) for number in TASKS}
        ),
        "day": st.sampled_from(DAYS),
        "period": st.sampled_from(["2025", None, "2024", "2026", "2023"]),
    }
)
# A number typed for each indicator: N01 a percentage around 2–3, S01 an energy ratio ~0.4–0.6.
SCALE = {"N01": lambda n: Decimal(n) / 100 + 1, "S01": lambda n: Decimal(n) / 1000 + Decimal("0.3")}


def build(small_plan, small_plan_data, drawn) -> World:
    """Write the drawn data with plain ORM calls and return the facts it amounts to."""
    world = World(small_plan_data)
    units = {u.name: u for u in small_plan.units.all()}
    indicators = {i.code: i for i in small_plan.indicators.all()}
    tasks = {t.number: t for t in small_plan.tasks.all()}
    leads = {t.number: t.lead_units[0] for t in small_plan_data.tasks()}
    responsible = {i.code: i.responsible_units[0] for i in small_plan_data.indicators}
    rounds = {}
    for year, status in drawn["rounds"].items():
        if status == "none":
            continue
        deadline = dt.date(year + 1, 3, 31)
        rounds[year] = Round.objects.create(
            plan=small_plan, period=str(year), title=f"{year}年", deadline=deadline, status=status
        )
        world.rounds.append((str(year), deadline, status == "closed"))
    for (code, year), (kind, n) in drawn["values"].items():
        if kind == "none":
            continue
        unit = units[responsible[code]]
        number = SCALE[code](n)
        common = {"indicator": indicators[code], "period": str(year), "unit": unit}
        if kind in ("approved", "corrected"):
            Value.objects.create(**common, value=number, state="approved", version=1)
            world.values.setdefault(code, {})[str(year)] = number
            if kind == "corrected":  # a correction under way: the approved one still counts
                Value.objects.create(**common, value=number * 2, state="submitted", version=2)
        else:
            Value.objects.create(**common, value=number, state=kind, version=1)
    for (number, year), (state, pct) in drawn["reports"].items():
        if state == "none" or year not in rounds:
            continue
        TaskReport.objects.create(
            round=rounds[year],
            task=tasks[number],
            unit=units[leads[number]],
            role="lead",
            state=state,
            version=1,
            percent=pct,
            progress="随机进展",
        )
        world.reports.append(Report(number, str(year), state, pct))
    confirmed_at = timezone.make_aware(dt.datetime(2023, 1, 1))
    for number, drawn_milestones in drawn["milestones"].items():
        for i, (due, confirmed, late) in enumerate(drawn_milestones):
            done_on = None if late is None else due + dt.timedelta(days=late)
            title = f"节点{number}-{i}"
            Milestone.objects.create(
                task=tasks[number],
                year=due.year,
                title=title,
                due=due,
                unit=units[leads[number]],
                confirmed_at=confirmed_at if confirmed else None,
                done_on=done_on,
            )
            world.milestones.setdefault(number, []).append(
                MilestoneFacts(title, due, done_on, confirmed)
            )
    # Plain ORM writes bypass the services, which announce every change to the stored
    # results (monitor.results); announce this one the same way.
    plan_changed(plan_id=small_plan.pk)
    return world


def _clear(plan) -> None:
    Milestone.objects.filter(task__plan=plan).delete()
    TaskReport.objects.filter(round__plan=plan).delete()
    Value.objects.filter(indicator__plan=plan).delete()
    Round.objects.filter(plan=plan).delete()


@settings(PROPERTY, max_examples=25)
@given(drawn=worlds)
def test_random_data_shows_the_same_facts_everywhere(
    small_plan, small_plan_data, leader_user, drawn
):
    _clear(small_plan)
    world = build(small_plan, small_plan_data, drawn)
    day = drawn["day"]
    with time_machine.travel(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC), tick=False):
        client = Client()
        client.force_login(leader_user)
        check_everything(client, small_plan.key, world, today=day, period=drawn["period"])


# --- the demo data ----------------------------------------------------------------------------


@pytest.fixture
def seeded(qianjiang, qianjiang_data):
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create
    from innocounty.supervision.demo import demo_supervision_create

    demo_accounts_create(plan=qianjiang)
    demo_reporting_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    demo_supervision_create(plan=qianjiang, today=dt.date(2026, 11, 28))
    return qianjiang


def test_the_demo_shows_the_same_facts_everywhere(seeded, qianjiang_data):
    world = world_from_database(seeded, qianjiang_data)
    assert world.values and world.reports and world.milestones
    for day, period in [
        (dt.date(2026, 11, 28), None),  # after the plan: its final year
        (dt.date(2026, 11, 28), "2024"),
        (dt.date(2025, 8, 15), None),  # during the plan: the latest period with data
    ]:
        at = dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC)
        with time_machine.travel(at, tick=False):
            client = Client()
            client.force_login(User.objects.get(username="leader"))
            check_everything(client, seeded.key, world, today=day, period=period, every=False)
