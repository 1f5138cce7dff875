"""Plain JSON for the engine's results, exact both ways: `loads(dumps(x)) == x`.

The stored results (`monitor.models.PlanResult`) hold a plan's evaluation as text in the
database, so any app server can read what another computed. JSON alone loses types (a
`Decimal` would come back a float, a tuple a list, a dict's tuple keys could not be written),
so each value that JSON cannot carry as such is written as a one-key object naming its kind:

    {"D": "1.50"}  Decimal (its exact text: 1.50 stays 1.50)
    {"d": "2025-06-30"}, {"t": "2025-06-30T10:00:00+08:00"}  date, datetime
    {"T": [...]}, {"S": [...]}  tuple, frozenset
    {"M": [[key, value], ...]}  dict, keys of any kind, in order
    {"E": "module:Class", "v": value}  an enum member
    {"C": "module:Class", "f": {field: value, ...}, "i": n}  a dataclass, the n-th written
    {"R": n}  the n-th dataclass again (the same object: a series shared by its results and
              statuses is written once and comes back shared)
    {"P": "module:Class", "v": {...}}  a pydantic model (its own JSON form)

None, booleans, integers, floats (by their shortest exact text) and strings are themselves, a
list is a list. Only classes defined in `innocounty.core` are named or rebuilt: loading a
stored text never imports or runs anything else (unlike pickle).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import importlib
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

ALLOWED_PREFIX = "innocounty.core."


class CodecError(ValueError):
    """A value this codec cannot write, or a text naming a class it may not rebuild."""


def _name(cls: type) -> str:
    if not cls.__module__.startswith(ALLOWED_PREFIX):
        raise CodecError(f"{cls.__module__}.{cls.__qualname__} is not a core class")
    return f"{cls.__module__}:{cls.__qualname__}"


@functools.cache
def _class(name: str) -> Any:
    module, _, qualname = name.partition(":")
    if not module.startswith(ALLOWED_PREFIX):
        raise CodecError(f"{name} is not a core class")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


@functools.cache
def _init_fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls) if f.init)


def encode(value: Any) -> Any:
    """`value` as JSON-ready data (see the module docstring)."""
    return _Writer().write(value)


def decode(data: Any) -> Any:
    """The value `encode` wrote as `data`."""
    return _Reader().read(data)


class _Writer:
    def __init__(self) -> None:
        # id → (number, object); the object is kept so that its id cannot be reused.
        self.seen: dict[int, tuple[int, Any]] = {}

    def write(self, value: Any) -> Any:
        write = self.write
        if isinstance(value, enum.Enum):
            return {"E": _name(type(value)), "v": value.value}
        if value is None or isinstance(value, (bool, str, int, float)):
            return value
        if isinstance(value, Decimal):
            return {"D": str(value)}
        if isinstance(value, dt.datetime):
            return {"t": value.isoformat()}
        if isinstance(value, dt.date):
            return {"d": value.isoformat()}
        if isinstance(value, list):
            return [write(v) for v in value]
        if isinstance(value, tuple):
            return {"T": [write(v) for v in value]}
        if isinstance(value, frozenset):
            return {"S": [write(v) for v in value]}
        if isinstance(value, dict):
            return {"M": [[write(k), write(v)] for k, v in value.items()]}
        if isinstance(value, BaseModel):
            return {"P": _name(type(value)), "v": value.model_dump(mode="json")}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            known = self.seen.get(id(value))
            if known is not None:
                return {"R": known[0]}
            number = len(self.seen)
            self.seen[id(value)] = (number, value)
            fields = {f.name: write(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return {"C": _name(type(value)), "f": fields, "i": number}
        raise CodecError(f"cannot write a {type(value).__name__}")


class _Reader:
    def __init__(self) -> None:
        self.made: dict[int, Any] = {}

    def read(self, data: Any) -> Any:
        read = self.read
        if isinstance(data, list):
            return [read(v) for v in data]
        if not isinstance(data, dict):
            return data
        if "D" in data:
            return Decimal(data["D"])
        if "M" in data:
            return {read(k): read(v) for k, v in data["M"]}
        if "T" in data:
            return tuple([read(v) for v in data["T"]])
        if "R" in data:
            return self.made[data["R"]]
        if "C" in data:
            cls = _class(data["C"])
            values = {name: read(v) for name, v in data["f"].items()}
            init = _init_fields(cls)
            obj = cls(**{k: v for k, v in values.items() if k in init})
            for k, v in values.items():
                if k not in init:
                    object.__setattr__(obj, k, v)
            self.made[data["i"]] = obj
            return obj
        if "E" in data:
            return _class(data["E"])(data["v"])
        if "d" in data:
            return dt.date.fromisoformat(data["d"])
        if "t" in data:
            return dt.datetime.fromisoformat(data["t"])
        if "S" in data:
            return frozenset(read(v) for v in data["S"])
        if "P" in data:
            return _class(data["P"]).model_validate(data["v"])
        raise CodecError(f"unknown stored value: {sorted(data)}")


def dumps(value: Any) -> str:
    """`value` as JSON text (compact, non-ASCII kept as is)."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """The value `dumps` wrote as `text`."""
    return decode(json.loads(text))


__all__ = ["CodecError", "decode", "dumps", "encode", "loads"]
