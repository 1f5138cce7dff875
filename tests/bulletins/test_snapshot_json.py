"""The typed snapshot reads every stored snapshot: `data/snapshot-v1.json` was written by
`bulletin_snapshot` (the demo plan, period 2025, as of 2026-04-20 09:30) before the snapshot
had types, and is never regenerated; the types must keep describing it."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path

import pytest

from innocounty.bulletins.document import section_tables
from innocounty.bulletins.selectors import (
    LEGACY_SECTIONS,
    SECTIONS,
    default_paragraphs,
    sections_for,
)
from innocounty.bulletins.snapshot import (
    BulletinSnapshot,
    snapshot_from_json,
    snapshot_to_json,
)

STORED = Path(__file__).parent / "data" / "snapshot-v1.json"


def shape_problems(value: object, kind: object, where: str = "snapshot") -> list[str]:
    """Where `value` (decoded JSON) does not have the type `kind`: TypedDicts key by key
    (missing required keys, unknown keys), lists item by item, unions by any member."""
    origin = typing.get_origin(kind)
    if kind is typing.Any:
        return []
    if typing.is_typeddict(kind):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        hints = typing.get_type_hints(kind)
        problems = [f"{where}.{k}: missing" for k in kind.__required_keys__ - value.keys()]
        problems += [f"{where}.{k}: not in {kind.__name__}" for k in value.keys() - hints.keys()]
        for key in value.keys() & hints.keys():
            problems += shape_problems(value[key], hints[key], f"{where}.{key}")
        return problems
    if origin in (typing.Union, types.UnionType):
        options = [shape_problems(value, member, where) for member in typing.get_args(kind)]
        return [] if any(not o for o in options) else min(options, key=len)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        (item,) = typing.get_args(kind)
        return [p for n, v in enumerate(value) for p in shape_problems(v, item, f"{where}[{n}]")]
    if kind is type(None):
        return [] if value is None else [f"{where}: {value!r}, not null"]
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r}, not a number"]
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r}, not an integer"]
    assert isinstance(kind, type), kind
    return [] if isinstance(value, kind) else [f"{where}: {value!r}, not {kind.__name__}"]


def test_the_stored_snapshot_has_the_typed_shape_at_every_level():
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert shape_problems(stored, BulletinSnapshot) == []
    # The file covers the optional parts: a round, the rectification counts, an index.
    assert stored["reporting"]["units"] and stored["rectification"] and stored["index"]


def test_the_checker_reports_a_missing_key_a_stray_key_and_a_wrong_type():
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    del stored["plan"]["office"]
    stored["indicators"][0]["colour"] = "red"
    stored["programs"][0]["tasks"][0]["percent"] = "100"
    assert sorted(shape_problems(stored, BulletinSnapshot)) == [
        "snapshot.indicators[0].colour: not in IndicatorRow",
        "snapshot.plan.office: missing",
        "snapshot.programs[0].tasks[0].percent: '100', not an integer",
    ]


@pytest.mark.django_db
def test_a_new_snapshot_has_the_typed_shape_too(bulletin):
    assert shape_problems(bulletin.snapshot, BulletinSnapshot) == []
    # And the database's JSON gives it back unchanged.
    bulletin.refresh_from_db()
    assert shape_problems(bulletin.snapshot, BulletinSnapshot) == []


def test_the_stored_json_loads_unchanged_and_writes_back_the_same_json():
    text = STORED.read_text(encoding="utf-8")
    loaded = snapshot_from_json(text)
    assert loaded == json.loads(text)
    assert loaded["plan"]["office"] == "潜江市创新型县（市）建设工作领导小组办公室"
    assert loaded["reporting"] is not None and loaded["reporting"]["late"][0] == "市委组织部"
    written = snapshot_to_json(loaded)
    assert json.loads(written) == json.loads(text)
    assert "潜江" in written  # Chinese as is, not \u escapes
    assert snapshot_from_json(written) == loaded
    # A JSONField hands over a dict: that loads the same.
    assert snapshot_from_json(json.loads(text)) == loaded


def test_a_snapshot_from_before_the_rectification_section_loads_with_five_sections():
    old = json.loads(STORED.read_text(encoding="utf-8"))
    del old["rectification"]
    loaded = snapshot_from_json(json.dumps(old))
    assert "rectification" not in loaded
    assert sections_for(loaded) == LEGACY_SECTIONS
    assert set(default_paragraphs(loaded)) == {key for key, _head in LEGACY_SECTIONS}
    assert "rectification" not in section_tables(loaded)

    current = snapshot_from_json(STORED.read_text(encoding="utf-8"))
    assert sections_for(current) == SECTIONS
    paragraphs = default_paragraphs(current)
    assert set(paragraphs) == {key for key, _head in SECTIONS}
    assert "尚未交办督办事项" in paragraphs["rectification"]  # none opened by then


@pytest.mark.parametrize("key", ["plan", "indicators", "reporting"])
def test_json_that_is_no_snapshot_is_refused_naming_what_is_missing(key):
    data = json.loads(STORED.read_text(encoding="utf-8"))
    del data[key]
    with pytest.raises(ValueError, match=f"not a bulletin snapshot: no {key}"):
        snapshot_from_json(json.dumps(data))
    with pytest.raises(ValueError, match="a bulletin snapshot is a JSON object"):
        snapshot_from_json("[1, 2]")
