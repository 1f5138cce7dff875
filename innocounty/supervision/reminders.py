"""Warnings and reminders (预警/提醒/催办): `innocounty remind`.

Yellow when a deadline is at most `YELLOW_DAYS` days away, red once it has passed, for open
rounds (units that have not submitted everything), returned values, confirmed milestones not
done and open supervision items. A reminder goes to the people of the unit concerned and, once
two red reminders have gone out on earlier days, also to its leader (a person with the leader
role among the unit's people, or else every leader). Channels: the in-app inbox always; e-mail
when `EMAIL_HOST` is set (one message per person listing their reminders); the group-robot
webhook when `NOTIFY_WEBHOOK_URL` is set (one message per unit). Each delivery is recorded once
per key, recipient, channel and day; a failed one is recorded as failed and tried again on the
next run. A failing channel is logged and never stops the others.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from innocounty.core.supervision import CHANNEL_LABELS, LEVEL_LABELS, Channel, Level
from innocounty.plans import roles, tenancy
from innocounty.plans.models import Unit
from innocounty.reporting.models import Round, Value, WorkflowState
from innocounty.reporting.selectors import round_status
from innocounty.supervision.models import Delivery, Item, ItemState, Milestone, Notification

log = logging.getLogger("innocounty.remind")

YELLOW_DAYS = 3
ESCALATE_AFTER = 2  # red reminders on earlier days before the leader is told too
WEBHOOK_LIMIT = 1800  # characters per robot message (企业微信 allows 2,048 bytes of text)


@dataclass
class Reminder:
    key: str
    level: str  # yellow | red
    unit: Unit
    text: str
    url: str
    recipients: list[Any] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)


@dataclass
class RemindResult:
    reminders: list[Reminder]
    sent: int = 0
    failed: int = 0


def _level(deadline: dt.date, today: dt.date) -> str | None:
    if deadline < today:
        return "red"
    if (deadline - today).days <= YELLOW_DAYS:
        return "yellow"
    return None


def _when(deadline: dt.date, today: dt.date) -> str:
    if deadline < today:
        return f"已超过时限 {deadline:%Y-%m-%d}（逾期 {(today - deadline).days} 天）"
    left = (deadline - today).days
    return f"将于 {deadline:%Y-%m-%d} 到期（{'今天' if left == 0 else f'还剩 {left} 天'}）"


def due_reminders(*, today: dt.date) -> list[Reminder]:
    """What needs a reminder today, in a stable order (red first)."""
    horizon = today + dt.timedelta(days=YELLOW_DAYS)
    found: list[Reminder] = []
    items = (
        Item.objects.exclude(state=ItemState.CLOSED)
        .filter(deadline__lte=horizon)
        .select_related("lead_unit")
        .order_by("deadline", "pk")
    )
    for item in items:
        level = _level(item.deadline, today)
        found.append(
            Reminder(
                f"item:{item.pk}",
                level,
                item.lead_unit,
                f"【{LEVEL_LABELS[Level(level)]}】督办事项 {item.code}“{item.title}”"
                f"{_when(item.deadline, today)}，请{item.lead_unit.name}抓紧办理。",
                item.get_absolute_url(),
            )
        )
    milestones = (
        Milestone.objects.filter(confirmed_at__isnull=False, done_on__isnull=True)
        .filter(due__lte=horizon)
        .select_related("unit", "task__plan")
        .order_by("due", "pk")
    )
    for m in milestones:
        level = _level(m.due, today)
        found.append(
            Reminder(
                f"milestone:{m.pk}",
                level,
                m.unit,
                f"【{LEVEL_LABELS[Level(level)]}】任务 {m.task.number} 的节点“{m.title}”"
                f"{_when(m.due, today)}，请{m.unit.name}按时完成。",
                m.task.get_absolute_url(),
            )
        )
    rounds = Round.objects.filter(status=Round.Status.OPEN, deadline__lte=horizon).select_related(
        "plan"
    )
    now = timezone.now()
    for round_ in rounds.order_by("deadline", "pk"):
        level = _level(round_.deadline, today)
        for row in round_status(round_=round_, now=now).chase:
            found.append(
                Reminder(
                    f"round:{round_.pk}:unit:{row.unit.pk}",
                    level,
                    row.unit,
                    f"【{LEVEL_LABELS[Level(level)]}】{round_.title}{_when(round_.deadline, today)}，"
                    f"{row.unit.name}尚未报送完毕，请抓紧填报。",
                    f"/reporting/rounds/{round_.pk}/units/{row.unit.pk}/",
                )
            )
    returned = (
        Value.objects.filter(
            state=WorkflowState.RETURNED,
            round__status=Round.Status.OPEN,
            round__deadline__lte=horizon,
            unit__isnull=False,
        )
        .select_related("indicator", "round", "unit")
        .order_by("round__deadline", "pk")
    )
    for value in returned:
        level = _level(value.round.deadline, today)
        found.append(
            Reminder(
                f"value:{value.pk}",
                level,
                value.unit,
                f"【{LEVEL_LABELS[Level(level)]}】被退回的指标“{value.indicator.name}”（{value.period}）"
                f"尚未重新报送，{_when(value.round.deadline, today)}。",
                value.get_absolute_url(),
            )
        )
    found.sort(key=lambda r: r.level != "red")
    return found


def _recipients(reminders: list[Reminder], today: dt.date) -> None:
    """Fill each reminder's recipients: the unit's people, plus its leader after two reds."""
    units = {r.unit.pk for r in reminders}
    User = get_user_model()
    through = Unit.users.through
    people: dict[int, list[Any]] = defaultdict(list)
    users = {u.pk: u for u in User.objects.filter(is_active=True, units__in=units).distinct()}
    leader_ids = set(
        User.objects.filter(is_active=True, groups__name=roles.LEADER).values_list("pk", flat=True)
    )
    unit_leaders: dict[int, list[Any]] = defaultdict(list)
    for unit_id, user_id in through.objects.filter(unit_id__in=units).values_list(
        "unit_id", "user_id"
    ):
        if user_id not in users:
            continue
        if user_id in leader_ids:
            unit_leaders[unit_id].append(users[user_id])
        else:
            people[unit_id].append(users[user_id])
    all_leaders = list(User.objects.filter(pk__in=leader_ids).order_by("pk"))
    reds = dict(
        Delivery.objects.filter(level="red", channel=Delivery.Channel.INAPP, day__lt=today, ok=True)
        .values("key")
        .annotate(days=Count("day", distinct=True))
        .values_list("key", "days")
    )
    plan_leaders: dict[int, list[Any]] = {}

    def leaders_of(plan_id: int) -> list[Any]:
        """The leaders who may read the plan (tenancy: never another county's leaders)."""
        if plan_id not in plan_leaders:
            plan_leaders[plan_id] = [p for p in all_leaders if tenancy.may_read_plan(p, plan_id)]
        return plan_leaders[plan_id]

    for r in reminders:
        r.recipients = list(people[r.unit.pk])
        if r.level == "red" and reds.get(r.key, 0) >= ESCALATE_AFTER:
            r.recipients += unit_leaders[r.unit.pk] or leaders_of(r.unit.plan_id)


def _post_webhook(url: str, content: str) -> None:
    body = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False)
    request = urllib.request.Request(
        url,
        data=body.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def _insert(model: Any, fields: list[str], rows: list[tuple]) -> None:
    """Insert many rows with one prepared statement: tens of thousands of reminders a morning
    are too many for the ORM's per-object work. Each distinct value is prepared once."""
    if not rows:
        return
    columns = [model._meta.get_field(f.removesuffix("_id")) for f in fields]
    cache: dict[tuple[int, Any], Any] = {}

    def prep(index: int, value: Any) -> Any:
        if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
            return value
        key = (index, value)
        if key not in cache:
            cache[key] = columns[index].get_db_prep_save(value, connection)
        return cache[key]

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            batch = rows[start : start + 2000]
            cursor.executemany(sql, [tuple(prep(i, v) for i, v in enumerate(r)) for r in batch])


EMAIL_WORKERS = 4  # connections in parallel: the mail server's round trips dominate


def _send_batch(batch: list[tuple[str, list[Reminder]]]) -> list[tuple[str, list[Reminder], str]]:
    """Send one e-mail per person over one connection; (address, reminders, error or "")."""
    results: list[tuple[str, list[Reminder], str]] = []
    try:
        smtp = mail.get_connection(fail_silently=False)
        smtp.open()
    except Exception as exc:  # any SMTP or network failure: logged, the others go on
        log.error("remind: e-mail server unavailable: %s", exc)
        return [(address, rs, str(exc) or type(exc).__name__) for address, rs in batch]
    try:
        for address, rs in batch:
            subject = f"【督办提醒】您有 {len(rs)} 项待办提醒"
            body = "\n\n".join(r.text for r in rs)
            try:
                mail.EmailMessage(subject, body, to=[address], connection=smtp).send()
            except Exception as exc:
                log.error("remind: e-mail to %s failed: %s", address, exc)
                results.append((address, rs, str(exc) or type(exc).__name__))
            else:
                results.append((address, rs, ""))
    finally:
        try:
            smtp.close()
        except Exception as exc:
            log.warning("remind: closing the e-mail connection: %s", exc)
    return results


def _send_emails(emails: dict[str, list[Reminder]]) -> list[tuple[str, list[Reminder], str]]:
    items = list(emails.items())
    batches = [items[i::EMAIL_WORKERS] for i in range(EMAIL_WORKERS) if items[i::EMAIL_WORKERS]]
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        return [row for rows in pool.map(_send_batch, batches) for row in rows]


def remind(
    *, today: dt.date | None = None, dry_run: bool = False, out: Callable[[str], None] = print
) -> RemindResult:
    """Send the reminders due today; `dry_run` prints them and records nothing."""
    today = today or timezone.localdate()
    reminders = due_reminders(today=today)
    _recipients(reminders, today)
    email_on = bool(getattr(settings, "EMAIL_HOST", ""))
    webhook = getattr(settings, "NOTIFY_WEBHOOK_URL", "")
    done = set(
        Delivery.objects.filter(day=today, ok=True).values_list("key", "recipient", "channel")
    )
    failed_before = set(
        Delivery.objects.filter(day=today, ok=False).values_list("key", "recipient", "channel")
    )
    result = RemindResult(reminders)

    inapp: list[tuple[Reminder, Any]] = []
    emails: dict[str, list[Reminder]] = defaultdict(list)
    hooks: dict[int, list[Reminder]] = defaultdict(list)
    for r in reminders:
        for user in r.recipients:
            if (r.key, user.username, "inapp") not in done:
                inapp.append((r, user))
                r.channels["inapp"] = r.channels.get("inapp", 0) + 1
            if email_on and user.email and (r.key, user.email, "email") not in done:
                emails[user.email].append(r)
                r.channels["email"] = r.channels.get("email", 0) + 1
        if webhook and (r.key, "webhook", "webhook") not in done:
            hooks[r.unit.pk].append(r)
            r.channels["webhook"] = 1

    for r in reminders:
        if r.channels:
            where = "、".join(f"{CHANNEL_LABELS[Channel(c)]} {n}" for c, n in r.channels.items())
            people = "、".join(u.username for u in r.recipients) or "无人员"
            prefix = "[演练] " if dry_run else ""
            out(f"{prefix}{r.text} → {r.unit.name}（{people}）：{where}")
    if dry_run:
        return result

    # (key, level, recipient, channel, ok, error): plain tuples, as there may be tens of thousands
    records: list[tuple[str, str, str, str, bool, str]] = []

    def record(r: Reminder, recipient: str, channel: str, ok: bool, error: str = "") -> None:
        records.append((r.key, r.level, recipient, channel, ok, error[:2000]))
        if ok:
            result.sent += 1
        else:
            result.failed += 1

    now = timezone.now()
    for r, user in inapp:
        record(r, user.username, "inapp", True)

    if emails:
        for address, rs, error in _send_emails(emails):
            if error:
                out(f"邮件发送失败（{address}）：{error}")
            for r in rs:
                record(r, address, "email", not error, error)

    broken = ""
    for rs in hooks.values():
        chunks: list[list[Reminder]] = [[]]
        size = 0
        for r in rs:
            if chunks[-1] and size + len(r.text) > WEBHOOK_LIMIT:
                chunks.append([])
                size = 0
            chunks[-1].append(r)
            size += len(r.text) + 1
        for chunk in chunks:
            if broken:
                for r in chunk:
                    record(r, "webhook", "webhook", False, broken)
                continue
            try:
                _post_webhook(webhook, "\n".join(r.text for r in chunk))
            except Exception as exc:
                broken = str(exc) or type(exc).__name__
                log.error("remind: webhook failed: %s", broken)
                out(f"群机器人推送失败：{broken}")
                for r in chunk:
                    record(r, "webhook", "webhook", False, broken)
            else:
                for r in chunk:
                    record(r, "webhook", "webhook", True)

    unique: dict[tuple[str, str, str], tuple] = {}
    for d in records:
        unique.setdefault((d[0], d[2], d[3]), d)
    with transaction.atomic():
        # In-app messages are written with their delivery records, in one transaction.
        _insert(
            Notification,
            ["user_id", "level", "text", "url", "key", "created", "read_at"],
            [(user.pk, r.level, r.text, r.url, r.key, now, None) for r, user in inapp],
        )
        for ident, (key, _level, recipient, channel, ok, error) in unique.items():
            if ident in failed_before:
                Delivery.objects.filter(
                    key=key, recipient=recipient, channel=channel, day=today
                ).update(ok=ok, error=error, created=now)
        _insert(
            Delivery,
            ["key", "level", "recipient", "channel", "day", "ok", "error", "created"],
            [
                (key, level, recipient, channel, today, ok, error, now)
                for ident, (key, level, recipient, channel, ok, error) in unique.items()
                if ident not in failed_before
            ],
        )
    return result
