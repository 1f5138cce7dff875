"""Every URL × role → the expected status. A URL without a rule here fails the suite.

Personas: anonymous, the office, a leader, reporter A (unit 县财政局, owns the value and the task
report used below) and reporter B (another unit). Statuses: 200 page, 302 done (or redirect),
403 read-only, 404 not yours, "login" → redirect to the login page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from innocounty.core.workflow import Action
from innocounty.reporting import services

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "office", "leader", "reporter_a", "reporter_b")
READ_ALL = {
    "anonymous": "login",
    "office": 200,
    "leader": 200,
    "reporter_a": 200,
    "reporter_b": 200,
}
OWN_UNIT_READ = {
    "anonymous": "login",
    "office": 200,
    "leader": 200,
    "reporter_a": 200,
    "reporter_b": 404,
}
# A draft of unit A: leaders see approved data only (access.values_visible_to).
DRAFT_READ = {**OWN_UNIT_READ, "leader": 404}
OWN_UNIT_WRITE = {
    "anonymous": "login",
    "office": 403,
    "leader": 403,
    "reporter_a": 302,
    "reporter_b": 404,
}
OFFICE_ONLY = {
    "anonymous": "login",
    "office": 302,
    "leader": 403,
    "reporter_a": 403,
    "reporter_b": 403,
}
OFFICE_PAGE = {
    "anonymous": "login",
    "office": 200,
    "leader": 403,
    "reporter_a": 403,
    "reporter_b": 403,
}
OFFICE_REVIEW = {
    "anonymous": "login",
    "office": 302,
    "leader": 403,
    "reporter_a": 403,
    "reporter_b": 404,
}
READERS_ONLY = {
    "anonymous": "login",
    "office": 200,
    "leader": 200,
    "reporter_a": 403,
    "reporter_b": 403,
}
REDIRECT_ALL = {
    "anonymous": "login",
    "office": 302,
    "leader": 302,
    "reporter_a": 302,
    "reporter_b": 302,
}
PUBLIC = dict.fromkeys(PERSONAS, 200)

# Namespaces with a permission system of their own, tested elsewhere (the API: token
# authentication, tests/api/).
EXEMPT_NAMESPACES = {"admin", "api"}
EXEMPT_NAMES = {"login", "logout", "set_language"}

# name → (method, kwargs from the world, expected status per persona, POST data)
RULES: dict[str, tuple] = {
    "web:home": ("GET", lambda w: {}, REDIRECT_ALL, None),
    "web:healthz": ("GET", lambda w: {}, PUBLIC, None),
    "web:favicon": ("GET", lambda w: {}, dict.fromkeys(PERSONAS, 301), None),
    "plans:plan-detail": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
    "plans:task-detail": ("GET", lambda w: {"plan_key": w.plan.key, "number": 1}, READ_ALL, None),
    "plans:indicator-list": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
    "plans:indicator-detail": (
        "GET",
        lambda w: {"plan_key": w.plan.key, "code": "N01"},
        READ_ALL,
        None,
    ),
    "plans:unit-list": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
    "plans:unit-detail": (
        "GET",
        lambda w: {"plan_key": w.plan.key, "unit_id": w.unit_a.pk},
        READ_ALL,
        None,
    ),
    "plans:matrix": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
    "plans:plan-import": ("GET", lambda w: {}, OFFICE_PAGE, None),
    "plans:plan-scoring": (
        "POST",
        lambda w: {"plan_key": w.plan.key},
        OFFICE_ONLY,
        {
            "lead_task": "3",
            "responsible_task": "1",
            "indicator_item": "2",
            "credibility": "10",
            "timeliness_share": "0.2",
        },
    ),
    "plans:plan-import-confirm": (
        "POST",
        lambda w: {},
        {**OFFICE_PAGE},
        {"plan_yaml": "key: x"},
    ),
    "reporting:todo": ("GET", lambda w: {}, READ_ALL, None),
    "reporting:round-list": ("GET", lambda w: {}, READ_ALL, None),
    "reporting:round-create": (
        "POST",
        lambda w: {"plan_key": w.plan.key},
        {**OFFICE_ONLY},
        {"period": "2026", "deadline": "2027-03-31", "include_tasks": "on"},
    ),
    "reporting:round-detail": ("GET", lambda w: {"round_id": w.round.pk}, READ_ALL, None),
    "reporting:round-close": ("POST", lambda w: {"round_id": w.round.pk}, OFFICE_ONLY, {}),
    "reporting:round-chase-export": ("GET", lambda w: {"round_id": w.round.pk}, READERS_ONLY, None),
    "reporting:round-review": ("GET", lambda w: {"round_id": w.round.pk}, OFFICE_PAGE, None),
    "reporting:round-review-unit-approve": (
        "POST",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk},
        OFFICE_ONLY,
        {},
    ),
    "reporting:round-unit": (
        "GET",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk},
        OWN_UNIT_READ,
        None,
    ),
    "reporting:round-unit-save": (
        "POST",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk},
        OWN_UNIT_WRITE,
        {},
    ),
    "reporting:round-unit-submit": (
        "POST",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk},
        OWN_UNIT_WRITE,
        {},
    ),
    "reporting:value-detail": ("GET", lambda w: {"value_id": w.value.pk}, DRAFT_READ, None),
    "reporting:value-submit": ("POST", lambda w: {"value_id": w.value.pk}, OWN_UNIT_WRITE, {}),
    "reporting:value-approve": ("POST", lambda w: {"value_id": w.submitted.pk}, OFFICE_REVIEW, {}),
    "reporting:value-return": (
        "POST",
        lambda w: {"value_id": w.submitted.pk},
        OFFICE_REVIEW,
        {"reason": "核对"},
    ),
    "reporting:value-correct": (
        "POST",
        lambda w: {"value_id": w.approved.pk},
        {**OWN_UNIT_WRITE, "office": 302},
        {"reason": "更正"},
    ),
    "reporting:value-evidence": (
        "POST",
        lambda w: {"value_id": w.value.pk},
        OWN_UNIT_WRITE,
        "evidence",
    ),
    "reporting:evidence-download": (
        "GET",
        lambda w: {"evidence_id": w.evidence.pk},
        DRAFT_READ,
        None,
    ),
    "reporting:task-report-edit": (
        "GET",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk, "number": 1},
        OWN_UNIT_READ,
        None,
    ),
    "reporting:task-report-save": (
        "POST",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk, "number": 1},
        OWN_UNIT_WRITE,
        lambda w: {"progress": "推进中,已完成 60%", "revision": w.report.revision},
    ),
    "reporting:task-report-detail": (
        "GET",
        lambda w: {"report_id": w.report.pk},
        {**DRAFT_READ, "office": 302, "reporter_a": 302},
        None,
    ),
    "reporting:task-report-evidence": (
        "POST",
        lambda w: {"report_id": w.report.pk},
        OWN_UNIT_WRITE,
        "evidence",
    ),
    "reporting:task-report-action": (
        "POST",
        lambda w: {"report_id": w.report.pk, "action": "submit"},
        OWN_UNIT_WRITE,
        {},
    ),
    "reporting:round-unit-template": (
        "GET",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk},
        OWN_UNIT_READ,
        None,
    ),
    "reporting:round-unit-upload": (
        "POST",
        lambda w: {"round_id": w.round.pk, "unit_id": w.unit_a.pk},
        OWN_UNIT_WRITE,
        lambda w: {"file": _template_upload(w)},
    ),
    "reporting:values-export": ("GET", lambda w: {}, READERS_ONLY, None),
    "monitor:start": ("GET", lambda w: {}, REDIRECT_ALL, None),
    "monitor:cockpit": ("GET", lambda w: {"plan_key": w.plan.key}, READERS_ONLY, None),
    "monitor:indicator-list": ("GET", lambda w: {"plan_key": w.plan.key}, READERS_ONLY, None),
    "monitor:indicator": (
        "GET",
        lambda w: {"plan_key": w.plan.key, "code": "N01"},
        READ_ALL,
        None,
    ),
    "monitor:task-board": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
    "monitor:task": ("GET", lambda w: {"plan_key": w.plan.key, "number": 1}, READ_ALL, None),
    "monitor:ranking": ("GET", lambda w: {"plan_key": w.plan.key}, READERS_ONLY, None),
    "monitor:unit-scorecard": (
        "GET",
        lambda w: {"plan_key": w.plan.key, "unit_id": w.unit_a.pk},
        OWN_UNIT_READ,
        None,
    ),
}


def _template_upload(w) -> SimpleUploadedFile:
    """The unit's template as downloaded: importing it changes nothing."""
    from innocounty.reporting.excel import template_workbook

    return SimpleUploadedFile("t.xlsx", template_workbook(round_=w.round, unit=w.unit_a))


