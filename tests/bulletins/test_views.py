"""The bulletin pages per role, the edit-then-issue flow and its audit trail."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from docx import Document

from innocounty.audit.models import LogEntry
from innocounty.bulletins.models import Bulletin
from innocounty.reporting.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(seeded):
    return User.objects.get(username="leader")


@pytest.fixture
def reporter(seeded):
    return User.objects.get(username="unit01")


def test_the_office_creates_a_bulletin_from_the_round_page(client, office, seeded):
    client.force_login(office)
    round_ = Round.objects.get(plan=seeded, period="2025")
    page = client.get(reverse("reporting:round-detail", args=[round_.pk])).content.decode()
    assert reverse("bulletins:bulletin-create") in page
    response = client.post(
        reverse("bulletins:bulletin-create"), {"plan": seeded.key, "period": "2025"}
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == bulletin.get_absolute_url()
    assert bulletin.created_by == office
    assert bulletin.period == "2025"
    entry = LogEntry.objects.get(action="bulletins.bulletin.created")
    assert entry.user == office


def test_the_cockpit_offers_the_bulletin_of_its_period(client, office, leader, seeded):
    client.force_login(office)
    page = client.get(reverse("monitor:cockpit", args=[seeded.key]) + "?period=2025")
    assert 'name="period" value="2025"' in page.content.decode()
    client.force_login(leader)
    page = client.get(reverse("monitor:cockpit", args=[seeded.key])).content.decode()
    assert reverse("bulletins:bulletin-list") in page
    assert reverse("bulletins:bulletin-create") not in page


def test_a_bad_period_is_refused_with_a_message(client, office, seeded):
    client.force_login(office)
    response = client.post(
        reverse("bulletins:bulletin-create"), {"plan": seeded.key, "period": "2025Q5"}, follow=True
    )
    assert not Bulletin.objects.exists()
    assert "2025Q5" in response.content.decode()


def test_the_office_edits_the_text_then_issues_it(client, office, bulletin):
    client.force_login(office)
    url = reverse("bulletins:bulletin-detail", args=[bulletin.pk])
    page = client.get(url).content.decode()
    assert 'id="bulletin-edit"' in page
    data = {
        "title": bulletin.title,
        "doc_number": "潜创新办〔2026〕7号",
        "revision": bulletin.revision,
        **bulletin.paragraphs,
        "problems": "请市科技局加快推进高新技术企业培育。",
    }
    response = client.post(reverse("bulletins:bulletin-edit", args=[bulletin.pk]), data)
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.doc_number == "潜创新办〔2026〕7号"
    assert bulletin.paragraphs["problems"] == "请市科技局加快推进高新技术企业培育。"
    edited = LogEntry.objects.get(action="bulletins.bulletin.edited")
    assert set(edited.data["changes"]) == {"doc_number", "problems"}

    docx = client.get(reverse("bulletins:bulletin-download", args=[bulletin.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "潜创新办〔2026〕7号" in text
    assert "请市科技局加快推进高新技术企业培育。" in text

    client.post(reverse("bulletins:bulletin-issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.is_issued()
    assert LogEntry.objects.filter(action="bulletins.bulletin.issued").count() == 1
    # Issued: read-only, even for the office.
    assert (
        client.post(reverse("bulletins:bulletin-edit", args=[bulletin.pk]), data).status_code == 403
    )
    # Issuing again (a double click) says so and changes nothing (issue 11, item 8).
    assert client.post(reverse("bulletins:bulletin-issue", args=[bulletin.pk])).status_code == 302
    assert LogEntry.objects.filter(action="bulletins.bulletin.issued").count() == 1
    page = client.get(url).content.decode()
    assert 'id="bulletin-edit"' not in page
    assert "请市科技局加快推进高新技术企业培育。" in page


def test_a_leader_reads_and_downloads_but_cannot_edit(client, leader, bulletin):
    client.force_login(leader)
    page = client.get(reverse("bulletins:bulletin-detail", args=[bulletin.pk]))
    assert page.status_code == 200
    assert 'id="bulletin-edit"' not in page.content.decode()
    docx = client.get(reverse("bulletins:bulletin-download", args=[bulletin.pk]))
    assert docx.status_code == 200
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert client.get(reverse("bulletins:bulletin-list")).status_code == 200
    edit = client.post(reverse("bulletins:bulletin-edit", args=[bulletin.pk]), {"title": "x"})
    assert edit.status_code == 403


def test_reporters_get_403_everywhere(client, reporter, bulletin):
    client.force_login(reporter)
    for url in (
        reverse("bulletins:bulletin-list"),
        reverse("bulletins:bulletin-detail", args=[bulletin.pk]),
        reverse("bulletins:bulletin-download", args=[bulletin.pk]),
        reverse("bulletins:bulletin-export", args=[bulletin.pk, "indicators"]),
    ):
        assert client.get(url).status_code == 403, url


def test_an_unknown_export_is_404(client, office, bulletin):
    client.force_login(office)
    url = reverse("bulletins:bulletin-export", args=[bulletin.pk, "nothing"])
    assert client.get(url).status_code == 404


def test_the_page_warns_when_no_cjk_font_is_installed(client, office, bulletin, monkeypatch):
    from innocounty.bulletins import charts

    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    client.force_login(office)
    page = client.get(reverse("bulletins:bulletin-detail", args=[bulletin.pk])).content.decode()
    assert "不含图表" in page
