"""`innocounty remind` against a real local SMTP server (aiosmtpd) and a local HTTP receiver."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command

from innocounty.supervision import services
from innocounty.supervision.models import Delivery, Item, Notification

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()


@pytest.fixture
def hook(settings):
    received: list[dict] = []
    status = {"code": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(status["code"])
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_WEBHOOK_URL = f"http://127.0.0.1:{server.server_address[1]}/robot"
    yield received, status
    server.shutdown()
    server.server_close()


def _item(plan, office, deadline, title="补齐研发投入短板"):
    with time_machine.travel(dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        return services.item_open(
            plan=plan,
            by=office,
            title=title,
            requirement="按月报送",
            source="manual",
            lead_unit=plan.units.get(name="县财政局"),
            deadline=deadline,
        )


def _run(day: dt.date, *args) -> str:
    import io

    out = io.StringIO()
    with time_machine.travel(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC), tick=False):
        call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_overdue_item_goes_out_on_every_channel_once_a_day(
    small_plan, office_user, reporter_a, reporter_b, smtp, hook
):
    reporter_a.email = "a@county.invalid"
    reporter_a.save()
    reporter_b.email = "b@county.invalid"
    reporter_b.save()
    item = _item(small_plan, office_user, dt.date(2026, 11, 20))
    received, _status = hook

    dry = _run(dt.date(2026, 11, 29), "--dry-run")
    assert "[演练] 【红色预警】" in dry and item.title in dry
    assert not Delivery.objects.exists()
    assert smtp.messages == [] and received == []
    assert not Notification.objects.filter(level="red").exists()

    out = _run(dt.date(2026, 11, 29))
    lines = [line for line in out.splitlines() if "【" in line]
    assert len(lines) == 1 and "逾期 9 天" in lines[0]
    # in-app, e-mail and webhook, to unit A's reporter only
    red = Notification.objects.filter(level="red")
    assert [n.user for n in red] == [reporter_a]
    assert [rcpt for rcpt, _ in smtp.messages] == [["a@county.invalid"]]
    assert item.title in smtp.messages[0][1] or "=?utf-8?" in smtp.messages[0][1]
    assert len(received) == 1 and received[0]["msgtype"] == "text"
    assert item.title in received[0]["text"]["content"]
    assert set(Delivery.objects.values_list("channel", "recipient")) == {
        ("inapp", reporter_a.username),
        ("email", "a@county.invalid"),
        ("webhook", "webhook"),
    }

    again = _run(dt.date(2026, 11, 29))
    assert "【" not in again
    assert Delivery.objects.count() == 3 and red.count() == 1
    assert len(smtp.messages) == 1 and len(received) == 1

    _run(dt.date(2026, 11, 30))  # a new day: reminded again
    assert Notification.objects.filter(level="red").count() == 2
    assert len(smtp.messages) == 2 and len(received) == 2


def test_yellow_three_days_before_and_nothing_earlier_or_after_closing(
    small_plan, office_user, reporter_a
):
    _item(small_plan, office_user, dt.date(2026, 12, 2), title="三天后到期")
    _item(small_plan, office_user, dt.date(2026, 12, 3), title="四天后到期")
    out = _run(dt.date(2026, 11, 29))
    assert "【黄色预警】" in out and "三天后到期" in out and "还剩 3 天" in out
    assert "四天后到期" not in out
    assert Notification.objects.filter(level="yellow", user=reporter_a).count() == 1
    closed = Item.objects.get(title="四天后到期")
    Item.objects.filter(pk=closed.pk).update(state="closed")
    assert "四天后到期" not in _run(dt.date(2026, 12, 5))


def test_a_failing_smtp_or_webhook_blocks_nothing_and_is_logged(
    small_plan, office_user, reporter_a, settings, hook, caplog
):
    reporter_a.email = "a@county.invalid"
    reporter_a.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    received, status = hook
    status["code"] = 500
    _item(small_plan, office_user, dt.date(2026, 11, 20))
    with caplog.at_level("ERROR", logger="innocounty.remind"):
        out = _run(dt.date(2026, 11, 29))
    assert "邮件发送失败" in out and "群机器人推送失败" in out
    assert any("e-mail server unavailable" in r.message for r in caplog.records)
    assert any("webhook failed" in r.message for r in caplog.records)
    assert Notification.objects.filter(user=reporter_a, level="red").count() == 1
    assert Delivery.objects.get(channel="inapp").ok
    assert not Delivery.objects.get(channel="email").ok
    assert not Delivery.objects.get(channel="webhook").ok
    # the webhook answers again: the failed delivery is retried the same day, once
    status["code"] = 200
    _run(dt.date(2026, 11, 29))
    assert Delivery.objects.get(channel="webhook").ok
    assert Notification.objects.filter(user=reporter_a, level="red").count() == 1
    assert len(received) == 2


def test_after_two_red_days_the_leader_is_told_too(
    small_plan, office_user, reporter_a, leader_user
):
    _item(small_plan, office_user, dt.date(2026, 11, 20))
    for day in (27, 28):
        _run(dt.date(2026, 11, day))
        assert not Notification.objects.filter(user=leader_user).exists()
    _run(dt.date(2026, 11, 29))
    assert Notification.objects.filter(user=leader_user, level="red").count() == 1
    assert Notification.objects.filter(user=reporter_a, level="red").count() == 3


def test_rounds_and_milestones_are_reminded(small_plan, office_user, reporter_a):
    from innocounty.reporting import services as reporting

    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC)):
        reporting.round_open(
            plan=small_plan, period="2026Q3", deadline=dt.date(2026, 12, 1), by=office_user
        )
        m = services.milestone_set(
            task=small_plan.tasks.get(number=1),
            by=reporter_a,
            year=2026,
            title="完成资金拨付",
            due=dt.date(2026, 11, 25),
            unit=small_plan.units.get(name="县财政局"),
        )
        services.milestone_confirm(milestone=m, by=office_user)
    out = _run(dt.date(2026, 11, 29))
    assert "【黄色预警】" in out and "县财政局尚未报送完毕" in out
    assert "【红色预警】任务 1 的节点“完成资金拨付”" in out
    keys = set(Delivery.objects.values_list("key", flat=True))
    assert f"milestone:{m.pk}" in keys and any(k.startswith("round:") for k in keys)


def test_an_escalation_never_reaches_another_countys_leader(
    small_plan, office_user, reporter_a, leader_user
):
    """The unit has no leader of its own, so every leader of its county is told; a leader of
    another county is not (tenancy), nor one without a region once the plan has a county."""
    from innocounty.plans.models import Plan, Region
    from tests.conftest import _make_user

    county_a = Region.objects.create(code="a", name="甲县", level=Region.Level.COUNTY)
    county_b = Region.objects.create(code="b", name="乙县", level=Region.Level.COUNTY)
    Plan.objects.filter(pk=small_plan.pk).update(county=county_a)
    county_a.users.add(leader_user)
    other = _make_user("leader-b", "leader")
    county_b.users.add(other)
    _item(small_plan, office_user, dt.date(2026, 11, 20))
    for day in (27, 28, 29):
        _run(dt.date(2026, 11, day))
    assert Notification.objects.filter(user=leader_user, level="red").count() == 1
    assert not Notification.objects.filter(user=other).exists()
