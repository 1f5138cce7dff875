"""API writes: tokens, and a unit's values entered in one request, all or nothing.

Entering values adds no rule of its own: each entry is parsed by the web form's `ValueForm`
and saved (and submitted) by the reporting services, which check the person's rights, the
workflow and the numbers and write the audit log, exactly as for the web form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from innocounty.accounts.services import audit_user
from innocounty.plans.models import Unit
from innocounty.reporting import selectors, services
from innocounty.reporting.forms import ValueForm
from innocounty.reporting.models import Round, Value

NOT_IN_ROUND = _("指标“{code}”不在本轮次“{unit}”的填报范围内")
DUPLICATE = _("指标“{code}”在本次提交中出现了不止一次")
NOTHING_ENTERED = _("请填写数值，或同时填写分子和分母")
NOTHING_SAVED = _("有错误，未保存任何数据。")


@transaction.atomic
def token_create(*, user: Any, by: Any = None) -> Token:
    """Give `user` a new API token; an earlier token of theirs stops working at once.

    The audit entry (`api.token.created`, on the person's record) says whether a token was
    replaced, never the token itself."""
    replaced, _deleted = Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_user(user, "api.token.created", by=by, data={"replaced": bool(replaced)})
    return token


class EntriesRefused(ValueError):
    """Nothing was saved; `problems` lists every one as {indicator, field, message}."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        self.problems = problems
        super().__init__(";".join(p["message"] for p in problems))


def _problems(code: str, errors: Mapping[str, Iterable[Any]]) -> list[dict[str, Any]]:
    return [
        {"indicator": code, "field": None if field == "__all__" else field, "message": str(m)}
        for field, messages in errors.items()
        for m in messages
    ]


def _form_data(entry: dict[str, Any]) -> dict[str, str]:
    """An entry as the web form posts it, so the form reads it the same way."""
    data = {
        name: "" if entry.get(name) is None else str(entry[name])
        for name in ("value", "numerator", "denominator", "source", "caliber", "note")
    }
    data["explanation"] = str(entry.get("explanation") or "")
    data["is_final"] = "1" if entry.get("is_final") else "0"
    return data


def values_enter(
    *,
    round_: Round,
    unit: Unit,
    entries: list[dict[str, Any]],
    by: Any,
    on_behalf: bool = False,
    submit: bool = False,
) -> list[Value]:
    """Save `entries` ({indicator code, value or numerator and denominator, explanation, …})
    as `unit`'s working copies in `round_` and, with `submit`, submit them, all or nothing.

    An entry may only name an indicator the unit reports in the round (the rows of its entry
    page). `revision` may be left out: the current working copy is the one changed. Raises
    EntriesRefused with every problem, located by indicator code, when any entry fails;
    PermissionDenied when `by` may not enter for `unit`."""
    rows = {row.indicator.code: row for row in selectors.unit_entries(round_=round_, unit=unit)}
    problems: list[dict[str, Any]] = []
    saved: list[Value] = []
    seen: set[str] = set()
    with transaction.atomic():
        for entry in entries:
            code = entry["indicator"]
            row = rows.get(code)
            if row is None:
                message = str(NOT_IN_ROUND).format(code=code, unit=unit.name)
                problems += _problems(code, {"indicator": [message]})
                continue
            if code in seen:
                problems += _problems(code, {"indicator": [str(DUPLICATE).format(code=code)]})
                continue
            seen.add(code)
            form = ValueForm(_form_data(entry))
            if not form.is_valid():
                problems += _problems(code, form.errors)
                continue
            data = form.cleaned_data
            if not any(data.get(k) for k in ("value", "numerator", "denominator")):
                problems += _problems(code, {"value": [str(NOTHING_ENTERED)]})
                continue
            revision = entry.get("revision")
            if revision is None and row.value is not None:
                revision = row.value.revision
            try:
                result = services.value_save(
                    round_=round_,
                    indicator=row.indicator,
                    unit=unit,
                    data=data,
                    by=by,
                    revision=revision,
                    on_behalf=on_behalf,
                )
            except services.ReportingError as exc:
                problems += _problems(code, exc.errors)
            else:
                saved.append(result.value)
        if submit and not problems:
            for i, value in enumerate(saved):
                try:
                    saved[i] = services.value_submit(value=value, by=by, on_behalf=on_behalf)
                except services.ReportingError as exc:
                    problems += _problems(value.indicator.code, exc.errors)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise EntriesRefused(problems)
    return saved