# Forms that show on GET and act on POST: any other method is refused.
GET_AND_POST = {"plans:plan-import"}

# --- bulletins (通报): the office writes, leaders read, reporters 403 -----------------------


def _bulletin(w):
    """A draft bulletin of the world's plan, made once per world."""
    if not hasattr(w, "bulletin"):
        from innocounty.bulletins.services import bulletin_create

        w.bulletin = bulletin_create(plan=w.plan, period="2024")
    return w.bulletin


def _soffice() -> bool:
    from innocounty.bulletins.pdf import soffice_path

    return soffice_path() is not None


RULES.update(
    {
        "bulletins:bulletin-list": ("GET", lambda w: {}, READERS_ONLY, None),
        "bulletins:bulletin-create": (
            "POST",
            lambda w: {},
            OFFICE_ONLY,
            lambda w: {"plan": w.plan.key, "period": "2024"},
        ),
        "bulletins:bulletin-detail": (
            "GET",
            lambda w: {"bulletin_id": _bulletin(w).pk},
            READERS_ONLY,
            None,
        ),
        "bulletins:bulletin-edit": (
            "POST",
            lambda w: {"bulletin_id": _bulletin(w).pk},
            OFFICE_ONLY,
            lambda w: {"title": "通报", "doc_number": "示创新办〔2025〕1号", "revision": 0},
        ),
        "bulletins:bulletin-issue": (
            "POST",
            lambda w: {"bulletin_id": _bulletin(w).pk},
            OFFICE_ONLY,
            {},
        ),
        "bulletins:bulletin-preview": (
            "GET",
            lambda w: {"bulletin_id": _bulletin(w).pk},
            READERS_ONLY,
            None,
        ),
        "bulletins:bulletin-download": (
            "GET",
            lambda w: {"bulletin_id": _bulletin(w).pk},
            READERS_ONLY,
            None,
        ),
        "bulletins:bulletin-pdf": (
            "GET",
            lambda w: {"bulletin_id": _bulletin(w).pk},
            READERS_ONLY if _soffice() else {**READERS_ONLY, "office": 404, "leader": 404},
            None,
        ),
        "bulletins:bulletin-export": (
            "GET",
            lambda w: {"bulletin_id": _bulletin(w).pk, "kind": "indicators"},
            READERS_ONLY,
            None,
        ),
    }
)


