import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

KEY = "demo-county-2024"


def _pages(plan):
    unit = plan.units.get(name="县经信局")
    return [
        reverse("plans:plan-detail", args=[KEY]),
        reverse("plans:task-detail", args=[KEY, 2]),
        reverse("plans:indicator-list", args=[KEY]),
        reverse("plans:indicator-detail", args=[KEY, "S01"]),
        reverse("plans:unit-list", args=[KEY]),
        reverse("plans:unit-detail", args=[KEY, unit.pk]),
        reverse("plans:matrix", args=[KEY]),
    ]


@pytest.mark.parametrize("persona", ["office_user", "leader_user", "reporter_a", "reporter_b"])
def test_every_plan_page_renders_for_every_role(client, small_plan, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in _pages(small_plan):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "创新型县（市）建设监测平台" in response.content.decode()


def test_it_requires_login_everywhere(client, small_plan):
    for url in [*_pages(small_plan), reverse("web:home"), reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]


def test_the_login_page_and_health_check_are_public(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("web:healthz")).content == b"ok"


def test_it_rejects_post(client, small_plan, office_user):
    client.force_login(office_user)
    for url in _pages(small_plan):
        assert client.post(url).status_code == 405, url


def test_unknown_plan_task_indicator_and_unit_give_404(client, small_plan, office_user):
    client.force_login(office_user)
    other_unit = small_plan.units.order_by("-pk").first().pk + 1000
    for url in [
        reverse("plans:plan-detail", args=["no-such-plan"]),
        reverse("plans:task-detail", args=[KEY, 99]),
        reverse("plans:indicator-detail", args=[KEY, "X99"]),
        reverse("plans:unit-detail", args=[KEY, other_unit]),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_unit_page_lists_exactly_its_tasks_and_indicators(client, small_plan, leader_user):
    client.force_login(leader_user)
    unit = small_plan.units.get(name="县科技局")
    response = client.get(reverse("plans:unit-detail", args=[KEY, unit.pk]))
    duties = response.context["duties"]
    assert [t.number for t in duties.lead_tasks] == [2]
    assert [t.number for t in duties.responsible_tasks] == [1]
    assert [i.code for i in duties.indicators] == ["S01"]
    assert "保障财政科技投入" not in response.content.decode()  # another unit's duties


def test_the_plan_page_shows_metadata_programs_and_tasks(client, small_plan, leader_user):
    client.force_login(leader_user)
    html = client.get(reverse("plans:plan-detail", args=[KEY])).content.decode()
    for text in [
        "示政发〔2024〕3号",
        "2024-03-01",
        "示范县人民政府",
        "实施创新投入工程",
        "改造提升传统产业",
    ]:
        assert text in html


def test_the_indicator_list_shows_targets_as_written(client, small_plan, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("plans:indicator-list", args=[KEY]))
    html = response.content.decode()
    assert response.context["columns"] == [
        (2024, "target"),
        (2026, "assessment"),
        (2026, "expected"),
    ]
    assert ">0.485<" in html and ">2.5<" in html and ">3.2<" in html
    assert "越低越好" in html


def test_the_matrix_marks_lead_and_responsible_units(client, small_plan, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("plans:matrix", args=[KEY]))
    rows = {unit.name: cells for unit, cells in response.context["task_rows"]}
    assert rows["县科技局"] == ["responsible", "lead", ""]
    assert rows["各乡镇"] == ["", "responsible", ""]
    indicator_rows = {unit.name: cells for unit, cells in response.context["indicator_rows"]}
    assert indicator_rows["县经信局"] == [False, True]


def test_home_sends_a_reporter_to_its_todo_list_and_office_and_leaders_to_the_cockpit(
    client, small_plan, reporter_b, leader_user, office_user
):
    client.force_login(reporter_b)
    assert client.get(reverse("web:home"))["Location"] == reverse("reporting:todo")
    cockpit = reverse("monitor:cockpit", args=[small_plan.key])
    for user in (leader_user, office_user):
        client.force_login(user)
        assert client.get(reverse("web:home"))["Location"] == cockpit


def test_english_is_available(client, small_plan, leader_user):
    client.force_login(leader_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("plans:plan-detail", args=[KEY])).content.decode()
    assert 'lang="en"' in html
    assert "Key tasks" in html


def test_plan_pages_take_a_fixed_number_of_queries(
    client, small_plan, leader_user, django_assert_max_num_queries
):
    client.force_login(leader_user)
    for url in _pages(small_plan):
        # 22: the pages, the header's unread-message count and the person's regions (tenancy:
        # one query a request, whatever the data).
        with django_assert_max_num_queries(22):
            client.get(url)


def test_the_indicator_page_shows_only_approved_values(
    client, small_plan, leader_user, office_user, reporter_a
):
    import datetime as dt

    from innocounty.reporting import services

    n01 = small_plan.indicators.get(code="N01")
    unit = small_plan.units.get(name="县财政局")
    for period, number, approve in (("2023", "2.45", True), ("2024", "2.61", False)):
        round_ = services.round_open(
            plan=small_plan, period=period, deadline=dt.date(2030, 1, 1), by=office_user
        )
        value = services.value_save(
            round_=round_,
            indicator=n01,
            unit=unit,
            data={"value": number, "explanation": "x"},
            by=reporter_a,
        ).value
        if approve:
            services.value_approve(
                value=services.value_submit(value=value, by=reporter_a), by=office_user
            )
    client.force_login(leader_user)
    response = client.get(reverse("plans:indicator-detail", args=[KEY, "N01"]))
    assert [(v.period, str(v.value.normalize())) for v in response.context["values"]] == [
        ("2023", "2.45")
    ]


def test_the_indicator_page_shows_the_latest_approved_version_with_a_number(
    client, small_plan, leader_user
):
    from decimal import Decimal

    from innocounty.reporting.models import Value

    n01 = small_plan.indicators.get(code="N01")
    unit = small_plan.units.get(name="县财政局")
    for period, version, state, number in (
        ("2023", 1, "approved", "2.45"),
        ("2023", 2, "approved", "2.50"),  # an approved correction replaces v1
        ("2023", 3, "submitted", "2.60"),  # not yet approved
        ("2024", 1, "approved", "3.10"),
        ("2024", 2, "approved", None),  # no number: v1 still counts, as in the engine
    ):
        Value.objects.create(
            indicator=n01,
            unit=unit,
            period=period,
            version=version,
            state=state,
            value=None if number is None else Decimal(number),
        )
    client.force_login(leader_user)
    response = client.get(reverse("plans:indicator-detail", args=[KEY, "N01"]))
    shown = [(v.period, v.version, str(v.value)) for v in response.context["values"]]
    assert shown == [("2023", 2, "2.50000000"), ("2024", 1, "3.10000000")]
