"""A region's scoring method per year: saved complete, checked, frozen for good, loaded with a
fallback; the page only for the province office of that region and the admin."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.core import comparison
from innocounty.core.comparison import CountyFigures
from innocounty.plans.models import Region
from innocounty.plans.roles import ensure_groups
from innocounty.province import scoring
from innocounty.province.models import ScoringMethod
from tests.test_english_pages import HAN, _Text

pytestmark = pytest.mark.django_db


def make_user(username: str, role: str | None, *regions: Region, **extra: object) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-123", **extra)
    if role:
        user.groups.add(ensure_groups()[role])
    for region in regions:
        region.users.add(user)
    return user


@pytest.fixture
def hubei() -> Region:
    return Region.objects.create(code="42", name="湖北省", level=Region.Level.PROVINCE)


@pytest.fixture
def county(hubei) -> Region:
    city = Region.objects.create(code="4290", name="省直辖", level=Region.Level.CITY, parent=hubei)
    return Region.objects.create(
        code="429005", name="潜江市", level=Region.Level.COUNTY, parent=city
    )


@pytest.fixture
def hunan() -> Region:
    return Region.objects.create(code="43", name="湖南省", level=Region.Level.PROVINCE)


@pytest.fixture
def province_user(hubei) -> User:
    return make_user("province", "province", hubei)


def standard_parameters(**changes: object) -> dict:
    parameters: dict = {
        "indicators": ["N01", "N02", "N14"],
        "weights": {"N01": "2", "N02": "1", "N14": "1"},
        "standards": {"N01": "3", "N02": "60", "N14": "0.4"},
    }
    parameters.update(changes)
    return parameters


# --- the service -------------------------------------------------------------------------


def test_a_saved_method_is_stored_complete_and_audited(hubei, province_user):
    method = scoring.scoring_method_save(
        region=hubei,
        year=2024,
        kind=comparison.STANDARD,
        parameters=standard_parameters(weights={"N01": "2"}),
        by=province_user,
    )
    assert method.parameters == {
        "indicators": ["N01", "N02", "N14"],
        # Weights not given are written out as today's default, 1.
        "weights": {"N01": "2", "N02": "1", "N14": "1"},
        "category_weights": {"创新投入": "1", "创新绩效": "1"},
        "standards": {"N01": "3", "N02": "60", "N14": "0.4"},
    }
    assert method.updated_by == province_user and not method.is_frozen
    entry = LogEntry.objects.get(action="province.scoring.saved")
    assert entry.user == province_user and entry.data["after"]["kind"] == "standard"


def test_every_problem_is_reported_in_chinese_and_nothing_is_saved(hubei, province_user):
    parameters = {
        "indicators": ["N01", "N14", "X99"],
        "weights": {"N01": "-1", "N14": "abc"},
        "satisfactory": {"N01": "5", "N14": "0.8"},
        "unacceptable": {"N01": "5", "N14": "0.4"},
    }
    with pytest.raises(scoring.ScoringInputError) as caught:
        scoring.scoring_method_save(
            region=hubei, year=2024, kind="efficacy", parameters=parameters, by=province_user
        )
    assert caught.value.errors == {
        "indicators": ["指标代码“X99”不在全国统一指标中。"],
        "weights:N01": ["权重不能为负数。"],
        "weights:N14": ["“abc”不是数字。"],
        "satisfactory:N01": ["满意值不能等于不允许值。"],
        "satisfactory:N14": ["该指标越小越好，满意值须小于不允许值。"],
        "satisfactory:X99": ["请填写满意值和不允许值。"],
    }
    assert not ScoringMethod.objects.exists()
    assert not LogEntry.objects.filter(action__startswith="province.").exists()


@pytest.mark.parametrize(
    ("kind", "parameters", "key", "message"),
    [
        ("standard", standard_parameters(standards={"N01": "0", "N02": "1", "N14": "1"}), "standards:N01", "标准值须大于零。"),
        ("standard", standard_parameters(standards={"N01": "1", "N02": "1"}), "standards:N14", "请填写标准值。"),
        ("efficacy", {"indicators": ["N05"], "satisfactory": {"N05": "10"}, "unacceptable": {"N05": "20"}}, "satisfactory:N05", "该指标越大越好，满意值须大于不允许值。"),
        ("chained", {"base_year": 2024}, "base_year", "基期年份须早于评价年度2024年。"),
        ("own_targets", {"cap": "0"}, "cap", "达标率上限须大于零。"),
        ("own_targets", {"indicators": []}, "indicators", "请至少选择一项指标。"),
        ("own_targets", {"weights": {c: "0" for c in scoring.national_codes()}}, "__all__", "权重不能全部为零。"),
        ("median", {}, "kind", "请选择评价方法。"),
    ],
)  # fmt: skip
def test_a_bad_method_is_refused_with_its_reason(
    hubei, province_user, kind, parameters, key, message
):
    with pytest.raises(scoring.ScoringInputError) as caught:
        scoring.scoring_method_save(
            region=hubei, year=2024, kind=kind, parameters=parameters, by=province_user
        )
    assert caught.value.errors[key] == [message]
    assert not ScoringMethod.objects.exists()


def test_a_frozen_method_refuses_every_change_and_no_row_changes(hubei, province_user):
    scoring.scoring_method_save(
        region=hubei, year=2024, kind="standard", parameters=standard_parameters(), by=province_user
    )
    frozen = scoring.scoring_method_freeze(region=hubei, year=2024, by=province_user)
    before = list(ScoringMethod.objects.values())
    logged = LogEntry.objects.count()
    with pytest.raises(
        scoring.ScoringInputError, match=r"2024年的评价方法已于\d{4}-\d\d-\d\d锁定，不能再修改。"
    ):
        scoring.scoring_method_save(
            region=hubei, year=2024, kind="own_targets", parameters={}, by=province_user
        )
    with pytest.raises(scoring.ScoringInputError, match="2024年的评价方法已经锁定。"):
        scoring.scoring_method_freeze(region=hubei, year=2024, by=province_user)
    assert list(ScoringMethod.objects.values()) == before
    assert LogEntry.objects.count() == logged
    assert frozen.frozen_by == province_user and frozen.frozen_at is not None


def test_freezing_an_unset_year_writes_the_default_out(hubei, province_user):
    method = scoring.scoring_method_freeze(region=hubei, year=2025, by=province_user)
    assert method.kind == "own_targets" and method.is_frozen
    assert method.parameters["cap"] == "1.2"
    assert method.parameters["weights"] == {c: "1" for c in scoring.national_codes()}
    assert len(method.parameters["category_weights"]) == 4


def test_a_year_without_a_method_scores_by_own_targets_with_equal_weights(hubei):
    method = scoring.scoring_method_for(region=hubei, year=2024)
    assert method.kind == "own_targets" and method.year == 2024 and method.cap == D("1.2")
    assert list(method.indicators) == scoring.national_codes()
    assert set(method.weights.values()) == {D(1)}
    assert set(method.category_weights.values()) == {D(1)}


def test_another_regions_method_is_its_own(hubei, hunan, province_user):
    scoring.scoring_method_save(
        region=hubei, year=2024, kind="standard", parameters=standard_parameters(), by=province_user
    )
    assert scoring.scoring_method_for(region=hunan, year=2024).kind == "own_targets"
    assert scoring.scoring_method_for(region=hubei, year=2024).kind == "standard"


def test_a_frozen_ranking_is_reproduced_after_the_defaults_change(
    hubei, province_user, monkeypatch
):
    def counties(year: int) -> list[CountyFigures]:
        # A: 200 % of its N01 target and 60 % of N02; B: 100 % of both.
        return [
            CountyFigures(
                key=key,
                name=key,
                values={"N01": {year: D(n01)}, "N02": {year: D(n02)}},
                targets={"N01": {year: D(1)}, "N02": {year: D(100)}},
            )
            for key, n01, n02 in (("A", "2", "60"), ("B", "1", "100"))
        ]

    only = {"indicators": ["N01", "N02"]}
    scoring.scoring_method_save(
        region=hubei, year=2024, kind="own_targets", parameters=only, by=province_user
    )
    scoring.scoring_method_freeze(region=hubei, year=2024, by=province_user)
    past = comparison.score(counties(2024), scoring.scoring_method_for(region=hubei, year=2024))
    # Capped at 120 %: A (120 + 60)/2 = 90, B 100.
    assert [(r.key, r.score, r.rank) for r in past] == [("A", 90.0, 2), ("B", 100.0, 1)]

    monkeypatch.setattr(scoring, "DEFAULT_CAP_VALUE", D("2"))
    monkeypatch.setattr(scoring, "DEFAULT_WEIGHT", D("3"))
    again = comparison.score(counties(2024), scoring.scoring_method_for(region=hubei, year=2024))
    assert again == past
    # The new defaults do count where nothing was saved: capped at 200 %, A (200 + 60)/2 = 130.
    scoring.scoring_method_save(
        region=hubei, year=2023, kind="own_targets", parameters=only, by=province_user
    )
    fresh = comparison.score(counties(2023), scoring.scoring_method_for(region=hubei, year=2023))
    assert [(r.key, r.score, r.rank) for r in fresh] == [("A", 130.0, 1), ("B", 100.0, 2)]


# --- the page ----------------------------------------------------------------------------


def url(year: int = 2024, region: Region | None = None, name: str = "province:scoring") -> str:
    base = reverse(name, args=[year])
    return f"{base}?region={region.code}" if region else base


def form_data(**changes: str) -> dict[str, str]:
    data = {"kind": "standard", "region": "42"}
    for code, weight, standard in (("N01", "2", "3"), ("N02", "1", "60")):
        data[f"use:{code}"] = "on"
        data[f"weights:{code}"] = weight
        data[f"standards:{code}"] = standard
    data.update(changes)
    return data


def test_the_province_office_sees_and_saves_its_method(client, hubei, province_user):
    client.force_login(province_user)
    page = client.get(url())
    assert page.status_code == 200
    assert "湖北省2024年县（市）评价方法" in page.content.decode()
    assert "本年度尚未设定评价方法，默认按“对照自身目标”、等权重评价。" in page.content.decode()
    response = client.post(url(), form_data())
    assert response.status_code == 302 and response["Location"] == url(region=hubei)
    method = ScoringMethod.objects.get(region=hubei, year=2024)
    assert method.kind == "standard"
    assert method.parameters["standards"] == {"N01": "3", "N02": "60"}
    assert method.parameters["weights"] == {"N01": "2", "N02": "1"}


def test_a_bad_form_names_the_field_and_saves_nothing(client, hubei, province_user):
    client.force_login(province_user)
    response = client.post(url(), form_data(**{"standards:N02": "-5", "weights:N01": "-1"}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "标准值须大于零。" in content and "权重不能为负数。" in content
    assert not ScoringMethod.objects.exists()


def test_freezing_by_the_page_locks_the_form(client, hubei, province_user):
    client.force_login(province_user)
    client.post(url(), form_data())
    assert client.get(url(name="province:scoring-freeze")).status_code == 405
    response = client.post(url(region=hubei, name="province:scoring-freeze"))
    assert response.status_code == 302
    assert ScoringMethod.objects.get().is_frozen
    page = client.get(url()).content.decode()
    assert "已锁定" in page and "<fieldset disabled>" in page
    before = list(ScoringMethod.objects.values())
    assert client.post(url(), form_data(kind="own_targets")).status_code == 403
    assert list(ScoringMethod.objects.values()) == before


@pytest.mark.parametrize("role", ["office", "leader", "reporter", None])
def test_a_county_or_no_role_may_not_see_the_method(client, county, role):
    client.force_login(make_user("someone", role, county))
    assert client.get(url(region=county.parent.parent)).status_code == 403
    assert client.post(url(), form_data()).status_code == 403
    assert client.post(url(name="province:scoring-freeze")).status_code == 403
    assert not ScoringMethod.objects.exists()


def test_another_provinces_office_gets_404(client, hubei, hunan):
    client.force_login(make_user("hunan", "province", hunan))
    assert client.get(url(region=hubei)).status_code == 404
    assert client.post(url(region=hubei), form_data()).status_code == 404
    assert client.post(url(region=hubei, name="province:scoring-freeze")).status_code == 404
    assert not ScoringMethod.objects.exists()
    # Its own province is its default.
    assert client.get(url()).context["region"] == hunan


def test_a_city_office_may_not_set_its_provinces_method(client, county, hubei):
    city = county.parent
    client.force_login(make_user("city", "province", city))
    assert client.get(url(region=hubei)).status_code == 404
    assert client.get(url()).context["region"] == city


def test_the_admin_may_set_any_regions_method(client, hubei, hunan):
    client.force_login(make_user("root", None, is_superuser=True))
    assert client.post(url(region=hunan), form_data(region="43")).status_code == 302
    assert ScoringMethod.objects.get().region == hunan


def test_anonymous_is_sent_to_sign_in(client, hubei):
    response = client.get(url(region=hubei))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_year_out_of_range_is_404(client, province_user):
    client.force_login(province_user)
    assert client.get(url(year=1900)).status_code == 404


def test_the_page_in_english_shows_no_han_outside_data(client, hubei, province_user):
    client.force_login(province_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(url(), form_data())
    response = client.get(url())
    parser = _Text()
    parser.feed(response.content.decode())
    text = " ".join(parser.parts).replace(hubei.name, " ")
    assert not HAN.search(text), [p for p in parser.parts if HAN.search(p)]
    assert "The scoring method for 2024 has been saved." in text
    assert "Scored by" not in text and "Set to “Ratio to standard value”, not frozen yet" in text


def test_the_chinese_page_puts_no_ascii_mark_next_to_chinese(client, hubei, province_user):
    """GB/T 15834: the labels carry no ASCII colon (Django's default label suffix) and no
    ASCII mark sits next to a Han character anywhere on the page."""
    from tests.test_punctuation_crawl import ASCII_NEXT_TO_HAN, html_text

    client.force_login(province_user)
    text = html_text(client.get(url()).content.decode())
    assert "评价方法" in text
    assert ASCII_NEXT_TO_HAN.findall(text) == []
