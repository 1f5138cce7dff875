"""A missed milestone makes its task 滞后 on its own, everywhere the task's status shows: the
cockpit's lagging list, the bulletin (its Word text), the task board and the task page (issue
15, item 1). A milestone done on time changes nothing.

Task 1 (led by 县财政局) and task 3 (led by 县经信局) both reported 70 % for 2024, which is on
track for the whole of 2025 (70 ÷ 33.3 expected); each has a confirmed milestone due on
2025-06-30. Task 1's is never done, task 3's was done on 2025-06-20.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from docx import Document

from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.services import bulletin_create
from innocounty.core.workflow import Action
from innocounty.reporting import services as reporting
from innocounty.supervision import services

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 6, 30)
MISSED = "出台财政科技投入管理办法"
ON_TIME = "完成智能化改造诊断"
# The sentence the engine writes for task 1, worked out by hand from the rule.
SENTENCE = "节点“出台财政科技投入管理办法”（完成时限2025年6月30日）未按期完成。"


def _at(day: dt.date) -> dt.datetime:
    """10:00 in the county (UTC+8) on `day`."""
    return dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(small_plan, office_user, reporter_a, reporter_b):
    with time_machine.travel(_at(dt.date(2025, 1, 10)), tick=False):
        round_ = reporting.round_open(
            plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
        )
        for number, unit_name, reporter in (
            (1, "县财政局", reporter_a),
            (3, "县经信局", reporter_b),
        ):
            task = small_plan.tasks.get(number=number)
            unit = small_plan.units.get(name=unit_name)
            report = reporting.task_report_save(
                round_=round_,
                task=task,
                unit=unit,
                data={"progress": "各项工作按计划推进", "percent": 70},
                by=reporter,
                revision=None,
            )
            report = reporting.task_report_transition(
                report=report, action=Action.SUBMIT, by=reporter
            )
            reporting.task_report_transition(report=report, action=Action.APPROVE, by=office_user)
            milestone = services.milestone_set(
                task=task,
                by=reporter,
                year=2025,
                title=MISSED if number == 1 else ON_TIME,
                due=DUE,
                unit=unit,
            )
            services.milestone_confirm(milestone=milestone, by=office_user)
            if number == 3:
                done = milestone
    with time_machine.travel(_at(dt.date(2025, 6, 21)), tick=False):
        services.milestone_done(milestone=done, by=reporter_b, done_on=dt.date(2025, 6, 20))
    return small_plan


def _board_statuses(html: str) -> dict[int, str]:
    rows = re.findall(
        r'<td class="num">(\d+)</td>.*?<span class="task-status task-([a-z_]+)">', html, re.S
    )
    return {int(n): status for n, status in rows}


def _lagging_tasks(html: str) -> dict[int, tuple[str, str]]:
    """Task number → (status label, reason) of the cockpit's lagging list."""
    table = html.split("滞后清单", 1)[1]
    rows = re.findall(
        r"/tasks/(\d+)/[^>]*>\d+\. [^<]*</a>.*?<span class=\"status [^\"]*\">([^<]*)</span></td>"
        r"\s*<td class=\"reason\">([^<]*)</td>",
        table,
        re.S,
    )
    return {int(n): (label, reason) for n, label, reason in rows}


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize(
    ("day", "period", "behind"),
    [
        (dt.date(2025, 6, 29), "2025", False),  # before the due date
        (dt.date(2025, 6, 30), "2025", False),  # on it: still the day to do it
        (dt.date(2025, 7, 1), "2025", True),  # the day after
        (dt.date(2026, 2, 1), "2025", True),  # the year is over, still not done
        (dt.date(2025, 7, 1), "2024", False),  # as of 2024 the milestone was not due
    ],
)
def test_a_missed_milestone_shows_the_task_behind_on_every_page_and_the_bulletin(
    client, world, office_user, day, period, behind
):
    plan = world
    client.force_login(office_user)
    with time_machine.travel(_at(day), tick=False):
        query = {"period": period}
        cockpit = client.get(f"/monitor/{plan.key}/", query).content.decode()
        board = client.get(f"/monitor/{plan.key}/tasks/", query).content.decode()
        page1 = client.get(f"/monitor/{plan.key}/tasks/1/", query).content.decode()
        page3 = client.get(f"/monitor/{plan.key}/tasks/3/", query).content.decode()
        bulletin = bulletin_create(plan=plan, period=period, by=office_user, now=_at(day))
    text = _docx_text(bulletin_docx(bulletin)[0])
    lagging = _lagging_tasks(cockpit)
    statuses = _board_statuses(board)

    # Task 3's milestone was done on time: it is on track everywhere, its milestone unnamed.
    assert statuses[3] == "on_track"
    assert 'data-testid="status">正常推进<' in page3
    assert 3 not in lagging
    assert ON_TIME not in cockpit + board + page3 + text
    assert "1项重点任务中，正常推进1项。" in text
    # Chinese punctuation between the pieces of a task line (GB/T 15834).
    assert "“改造提升传统产业”（县经信局牵头）完成进度70%，各项工作按计划推进。" in text
    assert not re.search(r"[\u4e00-\u9fff%][,;][\u4e00-\u9fff“]", text)
    if behind:
        assert statuses[1] == "behind"
        assert 'data-testid="status">滞后<' in page1
        assert 'id="missed-milestones"' in page1 and MISSED in page1 and "2025-06-30" in page1
        assert lagging[1] == ("滞后", f"任务1“加大财政科技投入”滞后，完成进度70%。{SENTENCE}")
        # The bulletin counts it among the program's lagging tasks and names the milestone.
        assert "2项重点任务中，滞后1项、未报送1项。" in text
        assert (
            "请县财政局加快推进第1项重点任务“加大财政科技投入”（目前完成进度70%，滞后），"
            + SENTENCE
        ) in text
    else:
        assert statuses[1] == "on_track"
        assert 'data-testid="status">正常推进<' in page1
        assert 'id="missed-milestones"' not in page1
        assert 1 not in lagging
        assert "2项重点任务中，正常推进1项、未报送1项。" in text
        assert MISSED not in cockpit + text


