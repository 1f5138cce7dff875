"""The unit ranking weighs how much each unit carries; the office sets the weights per plan
(issue 12, item 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.core.scorecard import (
    ScoringWeights,
    TaskProgress,
    TaskStatus,
    UnitInput,
    scorecards,
)
from innocounty.monitor import selectors

S = TaskStatus


def _task(number, status, lead):
    return TaskProgress(number, f"任务{number}", ("甲", "乙", "丙"), status, lead_units=(lead,))


def test_one_task_done_does_not_outrank_a_unit_that_leads_many():
    # 甲 leads one task, completed; 乙 leads ten: eight on track, two completed; 丙 leads two,
    # both behind. Nobody had anything due, so timeliness plays no part.
    a = UnitInput("甲", tasks=(_task(1, S.COMPLETED, "甲"),))
    b = UnitInput(
        "乙",
        tasks=tuple(_task(n, S.ON_TRACK if n < 10 else S.COMPLETED, "乙") for n in range(2, 12)),
    )
    c = UnitInput("丙", tasks=(_task(12, S.BEHIND, "丙"), _task(13, S.BEHIND, "丙")))
    cards = {c.unit: c for c in scorecards([a, b, c], method="carried")}
    # Worked by hand: loads 3, 30, 6; points 100, (8·90 + 2·100)/10 = 92, 60.
    # M = (3·100 + 30·92 + 6·60) / 39 = 3420 / 39 = 87.69…
    m = Decimal(3420) / Decimal(39)
    expected = {
        "甲": (3 * 100 + 10 * m) / 13,
        "乙": (30 * 92 + 10 * m) / 40,
        "丙": (6 * 60 + 10 * m) / 16,
    }
    for unit, score in expected.items():
        assert cards[unit].score == pytest.approx(float(score))
    assert cards["乙"].rank == 1 and cards["甲"].rank == 2 and cards["丙"].rank == 3
    # The old equal-weight mean put 甲 first with 100.
    plain = {c.unit: c for c in scorecards([a, b, c], method="weighted")}
    assert plain["甲"].rank == 1 and plain["甲"].score == 100


def test_leading_weighs_more_than_supporting():
    # Both units have one behind task and one completed; 甲 leads the completed one, 乙 the
    # behind one: 甲 must score higher.
    t1 = TaskProgress(1, "一", ("甲", "乙"), S.COMPLETED, lead_units=("甲",))
    t2 = TaskProgress(2, "二", ("甲", "乙"), S.BEHIND, lead_units=("乙",))
    cards = {
        c.unit: c
        for c in scorecards(
            [UnitInput("甲", tasks=(t1, t2)), UnitInput("乙", tasks=(t1, t2))], method="carried"
        )
    }
    assert cards["甲"].score > cards["乙"].score
    # With equal weights for leading and supporting they tie.
    equal = ScoringWeights(lead_task=Decimal(1), responsible_task=Decimal(1))
    tied = scorecards(
        [UnitInput("甲", tasks=(t1, t2)), UnitInput("乙", tasks=(t1, t2))],
        method="carried",
        weights=equal,
    )
    assert tied[0].score == pytest.approx(tied[1].score)


def test_timeliness_takes_its_share():
    t = TaskProgress(1, "一", ("甲",), S.ON_TRACK, lead_units=("甲",))
    [card] = scorecards(
        [UnitInput("甲", tasks=(t,), on_time_rate=Decimal("0.5"))], method="carried"
    )
    # A single unit: M = its own P = 90, so achievement 90; 90·0.8 + 50·0.2 = 82.
    assert card.score == pytest.approx(82.0)


@pytest.fixture
def office(seeded):
    return User.objects.get(username="office")


@pytest.mark.django_db
def test_the_ranking_page_explains_the_method_and_shows_each_units_load(client, seeded, office):
    client.force_login(User.objects.get(username="leader"))
    response = client.get(reverse("monitor:ranking", args=[seeded.key]))
    html = response.content.decode()
    assert "按承担量加权" in html and "（L × P + k × M）÷（L + k）" in html
    assert "scoring-weights" not in html  # the form is the office's
    snapshot = selectors.plan_snapshot(plan=seeded)
    # The unit leading most tasks carries the most task load.
    leads: dict[str, int] = {}
    for task in seeded.tasks.prefetch_related("task_units__unit"):
        for link in task.task_units.all():
            if link.role == "lead":
                leads[link.unit.name] = leads.get(link.unit.name, 0) + 1
    rows = {c.unit: load for c, _id, load in response.context["cards"]}
    for card in snapshot.evaluation.scorecards:
        assert rows[card.unit].lead_tasks == leads.get(card.unit, 0)


@pytest.mark.django_db
def test_the_office_sets_the_weights_and_the_ranking_follows(client, seeded, office):
    client.force_login(office)
    url = reverse("plans:plan-scoring", args=[seeded.key])
    before = {c.unit: c.score for c in selectors.plan_snapshot(plan=seeded).evaluation.scorecards}
    page = client.get(reverse("monitor:ranking", args=[seeded.key])).content.decode()
    assert 'id="scoring-weights"' in page
    data = {
        "lead_task": "5",
        "responsible_task": "1",
        "indicator_item": "2",
        "credibility": "4",
        "timeliness_share": "0.3",
    }
    assert client.post(url, data).status_code == 302
    seeded.refresh_from_db()
    assert seeded.scoring["lead_task"] == "5" and seeded.scoring["timeliness_share"] == "0.3"
    entry = LogEntry.objects.get(action="plans.plan.scoring_changed")
    assert entry.data["changes"]["lead_task"] == ["3", "5"]
    after = {c.unit: c.score for c in selectors.plan_snapshot(plan=seeded).evaluation.scorecards}
    assert after != before
    # A bad value changes nothing and says why.
    bad = client.post(url, {**data, "timeliness_share": "1.5"}, follow=True)
    assert "权重未修改" in bad.content.decode()
    seeded.refresh_from_db()
    assert seeded.scoring["timeliness_share"] == "0.3"
    zero = client.post(
        url, {**data, "lead_task": "0", "responsible_task": "0", "indicator_item": "0"}, follow=True
    )
    assert "不能都为 0" in zero.content.decode()
    assert LogEntry.objects.filter(action="plans.plan.scoring_changed").count() == 1


@pytest.mark.django_db
def test_a_leader_cannot_set_weights(client, seeded):
    client.force_login(User.objects.get(username="leader"))
    url = reverse("plans:plan-scoring", args=[seeded.key])
    assert client.post(url, {"lead_task": "9"}).status_code == 403
    seeded.refresh_from_db()
    assert seeded.scoring == {}