# --- accounts (人员管理, 登录锁定, 操作日志): the office and admin only; one's own password ---


def _reporter_a_id(w) -> dict:
    return {"user_id": w.unit_a.users.get(username="reporter-a").pk}


def _supervision(w):
    """An item of unit A with an apply step (with a file), a milestone and a meeting."""
    if not hasattr(w, "item"):
        from django.contrib.auth.models import User

        from innocounty.supervision import services as sv

        office = User.objects.get(username="office")
        reporter = User.objects.get(username="reporter-a")
        today = dt.date.today()
        w.item = sv.item_open(
            plan=w.plan,
            by=office,
            title="督办",
            requirement="要求",
            source="manual",
            lead_unit=w.unit_a,
            deadline=today + dt.timedelta(days=30),
        )
        for action in ("acknowledge", "plan", "apply"):
            upload = SimpleUploadedFile("c.pdf", PDF) if action == "apply" else None
            sv.item_act(
                item=w.item, action=action, by=reporter, text="进展", due=today, upload=upload
            )
        w.step = w.item.steps.get(action="apply")
        w.milestone = sv.milestone_set(
            task=w.plan.tasks.get(number=1),
            by=reporter,
            year=2025,
            title="节点",
            due=dt.date(2025, 6, 30),
            unit=w.unit_a,
        )
        w.meeting = sv.meeting_record(
            plan=w.plan,
            by=office,
            title="协调会",
            date=today,
            chair="县长",
            units=[w.unit_a],
            minutes=SimpleUploadedFile("m.pdf", PDF),
            decisions=[
                {
                    "title": "议定",
                    "requirement": "议定",
                    "lead_unit": w.unit_a,
                    "deadline": today + dt.timedelta(days=5),
                }
            ],
        )
    return w


