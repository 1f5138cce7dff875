from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def open_item(small_plan, office_user, reporter_a, media):
    """An item assigned to unit A (县财政局), due 30 days after 2026-11-29."""
    from innocounty.supervision import services

    with time_machine.travel(dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False):
        return services.item_open(
            plan=small_plan,
            by=office_user,
            title="加快财政科技投入",
            requirement="按季度报送投入进度",
            source="manual",
            lead_unit=small_plan.units.get(name="县财政局"),
            deadline=dt.date(2026, 12, 29),
        )
