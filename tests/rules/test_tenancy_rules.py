"""Tenancy (`plans/tenancy.py`) asked of the rules directly: which plans, people and scoring
regions each person has, written out by hand for a small tree (fast enough for a mutation
run; tests/test_tenancy.py checks the pages with planted markers).

    省P ⊃ 市C ⊃ 县A (plan a, unit 甲局), 县B (plan b, unit 乙局); 省Q ⊃ 县D (plan d).
    Plan n belongs to no county.

People: office-a (office, region 县A), office-n (office, no region, unit of plan n), prov-p
(province, 省P), city-c (province, 市C), both (province, 省P and 市C), prov-none (province, no
region), rep-a (reporter, 甲局), rep-b (reporter, 乙局), plain (no role, no region), admin.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from innocounty.plans import tenancy
from innocounty.plans.models import Plan, Region, Unit
from innocounty.plans.roles import ensure_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    def region(code, level, parent=None):
        return Region.objects.create(code=code, name=code, level=level, parent=parent)

    p = region("P", "province")
    c = region("C", "city", p)
    a = region("A", "county", c)
    b = region("B", "county", c)
    q = region("Q", "province")
    d = region("D", "county", q)
    plans, units = {}, {}
    for key, county in (("a", a), ("b", b), ("d", d), ("n", None)):
        plans[key] = Plan.objects.create(
            key=f"plan-{key}",
            title=key,
            region=key,
            start_year=2024,
            end_year=2025,
            base_year=2023,
            county=county,
        )
        units[key] = Unit.objects.create(plan=plans[key], name=f"unit-{key}", position=1)
    groups = ensure_groups()

    def person(name, role=None, regions=(), unit=None, superuser=False):
        user = User.objects.create_user(username=name, password="x", is_superuser=superuser)
        if role:
            user.groups.add(groups[role])
        for r in regions:
            r.users.add(user)
        if unit is not None:
            unit.users.add(user)
        return user

    people = {
        "office-a": person("office-a", "office", [a]),
        "office-n": person("office-n", "office", unit=units["n"]),
        "prov-p": person("prov-p", "province", [p]),
        "city-c": person("city-c", "province", [c]),
        "both": person("both", "province", [c, p]),
        "prov-none": person("prov-none", "province"),
        "rep-a": person("rep-a", "reporter", unit=units["a"]),
        "rep-b": person("rep-b", "reporter", unit=units["b"]),
        "plain": person("plain"),
        "admin": person("admin", superuser=True),
    }
    return {"regions": {r.code: r for r in (p, c, a, b, q, d)}, "plans": plans, "people": people}


EVERYONE = {
    "office-a", "office-n", "prov-p", "city-c", "both", "prov-none", "rep-a", "rep-b", "plain",
    "admin",
}  # fmt: skip


def _keys(plans) -> set[str]:
    return {plan.key.removeprefix("plan-") for plan in plans}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office-a", {"a"}),
        ("office-n", {"n"}),  # no region: the plans of no county
        ("prov-p", {"a", "b"}),  # every county under the province, through the city
        ("city-c", {"a", "b"}),
        ("both", {"a", "b"}),
        ("prov-none", {"n"}),
        ("rep-a", {"a"}),  # its own unit's plan
        ("rep-b", {"b"}),
        ("plain", set()),
        ("admin", {"a", "b", "d", "n"}),
    ],
)
def test_the_plans_each_person_may_read(tree, who, expected):
    user = tree["people"][who]
    assert _keys(tenancy.plans_visible_to(user)) == expected
    for key, plan in tree["plans"].items():
        assert tenancy.may_read_plan(user, plan) is (key in expected)
        assert tenancy.may_read_plan(user, plan.pk) is (key in expected)


def test_anonymous_reads_nothing(tree):
    anonymous = AnonymousUser()
    assert not tenancy.plans_visible_to(anonymous).exists()
    assert not tenancy.people_visible_to(anonymous).exists()
    assert not tenancy.scoring_regions_for(anonymous).exists()
    assert tenancy.home_scoring_region(anonymous) is None
    assert tenancy.home_county(anonymous) is None
    assert tenancy.region_ids(anonymous) == frozenset()


def test_region_ids_are_the_persons_own_regions(tree):
    r = tree["regions"]
    fresh = User.objects.get(username="both")
    assert tenancy.region_ids(fresh) == frozenset({r["P"].pk, r["C"].pk})
    assert tenancy.region_ids(User.objects.get(username="plain")) == frozenset()


def test_get_plan_for_user_finds_only_within_the_given_plans_and_what_the_user_sees(tree):
    user, plans = tree["people"]["prov-p"], tree["plans"]
    assert tenancy.get_plan_for_user(user, "plan-a") == plans["a"]
    with pytest.raises(Http404):
        tenancy.get_plan_for_user(user, "plan-d")  # exists, not theirs
    with pytest.raises(Http404):
        tenancy.get_plan_for_user(user, "plan-missing")
    narrowed = Plan.objects.filter(key="plan-b")
    assert tenancy.get_plan_for_user(user, "plan-b", narrowed) == plans["b"]
    with pytest.raises(Http404):
        tenancy.get_plan_for_user(user, "plan-a", narrowed)  # visible, but not in the set


def test_scoped_narrows_rows_to_the_visible_plans(tree):
    units = Unit.objects.all()
    assert {u.name for u in tenancy.scoped(tree["people"]["prov-p"], units)} == {
        "unit-a",
        "unit-b",
    }
    assert tenancy.scoped(tree["people"]["admin"], units).count() == 4
    assert not tenancy.scoped(tree["people"]["plain"], units).exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # The people of its plans' units and those holding a role in its region or below.
        ("office-a", {"office-a", "rep-a"}),
        # No region: people of its plans' units and people of no region and no unit.
        ("office-n", {"office-n", "prov-none", "plain", "admin"}),
        ("prov-p", {"prov-p", "city-c", "both", "office-a", "rep-a", "rep-b"}),
        ("city-c", {"city-c", "both", "office-a", "rep-a", "rep-b"}),
        ("admin", EVERYONE),
    ],
)
def test_the_people_each_office_may_list(tree, who, expected):
    found = list(tenancy.people_visible_to(tree["people"][who]).values_list("username", flat=True))
    assert sorted(found) == sorted(expected)  # each person once


@pytest.mark.parametrize(
    ("who", "expected", "home"),
    [
        ("prov-p", {"P", "C"}, "P"),  # its province and the cities under it, no county
        ("city-c", {"C"}, "C"),  # never the province above
        ("both", {"P", "C"}, "P"),  # the province before the city
        ("prov-none", set(), None),
        ("office-a", set(), None),  # a county's office never sees the province's methods
        ("rep-a", set(), None),
        ("plain", set(), None),
        ("admin", {"P", "C", "Q"}, "P"),  # every province and city; the first province
    ],
)
def test_the_scoring_regions_each_person_has(tree, who, expected, home):
    user = tree["people"][who]
    assert {r.code for r in tenancy.scoring_regions_for(user)} == expected
    found = tenancy.home_scoring_region(user)
    assert (found.code if found else None) == home
    for code, region in tree["regions"].items():
        assert tenancy.may_edit_scoring(user, region) is (code in expected)


def test_an_admin_holding_a_city_starts_from_it(tree):
    admin = tree["people"]["admin"]
    tree["regions"]["C"].users.add(admin)
    assert tenancy.home_scoring_region(User.objects.get(pk=admin.pk)).code == "C"


def test_the_home_county_is_the_one_county_a_person_holds(tree):
    people, regions = tree["people"], tree["regions"]
    assert tenancy.home_county(people["office-a"]) == regions["A"]
    assert tenancy.home_county(people["prov-p"]) is None  # a province, no county
    regions["B"].users.add(people["office-a"])
    assert tenancy.home_county(User.objects.get(username="office-a")) is None  # two counties


def test_user_units_are_the_persons_units_within_a_plan(tree):
    user, plans = tree["people"]["rep-a"], tree["plans"]
    assert [u.name for u in tenancy.user_units(user)] == ["unit-a"]
    assert [u.name for u in tenancy.user_units(user, plans["a"])] == ["unit-a"]
    assert not tenancy.user_units(user, plans["b"]).exists()
    assert not tenancy.user_units(AnonymousUser()).exists()


def test_a_person_holding_two_provinces_starts_from_the_first_by_code(tree):
    user = tree["people"]["prov-p"]
    tree["regions"]["Q"].users.add(user)
    fresh = User.objects.get(pk=user.pk)
    assert {r.code for r in tenancy.scoring_regions_for(fresh)} == {"P", "C", "Q"}
    assert tenancy.home_scoring_region(fresh).code == "P"


def test_region_ids_are_read_once_a_request(tree, django_assert_num_queries):
    """The header and the page both ask: the second answer comes from the user object."""
    user = User.objects.get(username="both")
    with django_assert_num_queries(1):
        first = tenancy.region_ids(user)
        second = tenancy.region_ids(user)
    assert first == second == frozenset({tree["regions"]["P"].pk, tree["regions"]["C"].pk})
