"""Random sequences of save / submit / return / approve / correct / close the round by
different people.

No state is ever lost, the audit log replays to the current state, approved rows never change,
and no reachable version is ever stuck: whatever the round's state, someone can move the latest
version on (a closed round takes no new values, but corrections and started items go on).
Deterministic (derandomize) so that CI runs the same sequences every time.
"""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from innocounty.audit.models import LogEntry
from innocounty.reporting import selectors, services
from innocounty.reporting.models import Value

pytestmark = pytest.mark.django_db

_retired = itertools.count(1)


class _Undo(Exception):
    """Raised to roll back a trial action."""


def make_machine(plan, people):
    indicator = plan.indicators.get(code="N01")
    unit = plan.units.get(name="县财政局")
    office = people["office"]

    class ValueWorkflow(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            year = 2030
            self.round = services.round_open(
                plan=plan, period=str(year), deadline=dt.date(year + 1, 3, 31), by=office
            )
            self.versions: list[dict] = []  # the model: one dict per version
            self.closed = False
            self.approved_rows: dict[int, tuple] = {}

        def teardown(self):
            """Move this example's rows out of the way, so the next example (and shrinking,
            which runs many) can use the same period."""
            junk = f"t{next(_retired)}"
            Value.objects.filter(indicator=indicator, period=self.round.period).update(period=junk)
            type(self.round).objects.filter(pk=self.round.pk).update(period=junk)

        def latest(self):
            return (
                Value.objects.filter(indicator=indicator, period=self.round.period)
                .order_by("-version")
                .first()
            )

        def attempt(self, call, allowed: bool):
            try:
                result = call()
            except (services.ReportingError, PermissionDenied):
                assert not allowed
                return None
            assert allowed
            return result

        @rule(
            person=st.sampled_from(["reporter_a", "reporter_b", "leader", "office"]),
            number=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2),
        )
        def save(self, person, number):
            latest = self.latest()
            allowed = person == "reporter_a" and (
                (latest is None and not self.closed)
                or (latest is not None and latest.state in ("draft", "returned"))
            )
            result = self.attempt(
                lambda: services.value_save(
                    round_=self.round,
                    indicator=indicator,
                    unit=unit,
                    data={"value": number, "explanation": "说明"},
                    by=people[person],
                    revision=latest.revision if latest else None,
                ),
                allowed,
            )
            if result is not None:
                if latest is None:
                    self.versions.append({"version": 1, "state": "draft", "value": number})
                else:
                    self.versions[-1]["value"] = number

        @rule(person=st.sampled_from(["reporter_a", "office"]))
        def submit(self, person):
            latest = self.latest()
            if latest is None:
                return
            allowed = person == "reporter_a" and latest.state in ("draft", "returned")
            if self.attempt(
                lambda: services.value_submit(value=latest, by=people[person]), allowed
            ):
                self.versions[-1]["state"] = "submitted"

        @rule(person=st.sampled_from(["reporter_a", "leader", "office"]))
        def approve(self, person):
            latest = self.latest()
            if latest is None:
                return
            allowed = person == "office" and latest.state == "submitted"
            if self.attempt(
                lambda: services.value_approve(value=latest, by=people[person]), allowed
            ):
                self.versions[-1]["state"] = "approved"

        @rule(
            person=st.sampled_from(["reporter_a", "office"]), reason=st.sampled_from(["", "请核对"])
        )
        def return_(self, person, reason):
            latest = self.latest()
            if latest is None:
                return
            allowed = person == "office" and latest.state == "submitted" and bool(reason)
            call = lambda: services.value_return(value=latest, by=people[person], reason=reason)  # noqa: E731
            if self.attempt(call, allowed):
                self.versions[-1]["state"] = "returned"

        @rule(person=st.sampled_from(["reporter_a", "reporter_b", "office"]))
        def correct(self, person):
            latest = self.latest()
            if latest is None:
                return
            allowed = person in ("reporter_a", "office") and latest.state == "approved"
            call = lambda: services.value_correct(value=latest, by=people[person], reason="更正")  # noqa: E731
            if self.attempt(call, allowed):
                self.versions.append(
                    {
                        "version": latest.version + 1,
                        "state": "draft",
                        "value": self.versions[-1]["value"],
                    }
                )

        # Closing matters once there is something in the round (and only once).
        @precondition(lambda self: self.versions and not self.closed)
        @rule(person=st.sampled_from(["reporter_a", "leader", "office"]))
        def close_round(self, person):
            self.attempt(
                lambda: services.round_close(round_=self.round, by=people[person]),
                person == "office",
            )
            self.round.refresh_from_db()
            self.closed = self.closed or person == "office"
            assert self.round.is_open() is not self.closed

        def can(self, call) -> bool:
            """Whether `call` would succeed now; whatever it does is rolled back."""
            try:
                with transaction.atomic():
                    call()
                    raise _Undo
            except _Undo:
                return True
            except (services.ReportingError, PermissionDenied):
                return False

        @invariant()
        def no_version_is_ever_stuck(self):
            latest = self.latest()
            if latest is None:
                return
            reporter, by_office = people["reporter_a"], office
            moves = {
                "draft": lambda: services.value_submit(value=latest, by=reporter),
                "returned": lambda: services.value_submit(value=latest, by=reporter),
                "submitted": lambda: services.value_approve(value=latest, by=by_office),
                "approved": lambda: services.value_correct(
                    value=latest, by=reporter, reason="更正"
                ),
            }
            assert self.can(moves[latest.state]), (latest.state, latest.version, self.closed)
            if latest.state in ("draft", "returned"):
                save = lambda: services.value_save(  # noqa: E731
                    round_=self.round,
                    indicator=indicator,
                    unit=unit,
                    data={"value": Decimal("1.5"), "explanation": "说明"},
                    by=reporter,
                    revision=latest.revision,
                )
                assert self.can(save), (latest.state, self.closed)
            if latest.state == "submitted":
                assert self.can(
                    lambda: services.value_return(value=latest, by=by_office, reason="核对")
                )

        @invariant()
        def database_matches_the_model(self):
            rows = list(
                Value.objects.filter(indicator=indicator, period=self.round.period)
                .order_by("version")
                .values("version", "state", "value")
            )
            assert [(r["version"], r["state"], r["value"]) for r in rows] == [
                (v["version"], v["state"], v["value"]) for v in self.versions
            ]

        @invariant()
        def approved_rows_never_change(self):
            for row in Value.objects.filter(
                indicator=indicator, period=self.round.period, state="approved"
            ):
                snapshot = (row.value, row.version, row.reviewed_at)
                assert self.approved_rows.setdefault(row.pk, snapshot) == snapshot

        @invariant()
        def the_log_replays_to_the_current_state(self):
            for row in Value.objects.filter(indicator=indicator, period=self.round.period):
                state, value = None, None
                for entry in LogEntry.objects.filter(
                    content_type__model="value", object_id=str(row.pk)
                ).order_by("pk"):
                    if entry.action == "reporting.value.corrected":
                        state = "draft"
                        value = None
                    if "state" in entry.data:
                        assert entry.data["state"][0] == (state or entry.data["state"][0])
                        state = entry.data["state"][1]
                    changes = entry.data.get("changes", {})
                    if "value" in changes:
                        value = changes["value"][1]
                        state = state or "draft"
                assert state == row.state
                if value is not None:
                    assert Decimal(value) == row.value

        @invariant()
        def the_latest_approved_version_counts(self):
            approved = [v for v in self.versions if v["state"] == "approved"]
            counted = selectors.approved_values(plan=plan).get("N01", {}).get(self.round.period)
            assert counted == (approved[-1]["value"] if approved else None)

    return ValueWorkflow


def test_the_workflow_never_loses_or_overwrites_anything(
    small_plan, office_user, leader_user, reporter_a, reporter_b
):
    people = {
        "office": office_user,
        "leader": leader_user,
        "reporter_a": reporter_a,
        "reporter_b": reporter_b,
    }
    # Each example opens a round for a new year from 2030 on: rounds open only within the
    # plan's years, so let the plan run that long.
    small_plan.end_year = 2100
    small_plan.save(update_fields=["end_year"])
    machine = make_machine(small_plan, people)
    run_state_machine_as_test(
        machine,
        settings=settings(
            derandomize=True,
            max_examples=60,
            stateful_step_count=14,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
