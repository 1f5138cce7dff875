"""Properties of the demo data and of every page over it (issue 12, item 8 and "Tests"):
progress never falls, the words match the status, and the cockpit, the monitoring table, the
task board and the bulletin say the same thing for the same period as the engine."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from innocounty.bulletins.selectors import bulletin_snapshot
from innocounty.core.progress import task_status
from innocounty.core.scorecard import TaskStatus
from innocounty.monitor import selectors
from innocounty.reporting.demo import TASK_PROGRESS, demo_task_percent, demo_task_words
from innocounty.reporting.models import TaskReport

pytestmark = pytest.mark.django_db

WORDS = {
    TaskStatus.COMPLETED: TASK_PROGRESS["completed"],
    TaskStatus.ON_TRACK: TASK_PROGRESS["on_track"],
    TaskStatus.BEHIND: TASK_PROGRESS["behind"],
    TaskStatus.SERIOUSLY_BEHIND: TASK_PROGRESS["seriously_behind"],
}


@pytest.mark.parametrize("index", range(40))
@pytest.mark.parametrize(("start", "end"), [(2023, 2025), (2021, 2025), (2024, 2026)])
def test_demo_progress_never_falls_and_its_words_match_its_status(index, start, end):
    previous = -1
    for year in range(start, end + 1):
        percent = demo_task_percent(index, year, start_year=start, end_year=end)
        assert 0 <= percent <= 100
        assert percent >= previous
        previous = percent
        status = task_status(percent, str(year), start_year=start, end_year=end)
        assert demo_task_words(index, percent) == WORDS[status], (index, year, percent)


def test_the_seeded_demo_reports_rise_and_say_what_their_status_is(seeded):
    by_task: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    for r in TaskReport.objects.filter(round__plan=seeded, role="lead").select_related("round"):
        if r.percent is None:
            continue
        by_task[(r.task_id, r.unit_id)].append((r.round.period, r.percent))
        status = task_status(
            r.percent, r.round.period, start_year=seeded.start_year, end_year=seeded.end_year
        )
        assert r.progress == WORDS[status], (r.task_id, r.round.period, r.percent)
    assert by_task
    for points in by_task.values():
        percents = [p for _period, p in sorted(points)]
        assert percents == sorted(percents)


@pytest.mark.parametrize("period", ["2024", "2025"])
def test_cockpit_table_board_and_bulletin_agree_with_the_engine(client, seeded, period):
    leader = User.objects.get(username="leader")
    client.force_login(leader)
    now = timezone.make_aware(dt.datetime(2026, 11, 28, 12))
    snap = selectors.plan_snapshot(plan=seeded, period=period)
    evaluation = snap.evaluation
    engine_ind = {code: str(r.status.status) for code, r in evaluation.indicators.items()}
    engine_tasks = {t.number: str(t.status) for t in evaluation.tasks}

    # The monitoring table.
    table = client.get(reverse("monitor:indicator-list", args=[seeded.key]), {"period": period})
    shown = {r.series.code: str(r.status.status) for r, _u, _l in table.context["rows"]}
    assert shown == engine_ind
    # The cockpit's light counts are the table's.
    cockpit = client.get(reverse("monitor:cockpit", args=[seeded.key]), {"period": period})
    html = cockpit.content.decode()
    member = {str(st): light for light, sts in selectors.LIGHTS.items() for st in sts}
    lights = Counter(member[status] for status in shown.values())
    for light in ("red", "amber", "green", "grey"):
        match = re.search(rf'data-testid="light-{light}"[^>]*>([^<]*)<', html)
        assert match and match.group(1).strip() == str(lights[light]), light
    # The task board.
    board = client.get(reverse("monitor:task-board", args=[seeded.key]), {"period": period})
    counts = {str(code): n for code, _label, n in board.context["counts"]}
    assert counts == {str(s): n for s, n in Counter(engine_tasks.values()).items()} | {
        k: 0 for k in counts if k not in Counter(engine_tasks.values())
    }
    rows = {r["task"].number: r["status"] for _p, rs in board.context["groups"] for r in rs}
    assert rows == engine_tasks
    # The bulletin of the same period.
    bulletin = bulletin_snapshot(plan=seeded, period=period, now=now)
    assert {i["code"]: i["status"] for i in bulletin["indicators"]} == engine_ind
    assert {
        t["number"]: t["status"] for p in bulletin["programs"] for t in p["tasks"]
    } == engine_tasks
    # Every task page shows the engine's status.
    for number in (1, 4, 28):
        page = client.get(reverse("monitor:task", args=[seeded.key, number]), {"period": period})
        assert page.context["row"]["status"] == engine_tasks[number]
