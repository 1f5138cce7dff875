"""`services.round_unit_values_save`: a unit's rows saved all or nothing (web form and Excel)."""

import pytest

from innocounty.audit.models import LogEntry
from innocounty.plans.models import IndicatorUnit
from innocounty.reporting import selectors, services
from innocounty.reporting.models import Value

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_a(unit_a, s01):
    """县财政局, here responsible for S01 too, so that it reports two indicators."""
    IndicatorUnit.objects.create(indicator=s01, unit=unit_a, position=9)
    return unit_a


def _indicators(round_, unit):
    return [row.indicator for row in selectors.unit_entries(round_=round_, unit=unit)]


def test_every_row_is_saved_with_its_audit_entry(round_2024, unit_a, reporter_a):
    first, second = _indicators(round_2024, unit_a)[:2]
    results = services.round_unit_values_save(
        round_=round_2024,
        unit=unit_a,
        entries=[
            services.ValueEntry(first, {"value": "2.5"}),
            services.ValueEntry(second, {"value": "7"}),
        ],
        by=reporter_a,
    )
    assert [r.created for r in results] == [True, True]
    stored = {v.indicator.code: v.value for v in Value.objects.select_related("indicator")}
    assert {first.code, second.code} == {"N01", "S01"}
    assert stored == {first.code: 2.5, second.code: 7}
    assert LogEntry.objects.filter(action="reporting.value.created").count() == 2


def test_one_bad_row_keeps_every_row_out_and_is_named_by_its_index(round_2024, unit_a, reporter_a):
    first, second = _indicators(round_2024, unit_a)[:2]
    entries = [
        services.ValueEntry(first, {"value": "2.5"}),
        services.ValueEntry(second, {"value": "abc"}),
    ]
    with pytest.raises(services.BatchError) as caught:
        services.round_unit_values_save(
            round_=round_2024, unit=unit_a, entries=entries, by=reporter_a
        )
    assert list(caught.value.problems) == [1]
    assert caught.value.problems[1]["value"]
    assert Value.objects.count() == 0
    assert not LogEntry.objects.filter(action__startswith="reporting.value.").exists()


def test_an_empty_new_row_is_skipped_but_an_entered_zero_is_saved(round_2024, unit_a, reporter_a):
    first, second = _indicators(round_2024, unit_a)[:2]
    results = services.round_unit_values_save(
        round_=round_2024,
        unit=unit_a,
        entries=[
            services.ValueEntry(first, {"value": "", "source": "只填了来源"}),
            services.ValueEntry(second, {"value": 0}),
        ],
        by=reporter_a,
    )
    assert results[0] is None and results[1].created
    assert list(Value.objects.values_list("indicator__code", "value")) == [(second.code, 0)]


def test_the_office_saves_on_behalf_and_the_audit_names_the_unit(round_2024, unit_a, office_user):
    [first] = _indicators(round_2024, unit_a)[:1]
    services.round_unit_values_save(
        round_=round_2024,
        unit=unit_a,
        entries=[services.ValueEntry(first, {"value": "3"})],
        by=office_user,
        on_behalf=True,
    )
    entry = LogEntry.objects.get(action="reporting.value.created")
    assert entry.user == office_user and entry.data["on_behalf_of"] == "县财政局"


def test_someone_of_another_unit_saves_nothing(round_2024, unit_a, reporter_b):
    [first] = _indicators(round_2024, unit_a)[:1]
    with pytest.raises(services.BatchError) as caught:
        services.round_unit_values_save(
            round_=round_2024,
            unit=unit_a,
            entries=[services.ValueEntry(first, {"value": "3"})],
            by=reporter_b,
        )
    assert caught.value.problems == {0: {"__all__": ["您不是“县财政局”的填报员"]}}
    assert Value.objects.count() == 0