# --- acceptance (验收): the office writes, leaders read, reporters 403 ----------------------


def _report(w):
    """A draft self-evaluation report of the world's plan, made once per world."""
    if not hasattr(w, "self_evaluation"):
        from innocounty.acceptance.services import self_evaluation_create

        w.self_evaluation = self_evaluation_create(plan=w.plan)
    return w.self_evaluation


RULES.update(
    {
        "accounts:password-change": ("GET", lambda w: {}, READ_ALL, None),
        "accounts:people": ("GET", lambda w: {}, OFFICE_PAGE, None),
        "accounts:person-create": ("GET", lambda w: {}, OFFICE_PAGE, None),
        "accounts:person-edit": ("GET", _reporter_a_id, OFFICE_PAGE, None),
        "accounts:person-reset": ("POST", _reporter_a_id, {**OFFICE_ONLY, "office": 200}, {}),
        "accounts:person-deactivate": ("POST", _reporter_a_id, OFFICE_ONLY, {}),
        "accounts:person-reactivate": ("POST", _reporter_a_id, OFFICE_ONLY, {}),
        "accounts:locked": ("GET", lambda w: {}, OFFICE_PAGE, None),
        "accounts:unlock": ("POST", lambda w: {}, OFFICE_ONLY, {"kind": "account", "key": "x"}),
        "accounts:audit": ("GET", lambda w: {}, OFFICE_PAGE, None),
    }
)
GET_AND_POST |= {"accounts:password-change", "accounts:person-create", "accounts:person-edit"}

RULES.update(
    {
        "supervision:ledger": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
        "supervision:ledger-export": ("GET", lambda w: {"plan_key": w.plan.key}, READ_ALL, None),
        "supervision:item-new": ("GET", lambda w: {"plan_key": w.plan.key}, OFFICE_PAGE, None),
        "supervision:chase-notice": (
            "GET",
            lambda w: {"plan_key": w.plan.key, "unit_id": w.unit_a.pk},
            {**OFFICE_PAGE, "office": 302},
            None,
        ),
        "supervision:item-detail": (
            "GET",
            lambda w: {"item_id": _supervision(w).item.pk},
            OWN_UNIT_READ,
            None,
        ),
        "supervision:item-action": (
            "POST",
            lambda w: {"item_id": _supervision(w).item.pk, "action": "verify"},
            {**OWN_UNIT_WRITE, "office": 302, "reporter_a": 302},
            {"text": ""},
        ),
        "supervision:item-notice": (
            "GET",
            lambda w: {"item_id": _supervision(w).item.pk},
            OWN_UNIT_READ,
            None,
        ),
        "supervision:step-file": (
            "GET",
            lambda w: {"item_id": _supervision(w).item.pk, "step_id": w.step.pk},
            OWN_UNIT_READ,
            None,
        ),
        "supervision:milestones": (
            "GET",
            lambda w: {"plan_key": w.plan.key, "number": 1},
            READ_ALL,
            None,
        ),
        "supervision:milestone-confirm": (
            "POST",
            lambda w: {"milestone_id": _supervision(w).milestone.pk},
            OFFICE_ONLY,
            {},
        ),
        "supervision:milestone-done": (
            "POST",
            lambda w: {"milestone_id": _supervision(w).milestone.pk},
            {**OWN_UNIT_WRITE, "office": 302, "reporter_b": 403},
            {"done_on": "2025-06-30"},
        ),
        "supervision:meeting-list": ("GET", lambda w: {"plan_key": w.plan.key}, READERS_ONLY, None),
        "supervision:meeting-new": ("GET", lambda w: {"plan_key": w.plan.key}, OFFICE_PAGE, None),
        "supervision:meeting-detail": (
            "GET",
            lambda w: {"meeting_id": _supervision(w).meeting.pk},
            READERS_ONLY,
            None,
        ),
        "supervision:meeting-minutes": (
            "GET",
            lambda w: {"meeting_id": _supervision(w).meeting.pk},
            READERS_ONLY,
            None,
        ),
        "supervision:inbox": ("GET", lambda w: {}, READ_ALL, None),
        "supervision:inbox-read": ("POST", lambda w: {}, REDIRECT_ALL, {}),
    }
)
GET_AND_POST.update({"supervision:item-new", "supervision:milestones", "supervision:meeting-new"})

