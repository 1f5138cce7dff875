"""The Qianjiang plan in the database, checked against the seed document (facts read by hand)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# From the seed: the tasks whose 牵头单位 / 责任单位 name 市科技局, and the annex rows it reports.
KJJ_LEADS = [1, 4, 7, 8, 9, 10, 16, 17, 28]
KJJ_SUPPORTS = [2, 3, 5, 6, 12, 15, 24, 25]
KJJ_INDICATORS = ["N02", "N03", "N04", "N05", "N06", "N07", "N08", "N10", "N11"]


def test_the_unit_page_of_the_science_bureau_lists_exactly_its_tasks_and_indicators(
    client, qianjiang, django_user_model
):
    from innocounty.plans.roles import LEADER, ensure_groups

    leader = django_user_model.objects.create_user("l", password="x-123456789")
    leader.groups.add(ensure_groups()[LEADER])
    client.force_login(leader)
    unit = qianjiang.units.get(name="市科技局")
    response = client.get(reverse("plans:unit-detail", args=[qianjiang.key, unit.pk]))
    duties = response.context["duties"]
    assert [t.number for t in duties.lead_tasks] == KJJ_LEADS
    assert [t.number for t in duties.responsible_tasks] == KJJ_SUPPORTS
    assert [i.code for i in duties.indicators] == KJJ_INDICATORS
    assert "承担领导小组办公室职责" in response.content.decode()


def test_the_plan_page_shows_the_seed_metadata_and_all_tasks(client, qianjiang, django_user_model):
    from innocounty.plans.roles import LEADER, ensure_groups

    leader = django_user_model.objects.create_user("l", password="x-123456789")
    leader.groups.add(ensure_groups()[LEADER])
    client.force_login(leader)
    response = client.get(reverse("plans:plan-detail", args=[qianjiang.key]))
    html = response.content.decode()
    for text in (
        "潜政发〔2023〕12号",
        "2023-06-08",
        "实施产业转型升级工程",
        "实施科技创新治理工程",
    ):
        assert text in html
    assert sum(len(rows) for _p, rows in response.context["programs"]) == 28
    assert response.context["counts"] == {"programs": 6, "tasks": 28, "indicators": 21, "units": 29}


@pytest.mark.parametrize("name", ["plans:plan-detail", "plans:indicator-list"])
def test_the_plan_pages_read_a_fixed_number_of_queries_not_one_per_link(
    client, qianjiang, django_user_model, django_assert_max_num_queries, name
):
    """28 tasks, 21 indicators and their units each link to a page naming the plan; the links
    read the plan already loaded (the plan page took 182 queries before, the indicator table
    36), so under load each page is one short burst of queries."""
    from innocounty.plans.roles import LEADER, ensure_groups

    leader = django_user_model.objects.create_user("l", password="x-123456789")
    leader.groups.add(ensure_groups()[LEADER])
    client.force_login(leader)
    url = reverse(name, args=[qianjiang.key])
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(f"/plans/{qianjiang.key}/") > 40
