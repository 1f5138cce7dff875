"""Faults in a request: the database going away, the disk filling up during an upload.

The live versions (a killed worker, a database that does not answer) are in test_faults.py.
"""

from __future__ import annotations

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db.utils import InterfaceError, OperationalError
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.reporting import selectors, services
from innocounty.reporting.models import Evidence, Value
from tests.reporting.test_services import PDF

DB_DOWN_POST = (
    "数据库暂时无法连接，您刚才提交的内容没有保存。请稍后点击浏览器的“后退”返回，"
    "您填写的内容仍在表单中，再次提交即可。"
)
DB_DOWN_GET = "数据库暂时无法连接，请稍后刷新页面。"
DISK_FULL = "服务器磁盘空间不足，文件未保存，请联系管理员"


def _fail(exc: Exception):
    def fail(*args, **kwargs):
        raise exc

    return fail


def _assert_fault_page(response, message: str) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert message in page
    assert "主导航" not in page  # standalone: not base.html, whose header queries the database


# --- the database going away ----------------------------------------------------------------


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_whose_query_fails_is_a_503_page(client, reporter_a, monkeypatch, error):
    client.force_login(reporter_a)
    monkeypatch.setattr(selectors, "open_rounds_for", _fail(error("connection refused")))
    _assert_fault_page(client.get(reverse("reporting:todo")), DB_DOWN_GET)


def test_a_form_submitted_while_the_database_is_down_saves_nothing_and_says_so(
    client, round_2024, unit_a, reporter_a, monkeypatch
):
    client.force_login(reporter_a)
    monkeypatch.setattr(services, "value_save", _fail(OperationalError("server closed")))
    url = reverse("reporting:round-unit-save", args=[round_2024.pk, unit_a.pk])
    response = client.post(url, {"N01-value": "2.3", "N01-source": "财政决算"})
    _assert_fault_page(response, DB_DOWN_POST)
    assert not Value.objects.exists()


def test_the_fault_page_is_translated(client, reporter_a, monkeypatch):
    client.force_login(reporter_a)
    client.cookies["django_language"] = "en"
    monkeypatch.setattr(selectors, "open_rounds_for", _fail(OperationalError("gone")))
    response = client.get(reverse("reporting:todo"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "The database cannot be reached" in page
    assert "数据库" not in page


def test_a_session_that_cannot_be_loaded_is_a_503_page(client, reporter_a, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(reporter_a)
    monkeypatch.setattr(SessionStore, "_get_session_from_db", _fail(OperationalError("gone")))
    _assert_fault_page(client.get(reverse("reporting:todo")), DB_DOWN_GET)


def test_other_errors_are_left_to_django(client, reporter_a, monkeypatch):
    client.force_login(reporter_a)
    client.raise_request_exception = True
    monkeypatch.setattr(selectors, "open_rounds_for", _fail(OSError(errno.EACCES, "denied")))
    with pytest.raises(OSError, match="denied"):
        client.get(reverse("reporting:todo"))


# --- the disk filling up --------------------------------------------------------------------


def _partial_write_then_disk_full(self, name, content):
    """FileSystemStorage._save that writes half the file and then finds the disk full."""
    path = self.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "xb") as f:
        f.write(content.read()[:10])
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def value(round_2024, small_plan, unit_a, reporter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    n01 = small_plan.indicators.get(code="N01")
    return services.value_save(
        round_=round_2024, indicator=n01, unit=unit_a, data={"value": "2.55"}, by=reporter_a
    ).value


def _add_evidence(value, by) -> Evidence:
    return services.evidence_add(upload=SimpleUploadedFile("决算.pdf", PDF), by=by, value=value)


def _files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_full_disk_while_storing_evidence_leaves_no_row_and_no_partial_file(
    value, reporter_a, settings, monkeypatch
):
    monkeypatch.setattr(FileSystemStorage, "_save", _partial_write_then_disk_full)
    log = LogEntry.objects.count()
    with pytest.raises(services.ReportingError, match=DISK_FULL):
        _add_evidence(value, reporter_a)
    assert not Evidence.objects.exists()
    assert _files(settings) == []
    assert LogEntry.objects.count() == log


def test_a_full_disk_keeps_the_earlier_copy_of_the_same_file(
    value, reporter_a, settings, monkeypatch
):
    first = _add_evidence(value, reporter_a)
    monkeypatch.setattr(FileSystemStorage, "_save", _partial_write_then_disk_full)
    with pytest.raises(services.ReportingError, match=DISK_FULL):
        _add_evidence(value, reporter_a)
    assert list(Evidence.objects.all()) == [first]
    assert _files(settings) == [first.file.name]
    assert first.file.read() == PDF


def test_another_storage_error_is_reported_too(value, reporter_a, settings, monkeypatch):
    monkeypatch.setattr(FileSystemStorage, "_save", _fail(PermissionError(errno.EACCES, "no")))
    with pytest.raises(services.ReportingError, match="服务器无法保存文件"):
        _add_evidence(value, reporter_a)
    assert not Evidence.objects.exists()


def test_the_evidence_page_shows_the_full_disk(client, value, reporter_a, settings, monkeypatch):
    client.force_login(reporter_a)
    monkeypatch.setattr(FileSystemStorage, "_save", _partial_write_then_disk_full)
    url = reverse("reporting:value-evidence", args=[value.pk])
    response = client.post(url, {"file": SimpleUploadedFile("决算.pdf", PDF)}, follow=True)
    assert response.status_code == 200
    assert DISK_FULL in response.content.decode()
    assert not Evidence.objects.exists()
    assert _files(settings) == []


def test_a_full_disk_while_receiving_a_large_upload_is_a_503_page(
    client, value, reporter_a, settings, monkeypatch
):
    # Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file before the view runs.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    client.force_login(reporter_a)
    monkeypatch.setattr(
        TemporaryFileUploadHandler,
        "receive_data_chunk",
        _fail(OSError(errno.ENOSPC, "No space left on device")),
    )
    url = reverse("reporting:value-evidence", args=[value.pk])
    response = client.post(url, {"file": SimpleUploadedFile("决算.pdf", PDF)})
    _assert_fault_page(response, DISK_FULL)
    assert not Evidence.objects.exists()