RULES.update(
    {
        "acceptance:readiness": ("GET", lambda w: {"plan_key": w.plan.key}, READERS_ONLY, None),
        "acceptance:final": ("GET", lambda w: {"plan_key": w.plan.key}, READERS_ONLY, None),
        "acceptance:report-create": ("POST", lambda w: {"plan_key": w.plan.key}, OFFICE_ONLY, {}),
        "acceptance:report-detail": (
            "GET",
            lambda w: {"report_id": _report(w).pk},
            READERS_ONLY,
            None,
        ),
        "acceptance:report-edit": (
            "POST",
            lambda w: {"report_id": _report(w).pk},
            OFFICE_ONLY,
            lambda w: {"title": "自评报告", "revision": 0},
        ),
        "acceptance:report-issue": (
            "POST",
            lambda w: {"report_id": _report(w).pk},
            OFFICE_ONLY,
            {},
        ),
        "acceptance:report-download": (
            "GET",
            lambda w: {"report_id": _report(w).pk},
            READERS_ONLY,
            None,
        ),
        "acceptance:report-bundle": (
            "GET",
            lambda w: {"report_id": _report(w).pk},
            READERS_ONLY,
            None,
        ),
    }
)

# The province's scoring methods: the province office and the admin only (their own region
# and the other-region case are in tests/province/test_scoring.py); a county's people get 403.
PROVINCE_ONLY = {"anonymous": "login", **dict.fromkeys(PERSONAS[1:], 403)}
RULES.update(
    {
        "province:scoring": ("GET", lambda w: {"year": 2024}, PROVINCE_ONLY, None),
        "province:scoring-freeze": ("POST", lambda w: {"year": 2024}, PROVINCE_ONLY, {}),
    }
)
GET_AND_POST.add("province:scoring")

NOBODY_HERE = {"anonymous": "login", **dict.fromkeys(PERSONAS[1:], 403)}


def _province_bulletin(w):
    """A province bulletin of a province none of the personas holds a role in."""
    from innocounty.plans.models import Region
    from innocounty.province.models import ProvinceBulletin
    from innocounty.province.services import province_bulletin_create

    found = ProvinceBulletin.objects.first()
    if found is None:
        region = Region.objects.create(code="perm-p", name="测试省", level="province")
        found = province_bulletin_create(region=region, year=2024)
    return found


