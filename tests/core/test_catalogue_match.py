"""Matching indicator names to the national catalogue (pure, no database)."""

from __future__ import annotations

import pytest

from innocounty.core.catalogue import match, match_loose


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
