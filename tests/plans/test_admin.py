import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_office(office_user):
    """The system administrator: the Django admin is theirs only (the office has its pages)."""
    from django.contrib.auth.models import Group

    office_user.is_staff = True
    office_user.save()
    office_user.groups.add(Group.objects.get(name="admin"))
    return office_user


def test_the_office_without_the_admin_role_has_no_admin(client, office_user):
    office_user.is_staff = True
    office_user.save()
    client.force_login(office_user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_speaks_chinese_to_the_office(client, staff_office, small_plan):
    client.force_login(staff_office)
    html = client.get(reverse("admin:index")).content.decode()
    assert "创新型县（市）建设监测平台 管理后台" in html
    assert "成员单位" in html and "指标值" in html
    unit = small_plan.units.get(name="县财政局")
    page = client.get(reverse("admin:plans_unit_change", args=[unit.pk]))
    assert page.status_code == 200
    assert "保存" in page.content.decode()


def test_the_office_assigns_people_to_a_unit_but_cannot_edit_the_plan(
    client, staff_office, small_plan, reporter_b
):
    client.force_login(staff_office)
    unit = small_plan.units.get(name="县财政局")
    response = client.post(
        reverse("admin:plans_unit_change", args=[unit.pk]),
        {"users": [reporter_b.pk], "_save": "保存"},
    )
    assert response.status_code == 302
    assert list(unit.users.values_list("username", flat=True)) == ["reporter-b"]
    assert unit.name == "县财政局"
    assert client.get(reverse("admin:plans_task_add")).status_code == 403
    assert client.get(reverse("admin:reporting_value_add")).status_code == 403


def test_a_leader_has_no_admin(client, leader_user):
    leader_user.is_staff = False
    client.force_login(leader_user)
    assert client.get(reverse("admin:index")).status_code == 302