# The province view (tests/province/ checks the province office, cities and counties).
RULES.update(
    {
        "province:overview": ("GET", lambda w: {}, READERS_ONLY, None),
        "province:export": ("GET", lambda w: {}, READERS_ONLY, None),
        "province:bulletin-list": ("GET", lambda w: {}, NOBODY_HERE, None),
        "province:bulletin-create": ("POST", lambda w: {}, NOBODY_HERE, {"year": "2024"}),
        "province:bulletin-detail": (
            "GET",
            lambda w: {"bulletin_id": _province_bulletin(w).pk},
            NOBODY_HERE,
            None,
        ),
        "province:bulletin-edit": (
            "POST",
            lambda w: {"bulletin_id": _province_bulletin(w).pk},
            NOBODY_HERE,
            {"title": "x"},
        ),
        "province:bulletin-issue": (
            "POST",
            lambda w: {"bulletin_id": _province_bulletin(w).pk},
            NOBODY_HERE,
            {},
        ),
        "province:bulletin-download": (
            "GET",
            lambda w: {"bulletin_id": _province_bulletin(w).pk},
            NOBODY_HERE,
            None,
        ),
    }
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = f"{prefix}{p.namespace}:" if p.namespace else prefix
            if p.namespace in EXEMPT_NAMESPACES:
                continue
            yield from _names(p.url_patterns, namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_url_has_a_permission_rule():
    names = set(_names(get_resolver().url_patterns)) - EXEMPT_NAMES
    assert names - set(RULES) == set(), "add a rule to tests/test_permissions.py"


class World:
    def __init__(self, plan, office, reporter_a):
        from innocounty.reporting.models import Evidence

        self.plan = plan
        self.unit_a = plan.units.get(name="县财政局")
        self.round = services.round_open(
            plan=plan, period="2024", deadline=dt.date(2025, 3, 31), by=office
        )
        n01 = plan.indicators.get(code="N01")
        older = services.round_open(
            plan=plan, period="2023", deadline=dt.date(2024, 3, 31), by=office
        )
        self.approved = self._value(older, n01, reporter_a)
        self.approved = services.value_approve(
            value=services.value_submit(value=self.approved, by=reporter_a), by=office
        )
        older_q = services.round_open(
            plan=plan, period="2024Q4", deadline=dt.date(2025, 1, 31), by=office
        )
        n01.frequency = "quarterly"
        n01.save()
        self.submitted = services.value_submit(
            value=self._value(older_q, n01, reporter_a), by=reporter_a
        )
        self.value = self._value(self.round, n01, reporter_a)
        self.evidence = services.evidence_add(
            upload=SimpleUploadedFile("a.pdf", PDF), by=reporter_a, value=self.value
        )
        assert isinstance(self.evidence, Evidence)
        self.report = services.task_report_save(
            round_=self.round,
            task=plan.tasks.get(number=1),
            unit=self.unit_a,
            by=reporter_a,
            revision=None,
            data={"progress": "推进中"},
        )

    def _value(self, round_, indicator, by):
        return services.value_save(
            round_=round_,
            indicator=indicator,
            unit=self.unit_a,
            data={"value": "2.55", "explanation": "说明"},
            by=by,
        ).value


@pytest.fixture
def world(small_plan, office_user, reporter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(small_plan, office_user, reporter_a)


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_url_role_matrix(client, world, request, name, persona):
    method, kwargs, expected, data = RULES[name]
    if persona != "anonymous":
        user = request.getfixturevalue(
            {"office": "office_user", "leader": "leader_user"}.get(persona, persona)
        )
        client.force_login(user)
    url = reverse(name, kwargs=kwargs(world))
    if method == "GET":
        response = client.get(url)
    elif data == "evidence":
        response = client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF)})
    else:
        response = client.post(url, data(world) if callable(data) else data)
    want = expected[persona]
    if want == "login":
        assert response.status_code == 302, (name, persona)
        assert response["Location"].startswith("/accounts/login/"), (name, persona)
    else:
        assert response.status_code == want, (name, persona, response.status_code)


@pytest.mark.parametrize("name", sorted(RULES))
def test_wrong_method_is_refused(client, world, office_user, name):
    method, kwargs, _expected, _data = RULES[name]
    client.force_login(office_user)
    url = reverse(name, kwargs=kwargs(world))
    if name in GET_AND_POST:
        response = client.put(url)
    else:
        response = client.post(url) if method == "GET" else client.get(url)
    assert response.status_code == 405, name


def test_task_action_names_outside_the_workflow_are_refused(client, world, reporter_a):
    client.force_login(reporter_a)
    for action in ("save", "delete"):
        url = reverse(
            "reporting:task-report-action", kwargs={"report_id": world.report.pk, "action": action}
        )
        assert client.post(url).status_code == 403
    assert Action.SUBMIT.value == "submit"


# --- 代填/代报: with on_behalf=1 the office may write a unit's entries; nobody else gains -------
ON_BEHALF_WRITE = {**OWN_UNIT_WRITE, "office": 302}
ON_BEHALF_URLS = (
    "reporting:round-unit-save",
    "reporting:round-unit-submit",
    "reporting:round-unit-upload",
    "reporting:task-report-save",
    "reporting:task-report-action",
)


@pytest.mark.parametrize("name", ON_BEHALF_URLS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_on_behalf_role_matrix(client, world, request, name, persona):
    _method, kwargs, _expected, data = RULES[name]
    if persona != "anonymous":
        user = request.getfixturevalue(
            {"office": "office_user", "leader": "leader_user"}.get(persona, persona)
        )
        client.force_login(user)
    body = data(world) if callable(data) else dict(data)
    response = client.post(reverse(name, kwargs=kwargs(world)), {**body, "on_behalf": "1"})
    want = ON_BEHALF_WRITE[persona]
    if want == "login":
        assert response.status_code == 302, (name, persona)
        assert response["Location"].startswith("/accounts/login/"), (name, persona)
    else:
        assert response.status_code == want, (name, persona, response.status_code)
