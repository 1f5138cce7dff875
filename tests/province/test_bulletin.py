"""The province bulletin: drafted from a frozen snapshot, edited, issued, then never changed;
read by the province office of its region only."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from docx import Document

from tests.province.conftest import MARKER

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC)


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def drafted(client, province, province_user):
    from innocounty.province.models import ProvinceBulletin

    client.force_login(province_user)
    with time_machine.travel(DURING, tick=False):
        response = client.post(
            "/province/bulletins/new/", {"region": province["regions"]["p"].pk, "year": 2024}
        )
    assert response.status_code == 302
    return ProvinceBulletin.objects.get()


def test_a_draft_ranks_every_county_of_the_region(client, drafted):
    assert drafted.title == "关于2024年度全省创新型县（市）建设监测情况的通报"
    assert drafted.doc_number == "测科通〔2025〕1号"
    counties = drafted.snapshot["counties"]
    assert [(c["rank"], c["name"][:2], c["index"]) for c in counties] == [
        (1, "丙县", "120.0"),
        (2, "甲县", "70.0"),
        (3, "乙县", "57.5"),
    ]
    assert counties[1]["completeness"] == "100.0%" and counties[1]["timeliness"] == "66.7%"
    assert counties[1]["items_overdue"] == 1
    text = _text(client.get(f"/province/bulletins/{drafted.pk}/docx/").content)
    assert "测试省科学技术厅" in text and MARKER in text
    assert "排名前列的是丙县、甲县、乙县" in text
    assert "督办事项逾期未办结的有甲县。" in text


def test_edit_then_issue_then_the_bytes_never_change(client, province, drafted):
    from innocounty.plans.models import Indicator
    from innocounty.reporting.models import Value

    url = f"/province/bulletins/{drafted.pk}/"
    data = {
        **drafted.paragraphs,
        "title": drafted.title,
        "doc_number": "测科通〔2025〕9号",
        "revision": drafted.revision,
        "requirements": "请各地抓好落实。",
    }
    assert client.post(url + "edit/", data).status_code == 302
    drafted.refresh_from_db()
    assert drafted.doc_number == "测科通〔2025〕9号"
    assert drafted.paragraphs["requirements"] == "请各地抓好落实。"
    assert client.post(url + "issue/").status_code == 302
    first = client.get(url + "docx/").content
    # A correction in a county after the issue changes nothing in the bulletin.
    Value.objects.create(
        indicator=Indicator.objects.get(plan=province["plans"]["b"], code="N07"),
        period="2024",
        version=3,
        state="approved",
        value=Decimal("50"),
    )
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        again = client.get(url + "docx/").content
    assert again == first
    assert "请各地抓好落实。" in _text(first)
    # Issued: read-only for everyone, and issuing again changes nothing.
    data["requirements"] = "改动"
    assert client.post(url + "edit/", data).status_code == 403
    client.post(url + "issue/")
    drafted.refresh_from_db()
    assert drafted.paragraphs["requirements"] == "请各地抓好落实。"


@pytest.mark.parametrize("who", ["office_a", "leader_a", "reporter_a"])
def test_no_county_reads_a_province_bulletin(client, drafted, who, request):
    client.force_login(request.getfixturevalue(who))
    for path in ("", "docx/"):
        assert client.get(f"/province/bulletins/{drafted.pk}/{path}").status_code == 403
    assert client.get("/province/bulletins/").status_code == 403
    assert client.post("/province/bulletins/new/", {"year": 2024}).status_code == 403


def test_a_city_office_does_not_read_the_province_bulletin(client, drafted, city_user):
    client.force_login(city_user)
    assert client.get(f"/province/bulletins/{drafted.pk}/").status_code == 404
    page = client.get("/province/bulletins/")
    assert page.status_code == 200 and drafted.title not in page.content.decode()


def test_a_city_bulletin_ranks_the_city_only(client, province, city_user):
    from innocounty.province.models import ProvinceBulletin

    client.force_login(city_user)
    with time_machine.travel(DURING, tick=False):
        client.post(
            "/province/bulletins/new/", {"region": province["regions"]["c"].pk, "year": 2024}
        )
    bulletin = ProvinceBulletin.objects.get()
    assert [c["name"][:2] for c in bulletin.snapshot["counties"]] == ["甲县", "乙县"]
    assert bulletin.snapshot["region"]["office"] == "甲市科学技术局"
    # A region outside the city's own is refused by the form (not one of its choices).
    client.post("/province/bulletins/new/", {"region": province["regions"]["p"].pk, "year": 2024})
    assert ProvinceBulletin.objects.count() == 1


@pytest.mark.parametrize("frozen", [False, True])
def test_a_year_with_a_scoring_method_is_ranked_by_it_in_the_bulletin(
    client, province, province_user, frozen
):
    """The province's 2024 method (own targets, 创新投入 weighing 3; worked out in
    test_methods.py): 乙县 110, 甲县 102, 丙县 66.7; under equal and entropy weights 甲县 and
    乙县 swap places. The document says which method and how robust the ranking is, in
    Chinese whatever the drafter's language."""
    from innocounty.province import scoring
    from innocounty.province.models import ProvinceBulletin

    region = province["regions"]["p"]
    scoring.scoring_method_save(
        region=region,
        year=2024,
        kind="own_targets",
        parameters={"category_weights": {"创新投入": "3"}},
        by=province_user,
    )
    if frozen:
        scoring.scoring_method_freeze(region=region, year=2024, by=province_user)
    client.force_login(province_user)
    with time_machine.travel(DURING, tick=False):
        client.post(
            "/province/bulletins/new/",
            {"region": region.pk, "year": 2024},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    bulletin = ProvinceBulletin.objects.get()
    counties = bulletin.snapshot["counties"]
    assert [(c["rank"], c["name"][:2], c["index"]) for c in counties] == [
        (1, "乙县", "110.0"),
        (2, "甲县", "102.0"),
        (3, "丙县", "66.7"),
    ]
    assert bulletin.snapshot["method"] == {
        "kind": "own_targets",
        "name": "对照自身目标",
        "frozen": frozen,
        "moved": 2,
        "largest_move": 1,
    }
    lock = "（评价方法已锁定）" if frozen else ""
    assert bulletin.paragraphs["ranking"] == (
        f"2024年度按“对照自身目标”方法评价{lock}，评价得分排名前列的是乙县{MARKER}、甲县、"
        "丙县。改用等权重或熵权重计算，2个县（市、区）名次发生变化，最多变动1位。"
    )
    assert "其中3个已有2024年度评价得分。" in bulletin.paragraphs["overview"]
    text = _text(client.get(f"/province/bulletins/{bulletin.pk}/docx/").content)
    assert "二、评价得分排名" in text and "表1 2024年度评价得分排名" in text
    assert "注：评价得分按“对照自身目标”方法计算；" in text
    assert "综合指数" not in text
    page = client.get(f"/province/bulletins/{bulletin.pk}/").content.decode()
    assert "二、评价得分排名" in page and "综合指数" not in page