def test_an_unconfirmed_milestone_counts_for_nothing(client, small_plan, reporter_a, office_user):
    with time_machine.travel(_at(dt.date(2025, 1, 10)), tick=False):
        services.milestone_set(
            task=small_plan.tasks.get(number=1),
            by=reporter_a,
            year=2025,
            title=MISSED,
            due=DUE,
            unit=small_plan.units.get(name="县财政局"),
        )
    client.force_login(User.objects.get(username="office"))
    with time_machine.travel(_at(dt.date(2025, 7, 1)), tick=False):
        page = client.get(f"/monitor/{small_plan.key}/tasks/1/", {"period": "2025"})
    assert page.context["row"]["status"] == "not_reported"
    assert 'id="missed-milestones"' not in page.content.decode()


def test_the_task_report_form_lists_the_years_milestones_to_report_against(
    client, world, office_user, reporter_a, reporter_b
):
    plan = world
    with time_machine.travel(_at(dt.date(2025, 7, 1)), tick=False):
        round_ = reporting.round_open(
            plan=plan, period="2025", deadline=dt.date(2026, 3, 31), by=office_user
        )
        pages = {}
        for number, unit_name, reporter in (
            (1, "县财政局", reporter_a),
            (3, "县经信局", reporter_b),
        ):
            client.force_login(reporter)
            unit = plan.units.get(name=unit_name)
            url = reverse("reporting:task-report-edit", args=[round_.pk, unit.pk, number])
            pages[number] = client.get(url).content.decode()
    section = pages[1].split('id="task-milestones"', 1)[1].split("</section>", 1)[0]
    assert MISSED in section and "2025-06-30" in section and "未按期完成" in section
    section = pages[3].split('id="task-milestones"', 1)[1].split("</section>", 1)[0]
    assert ON_TIME in section and "已完成 2025-06-20" in section
    assert "未按期完成</span>" not in section
    # The 2024 round's form has no milestones of 2025 to show.
    client.force_login(reporter_a)
    round_2024 = plan.rounds.get(period="2024")
    unit = plan.units.get(name="县财政局")
    url = reverse("reporting:task-report-edit", args=[round_2024.pk, unit.pk, 1])
    assert 'id="task-milestones"' not in client.get(url).content.decode()
