"""The core's translatable text (`innocounty.core.messages`): marks, nesting, no Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from innocounty.core import validation
from innocounty.core.messages import EMPTY, N_, NC_, Message, text

CORE = Path(__file__).resolve().parents[2] / "innocounty" / "core"


def test_marks_return_their_text_and_a_context_is_kept():
    assert N_("已达标") == "已达标"
    assert NC_("reference value", "目标") == Message("目标", context="reference value")


def test_a_message_renders_nested_messages_with_the_translation_given():
    catalogue = {
        ("", "{period}为{value}"): "{period}: {value}",
        ("", "{year}年"): "{year}",
        ("reference value", "目标"): "target",
    }
    message = Message(
        N_("{period}为{value}"),
        {
            "period": Message(N_("{year}年"), {"year": 2025}),
            "value": NC_("reference value", "目标"),
        },
    )

    assert str(message) == "2025年为目标"
    assert message.render(lambda c, m: catalogue.get((c, m), m)) == "2025: target"


def test_an_empty_message_renders_empty_and_plain_text_is_never_translated():
    assert EMPTY.render(lambda c, m: "header of the catalogue") == ""
    assert text("潜江市").render(lambda c, m: m.replace("市", " City")) == "潜江市"


def test_the_core_imports_no_django():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


@pytest.mark.parametrize(
    ("template", "params"),
    [
        (validation.STOCK_DROPPED, {"previous": "120"}),
        (validation.BIG_CHANGE, {"previous": "3.1", "change": "+61.3"}),
        (validation.FAR_FROM_TARGET, {"year": "2025", "target": "260"}),
        (
            validation.DENOMINATOR_SCALE,
            {"denominator": "980000", "previous": "98.5", "times": "9949", "unit": "万人"},
        ),
        (
            validation.DENOMINATOR_RANGE,
            {"denominator": "5.2", "unit": "万人", "low": "10", "high": "100"},
        ),
    ],
)
def test_a_stored_warning_reads_back_as_the_message_it_was_written_from(template, params):
    stored = template.format(**params)

    assert validation.warning_message(stored) == Message(template, params)


def test_a_stored_text_that_is_no_known_warning_stays_as_it_is():
    message = validation.warning_message("单位自填的说明")

    assert message.render(lambda c, m: m.replace("说明", "note")) == "单位自填的说明"


def test_text_keeps_a_message_and_wraps_data():
    message = Message("{year}年", {"year": 2025})
    assert text(message) is message
    assert text("潜江") == Message("{text}", {"text": "潜江"})
