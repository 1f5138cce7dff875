"""Matching indicator names to the national catalogue (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.catalogue import BY_CODE, match, match_loose
from innocounty.core.schema import RatioParts


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Exactly as the catalogue writes it.
        ("规模以上工业企业研究与试验发展(R&D)经费支出占营业收入的比重", "N04"),
        # "(R&D)" and "的" left out, as plan documents often do.
        ("规模以上工业企业研究与试验发展经费支出占营业收入比重", "N04"),
        ("万名就业人员中研究与试验发展人员数", "N02"),
        ("一个不在目录中的指标", None),
    ],
)
def test_a_loose_match_ignores_r_and_d_and_de(name, code):
    entry = match_loose(name)
    assert (entry.code if entry else None) == code


def test_the_strict_match_needs_the_catalogue_wording():
    assert match("规模以上工业企业研究与试验发展经费支出占营业收入比重") is None


@pytest.mark.parametrize(
    "name",
    [
        "全社会研究与试验发展(R&D)经费支出",  # ASCII brackets
        "全社会研究与试验发展（R&D）经费支出 ",  # a trailing space
        "全社会研究与试验发展 R&D 经费支出",  # spaces instead of brackets
        "全社会研究与试验发展\u00a0(R&D)\u00a0经费支出",  # no-break spaces
    ],
)
def test_the_strict_match_ignores_brackets_and_spaces(name):
    entry = match(name)
    assert entry is not None and entry.code == "N03"


def test_a_loose_match_removes_r_and_d_from_the_name_read():
    # Only the alias without "的" and without "研究与试验发展" has this wording once "R&D" and
    # "的" are removed on both sides.
    entry = match_loose("规模以上工业企业R&D经费支出占营业收入的比重")
    assert entry is not None and entry.code == "N04"


def test_a_ratio_entry_names_its_parts_with_their_units():
    parts = BY_CODE["N13"].ratio
    assert parts == RatioParts(
        numerator="有效发明专利数",
        numerator_unit="件",
        denominator="常住人口",
        denominator_unit="万人",
        factor=Decimal(1),
    )
    assert BY_CODE["N01"].ratio.factor == Decimal(100)
