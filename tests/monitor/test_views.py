"""Monitor pages: who sees what, and the numbers shown are the engine's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innocounty.monitor import selectors

pytestmark = pytest.mark.django_db

KEY = "demo-county-2024"


def _pages(plan):
    unit = plan.units.get(name="县财政局")
    return {
        "cockpit": reverse("monitor:cockpit", args=[KEY]),
        "indicator-list": reverse("monitor:indicator-list", args=[KEY]),
        "indicator": reverse("monitor:indicator", args=[KEY, "S01"]),
        "task-board": reverse("monitor:task-board", args=[KEY]),
        "task": reverse("monitor:task", args=[KEY, 2]),
        "ranking": reverse("monitor:ranking", args=[KEY]),
        "unit-scorecard": reverse("monitor:unit-scorecard", args=[KEY, unit.pk]),
    }


READERS = {"cockpit", "indicator-list", "ranking"}


@pytest.mark.parametrize("persona", ["office_user", "leader_user"])
def test_office_and_leaders_see_every_page(client, small_plan, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name, url in _pages(small_plan).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "monitor/vendor/echarts.min.js" in response.content.decode()


def test_a_reporter_sees_the_board_tasks_indicators_and_its_own_scorecard(
    client, small_plan, reporter_a
):
    client.force_login(reporter_a)
    for name, url in _pages(small_plan).items():
        assert client.get(url).status_code == (403 if name in READERS else 200), name


def test_a_reporter_gets_404_for_another_units_scorecard(client, small_plan, reporter_b):
    client.force_login(reporter_b)
    assert client.get(_pages(small_plan)["unit-scorecard"]).status_code == 404


def test_it_requires_login(client, small_plan):
    for url in [*_pages(small_plan).values(), reverse("monitor:start")]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_it_rejects_post(client, small_plan, office_user):
    client.force_login(office_user)
    for url in [*_pages(small_plan).values(), reverse("monitor:start")]:
        assert client.post(url).status_code == 405, url


def test_unknown_plan_indicator_task_and_unit_give_404(client, small_plan, office_user):
    client.force_login(office_user)
    missing = small_plan.units.order_by("-pk").first().pk + 1000
    for url in [
        reverse("monitor:cockpit", args=["no-such-plan"]),
        reverse("monitor:indicator", args=[KEY, "X99"]),
        reverse("monitor:task", args=[KEY, 99]),
        reverse("monitor:unit-scorecard", args=[KEY, missing]),
    ]:
        assert client.get(url).status_code == 404, url


def test_start_sends_readers_to_the_cockpit_and_reporters_to_their_scorecard(
    client, small_plan, leader_user, reporter_a
):
    client.force_login(leader_user)
    assert client.get(reverse("monitor:start"))["Location"] == reverse(
        "monitor:cockpit", args=[KEY]
    )
    client.force_login(reporter_a)
    unit = small_plan.units.get(name="县财政局")
    assert client.get(reverse("monitor:start"))["Location"] == reverse(
        "monitor:unit-scorecard", args=[KEY, unit.pk]
    )


def _testid(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


@pytest.fixture
def leader(seeded):
    return User.objects.get(username="leader")


def test_the_cockpit_shows_the_engines_numbers(client, seeded, leader):
    client.force_login(leader)
    evaluation = selectors.plan_evaluation(plan=seeded, period="2024")
    html = client.get(reverse("monitor:cockpit", args=[seeded.key]) + "?period=2024").content
    html = html.decode()
    point = selectors.latest_index(evaluation)
    assert point is not None and point.year == 2024
    assert _testid(html, "index-overall") == f"{point.overall:.1f}"
    lights = selectors.light_counts(evaluation)
    for light in ("red", "amber", "green", "grey"):
        assert _testid(html, f"light-{light}") == str(lights[light])
    forecast = selectors.forecast_summary(evaluation)
    assert _testid(html, "forecast-assessment") == str(forecast.assessment)
    assert _testid(html, "forecast-expected") == str(forecast.expected)
    for item in evaluation.lagging[:5]:
        assert item.reason in html
    assert 'id="chart-index-data"' in html and 'role="img"' in html


def test_the_indicator_page_shows_status_reason_and_forecast(client, seeded, leader):
    client.force_login(leader)
    result = selectors.plan_evaluation(plan=seeded, period="2024").indicators["N14"]
    html = client.get(
        reverse("monitor:indicator", args=[seeded.key, "N14"]) + "?period=2024"
    ).content.decode()
    assert _testid(html, "reason") == result.status.reason
    assert _testid(html, "forecast") == result.forecast.sentence
    ratio = result.status.achievements.against_assessment
    assert _testid(html, "against-assessment") == ("—" if ratio is None else f"{ratio * 100:.1f}%")
    assert (
        reverse(
            "reporting:value-detail", args=[seeded.indicators.get(code="N14").values.first().pk]
        )
        in html
    )


def test_the_indicator_list_filters_by_light(client, seeded, leader):
    client.force_login(leader)
    evaluation = selectors.plan_evaluation(plan=seeded, period="2024")
    lights = selectors.light_counts(evaluation)
    url = reverse("monitor:indicator-list", args=[seeded.key])
    for light in ("red", "amber", "green"):
        response = client.get(url, {"status": light, "period": "2024"})
        assert len(response.context["rows"]) == lights[light]
    assert len(client.get(url, {"status": "nonsense"}).context["rows"]) == 21


def test_the_ranking_is_the_engines(client, seeded, leader):
    client.force_login(leader)
    evaluation = selectors.plan_evaluation(
        plan=seeded, period=selectors.default_period(plan=seeded)
    )
    response = client.get(reverse("monitor:ranking", args=[seeded.key]))
    assert [c.unit for c, _id, _load in response.context["cards"]] == [
        c.unit for c in evaluation.scorecards
    ]


def test_the_task_board_filters_and_answers_htmx_with_the_board_only(client, seeded, leader):
    client.force_login(leader)
    url = reverse("monitor:task-board", args=[seeded.key])
    everything = client.get(url)
    assert everything.context["shown"] == 28
    kjj = seeded.units.get(name="市科技局")
    by_unit = client.get(url, {"unit": kjj.pk})
    numbers = {r["task"].number for _p, rows in by_unit.context["groups"] for r in rows}
    expected = {t.number for t in seeded.tasks.filter(task_units__unit=kjj)}
    assert numbers == expected
    behind = client.get(url, {"status": "seriously_behind"})
    assert all(
        r["status"] == "seriously_behind" for _p, rows in behind.context["groups"] for r in rows
    )
    partial = client.get(url, {"program": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="board"')
    assert "<html" not in partial


def test_a_bad_period_falls_back_to_the_latest(client, seeded, leader):
    client.force_login(leader)
    response = client.get(reverse("monitor:cockpit", args=[seeded.key]), {"period": "2024Q9"})
    assert response.status_code == 200
    assert response.context["period"] is None


def test_a_reporters_scorecard_shows_the_engines_score(client, seeded):
    unit = seeded.units.get(name="市科技局")
    reporter = unit.users.first()
    client.force_login(reporter)
    card = selectors.scorecard_for(
        selectors.plan_evaluation(plan=seeded, period=selectors.default_period(plan=seeded)),
        unit.name,
    )
    html = client.get(reverse("monitor:unit-scorecard", args=[seeded.key, unit.pk])).content
    assert _testid(html.decode(), "score") == f"{card.score:.1f}"
    assert _testid(html.decode(), "rank") == str(card.rank)
