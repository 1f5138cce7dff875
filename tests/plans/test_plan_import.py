from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.core.planfile import dumps_plan
from innocounty.plans.models import Plan, Task

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "plans" / "qianjiang-2023.source.txt"


def _upload(client, name, content):
    return client.post(
        reverse("plans:plan-import"), {"document": SimpleUploadedFile(name, content)}
    )


def test_the_office_sees_the_extracted_plan_and_the_findings_and_nothing_is_written(
    client, office_user
):
    client.force_login(office_user)
    response = _upload(client, "qianjiang.txt", SEED.read_bytes())
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 个工程、28 项任务、21 项指标" in html
    assert "尚未写入任何数据" in html
    data = response.context["data"]
    assert len(data.findings) > 10
    assert any("市经信委" in f.message for f in data.findings)
    assert Plan.objects.count() == 1  # only small_plan, which the personas belong to


def test_confirming_loads_the_corrected_plan_as_a_new_plan(client, office_user):
    client.force_login(office_user)
    data = _upload(client, "qianjiang.txt", SEED.read_bytes()).context["data"]
    text = dumps_plan(data).replace(f"key: {data.key}", "key: qianjiang-upload", 1)
    text = text.replace("title: 聚力壮大高新技术产业", "title: 聚力壮大高新技术产业(修订)", 1)
    response = client.post(reverse("plans:plan-import-confirm"), {"plan_yaml": text})
    assert response.status_code == 302
    plan = Plan.objects.get(key="qianjiang-upload")
    assert plan.tasks.count() == 28
    assert Task.objects.get(plan=plan, number=1).title == "聚力壮大高新技术产业(修订)"


def test_a_corrected_plan_with_problems_lists_them_all_and_writes_nothing(
    client, office_user, small_plan_data
):
    client.force_login(office_user)
    text = dumps_plan(small_plan_data).replace("- 县经信局\n", "- 县经信委\n")
    response = client.post(reverse("plans:plan-import-confirm"), {"plan_yaml": text})
    assert response.status_code == 200
    errors = response.context["form"].errors["plan_yaml"]
    assert any("未知单位“县经信委”" in e for e in errors)
    assert len(errors) >= 2
    assert Plan.objects.count() == 1  # only small_plan, which the personas belong to


def test_an_existing_key_is_refused(client, office_user, small_plan, small_plan_data):
    client.force_login(office_user)
    response = client.post(
        reverse("plans:plan-import-confirm"), {"plan_yaml": dumps_plan(small_plan_data)}
    )
    assert "方案代码“demo-county-2024”已被使用" in response.content.decode()
    assert Plan.objects.count() == 1  # only small_plan


def test_the_reason_is_shown_without_the_server_path(client, office_user) -> None:
    client.force_login(office_user)
    response = _upload(client, "notice.txt", "今天天气很好(晴):出门!\n".encode())
    assert response.context["form"].errors["document"] == [
        "未找到重点任务、指标表或成员单位，不像是一份实施方案："
        "读到1 行文字，但没有带牵头单位的任务、数量目标或成员名单"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.txt", b"", "空文件"),  # Django's message (DRF's catalogue words it 提交的是空文件。)
        ("plan.txt", b"\x00\x01\x02\xff" * 100, "不是文本"),
        ("plan.xlsx", b"PK\x03\x04", "只接受 .txt、.docx、.doc、.wps 或 .pdf 文件"),
        ("plan.txt", "今天天气很好。\n我们去公园。\n".encode(), "不像"),
    ],
)
def test_a_file_that_is_not_a_plan_gets_a_clear_message(
    client, office_user, name, content, message
):
    client.force_login(office_user)
    response = _upload(client, name, content)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("document", []))
    assert message in errors, errors
    assert Plan.objects.count() == 1  # only small_plan, which the personas belong to
