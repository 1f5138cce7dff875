"""The rules of `core/parser/units.py`: how the parser recognises the unit names of a plan.
A unit list splits on 、 , ; / and spaces, but a group ("各区、镇、街道", "各乡镇(街道)") or
a leading group's office stays whole; edge punctuation, a bracket without its partner, the
suffixes "等单位" "负责同志" … and the conjunctions "和" "及" "以及" … come off, never down to
a single character and never the 和 of a place name (和县, 和平区, 和田市 …); a run-together name
is split into the fewest known names (120 characters at most, names of 30 characters at most),
a conjunction between two of them dropped; a variant is read as the current name (units.txt,
"经信委 > 经信局"), a name without its place prefix as the member unit. The resolver reports
each repair with its exact Chinese message. Expected values are worked out by hand from these
rules. Written for the mutation run of the parser (docs/en/mutation-testing.md). Pure: no
database, no file but the shipped vocabulary.
"""

from __future__ import annotations

import pytest

from innocounty.core.parser.units import (
    UnitResolver,
    _clean_piece,
    group_kind,
    looks_like_unit,
    raw_pieces,
    segment,
    shipped_vocabulary,
)

# --- group_kind ----------------------------------------------------------------------------


def test_a_leading_group_office_is_the_office():
    # Rule: a name with 领导小组 that ends in 办公室 is the office, not a group of bodies.
    assert group_kind("市创新领导小组办公室") == "office"


def test_the_members_of_a_leading_group_are_a_group_not_the_office():
    # Rule: 领导小组 without 办公室 at the end ("…成员单位") stands for several bodies.
    assert group_kind("市创新领导小组成员单位") == "group"


def test_an_office_outside_a_leading_group_is_one_unit():
    # Rule: ending in 办公室 alone does not make the office of the leading group.
    assert group_kind("市委办公室") is None
    assert group_kind("市科技局") is None


def test_several_places_named_together_are_a_group():
    assert group_kind("各区、镇、街道") == "group"
    assert group_kind("各乡镇(街道)") == "group"


# --- looks_like_unit -----------------------------------------------------------------------

# Eight names, 4 × 7 + 5 characters and 7 separators: 40 characters.
FORTY = "市科技局、市发改委、市经信局、市财政局、市人社局、市住建局、市商务局、市人民银行"
# The same with 市市场监管局 (6) for 市人民银行 (5): 41 characters.
FORTY_ONE = "市科技局、市发改委、市经信局、市财政局、市人社局、市住建局、市商务局、市市场监管局"


def test_a_unit_list_of_exactly_40_characters_is_a_unit():
    # Rule: text up to 40 characters may be a unit list; 40 is still in.
    assert len(FORTY) == 40
    assert looks_like_unit(FORTY) is True


def test_a_unit_list_of_41_characters_is_no_unit():
    # Rule: longer than 40 characters is a note or a sentence, whatever names it holds.
    assert len(FORTY_ONE) == 41
    assert looks_like_unit(FORTY_ONE) is False


def test_empty_or_blank_text_is_no_unit():
    assert looks_like_unit("") is False
    assert looks_like_unit("   ") is False


def test_a_group_is_a_unit():
    # Rule: "各区、镇、街道" names bodies even though no piece ends like a unit.
    assert looks_like_unit("各区、镇、街道") is True


def test_a_known_name_or_a_unit_ending_is_a_unit_and_a_category_fragment_is_not():
    assert looks_like_unit("潜江高新区管委会") is True  # ends in 管委会
    assert looks_like_unit("团市委") is True  # shipped whole name
    assert looks_like_unit("科技创新投入") is False


# --- raw_pieces and _clean_piece -----------------------------------------------------------


def test_a_list_splits_on_every_separator():
    assert raw_pieces("市科技局、市发改委,市经信局;市财政局/市人社局 市住建局") == [
        "市科技局",
        "市发改委",
        "市经信局",
        "市财政局",
        "市人社局",
        "市住建局",
    ]


def test_a_group_stays_whole_and_splits_off_a_name_it_is_glued_to():
    # Rule: the 、 inside "各区、镇、街道" does not split it; glued to a name, it still
    # comes off as a piece of its own, in place.
    assert raw_pieces("潜江高新区管委会各区、镇、街道") == ["潜江高新区管委会", "各区、镇、街道"]
    assert raw_pieces("市科技局、各区、镇、街道、潜江高新区管委会") == [
        "市科技局",
        "各区、镇、街道",
        "潜江高新区管委会",
    ]


def test_edge_punctuation_comes_off():
    # Rule: spaces, 。 . : and : at either end are not part of the name.
    assert raw_pieces("市科技局。") == ["市科技局"]
    assert raw_pieces(":市发改委:") == ["市发改委"]


def test_a_bracket_without_its_partner_comes_off_at_either_end():
    # Rule: "(市科技局、市发改委)" splits into two pieces, each with half a bracket.
    assert raw_pieces("(市科技局、市发改委)") == ["市科技局", "市发改委"]
    assert raw_pieces("【市经信局") == ["市经信局"]
    assert raw_pieces("市经信局】") == ["市经信局"]


def test_a_bracket_with_its_partner_stays():
    # Rule: "各乡镇(街道)" and "【牵头】市科技局" keep their own brackets.
    assert raw_pieces("各乡镇(街道)") == ["各乡镇(街道)"]
    assert _clean_piece("【牵头】市科技局") == "【牵头】市科技局"
    assert _clean_piece("市科技局(牵头)") == "市科技局(牵头)"


def test_a_template_placeholder_xx_is_no_bracket():
    # Rule: only brackets come off; a template's "XX" for a blank place or unit stays, and
    # an unpartnered bracket next to it still comes off.
    assert raw_pieces("XX县科技局、XX") == ["XX县科技局", "XX"]
    assert raw_pieces("(XX县科技局") == ["XX县科技局"]
    assert raw_pieces("XX县科技局)") == ["XX县科技局"]


def test_a_piece_that_is_only_a_suffix_or_a_conjunction_is_dropped():
    # Rule: "等单位", "负责同志", "和" alone (a space split them off) are no unit.
    assert raw_pieces("市科技局、市发改委 等单位") == ["市科技局", "市发改委"]
    assert raw_pieces("市科技局 和 市发改委") == ["市科技局", "市发改委"]
    assert _clean_piece("负责同志") == ""
    assert _clean_piece("等") == ""


def test_a_suffix_comes_off_a_longer_piece_even_one_character_longer():
    # Rule: a suffix comes off when something is left: "市科技局等单位" → 市科技局,
    # "县等" → 县 (one character longer), "市等单位" → 市.
    assert raw_pieces("市科技局等单位") == ["市科技局"]
    assert _clean_piece("县等") == "县"
    assert _clean_piece("市等单位") == "市"


def test_suffixes_come_off_until_none_is_left():
    # Rule: stripping repeats: "主要负责同志等" loses 等, then 主要负责同志.
    assert raw_pieces("市科技局、市发改委主要负责同志等") == ["市科技局", "市发改委"]


def test_a_conjunction_comes_off_only_when_two_characters_are_left():
    # Rule: a leading or trailing conjunction comes off when at least two characters
    # remain; the county names 和县 and 太和 (one character left) stay whole.
    assert _clean_piece("和县") == "和县"
    assert _clean_piece("太和") == "太和"
    # Two characters left (conjunction + 2): it comes off.
    assert raw_pieces("市总工会、团市委 及妇联") == ["市总工会", "团市委", "妇联"]
    assert raw_pieces("妇联和\n团市委") == ["妇联", "团市委"]
    assert _clean_piece("以及妇联") == "妇联"


@pytest.mark.parametrize(
    "name",
    ["和县科技局", "和平区科技局", "和平县财政局", "和田市发改委", "和龙市科技局", "和顺县科技局",
     "和政县科技局", "和静县科技局", "和硕县科技局", "和林格尔县科技局"],
)  # fmt: skip
def test_a_place_name_opening_with_he_keeps_it(name: str):
    # Rule: 和 opens these counties' and districts' names: it is no conjunction there.
    assert _clean_piece(name) == name
    assert raw_pieces(f"{name}、县经信局") == [name, "县经信局"]


def test_a_leading_conjunction_stays_when_one_character_would_be_left():
    # Rule: "与会" (a word) keeps its 与; "以及会" its 以及.
    assert _clean_piece("与会") == "与会"
    assert _clean_piece("以及会") == "以及会"


def test_a_conjunction_before_another_name_still_comes_off():
    # Rule: only the place names keep their 和: "和市经信局" loses it.
    assert _clean_piece("和市经信局") == "市经信局"
    assert _clean_piece("和妇联") == "妇联"


def test_a_conjunction_at_the_end_of_a_long_name_comes_off():
    assert _clean_piece("市科技局和") == "市科技局"


def test_a_conjunction_and_a_suffix_come_off_whatever_their_order():
    # Rule: stripping repeats after a conjunction: "…等单位和" loses 和, then 等单位;
    # a doubled conjunction "和和" (a typo) loses both.
    assert raw_pieces("市科技局等单位和\n各区、镇、街道") == ["市科技局", "各区、镇、街道"]
    assert _clean_piece("和和市经信局") == "市经信局"


# --- segment -------------------------------------------------------------------------------

NAMES = shipped_vocabulary().names


def test_segment_splits_run_together_names_of_the_vocabulary():
    assert segment("市科技局市发改委", NAMES) == ["市科技局", "市发改委"]
    assert segment("县经信局团县委县妇联", NAMES) == ["县经信局", "团县委", "县妇联"]


@pytest.mark.parametrize(
    ("piece", "names"),
    [
        ("县经信局和县财政局", ["县经信局", "县财政局"]),
        ("县经信局及县财政局与县人社局", ["县经信局", "县财政局", "县人社局"]),
        ("县经信局以及县财政局", ["县经信局", "县财政局"]),
    ],
)
def test_segment_drops_a_conjunction_between_two_names(piece: str, names: list[str]):
    known = {"县经信局", "县财政局", "县人社局"}
    assert segment(piece, known) == names


@pytest.mark.parametrize(
    "piece",
    [
        "和县经信局县财政局",  # before the first name
        "县经信局县财政局和",  # after the last
        "县经信局和和县财政局",  # two in a row
        "县经信局等县财政局",  # 等 is no conjunction between names
    ],
)
def test_segment_takes_a_conjunction_only_between_two_names(piece: str):
    assert segment(piece, {"县经信局", "县财政局"}) is None


def test_the_resolver_splits_names_joined_by_a_conjunction():
    resolver = UnitResolver()
    names, repairs = resolver.resolve_list("县科技局、县经信局和县财政局")
    assert names == ["县科技局", "县经信局", "县财政局"]
    assert repairs == ["单位名称连写“县经信局和县财政局”拆分为：县经信局、县财政局"]


def test_segment_of_one_name_or_an_unknown_piece_is_none():
    # Rule: a "split" into the piece itself is no split; an uncovered piece has none.
    assert segment("市科技局", NAMES) is None
    assert segment("市科技局潜江高新区", NAMES) is None


def test_segment_of_an_empty_piece_is_none():
    assert segment("", NAMES) is None


def test_segment_takes_a_piece_of_exactly_120_characters():
    # Rule: up to 120 characters are split; 15 × (4 + 4) = 120.
    known = {"市科技局", "市发改委"}
    piece = "市科技局市发改委" * 15
    assert len(piece) == 120
    assert segment(piece, known) == ["市科技局", "市发改委"] * 15


def test_segment_refuses_a_piece_of_121_characters():
    # Rule: longer than 120 characters is not one run-together name; 14 × 8 + 4 + 5 = 121.
    known = {"市科技局", "市发改委", "市经信局", "市人民银行"}
    piece = "市科技局市发改委" * 14 + "市经信局" + "市人民银行"
    assert len(piece) == 121
    assert segment(piece, known) is None


NAME_30 = "湖北省潜江市推进科技创新和产业创新深度融合发展工作专班办公室"
NAME_31 = "中共湖北省潜江市委推进科技创新和产业创新深度融合发展专班办公室"


def test_segment_uses_names_of_up_to_30_characters():
    # Rule: a name of the split is at most 30 characters long.
    assert len(NAME_30) == 30
    assert segment(NAME_30 + "市科技局", {NAME_30, "市科技局"}) == [NAME_30, "市科技局"]


def test_segment_ignores_a_name_of_31_characters():
    assert len(NAME_31) == 31
    assert segment(NAME_31 + "市科技局", {NAME_31, "市科技局"}) is None


def test_segment_may_start_with_a_one_character_name():
    # Rule: segment takes every name it is given, however short (keeping fragments out of
    # the vocabulary is the caller's business).
    assert segment("县科技局", {"县", "科技局"}) == ["县", "科技局"]


def test_segment_prefers_fewer_names_found_later():
    # Rule: the split with the fewest names wins, even when it ends in a shorter name found
    # after a longer one. The vocabulary holds names a document wrote run together (learn()
    # takes them as they stand): 科技局+发改委+经信局 as one, 经信局+财政局 as one.
    known = {
        "市科技局",
        "市发改委",
        "市经信局",
        "市财政局",
        "市科技局市发改委市经信局",
        "市经信局市财政局",
    }
    # 市科技局 | 市发改委 | 市经信局市财政局 has 3 names; 市科技局市发改委市经信局 | 市财政局 has 2.
    assert segment("市科技局市发改委市经信局市财政局", known) == [
        "市科技局市发改委市经信局",
        "市财政局",
    ]


def test_segment_keeps_the_longest_last_name_on_a_tie():
    # Rule: of two splits with equally few names, the one found first (its last name the
    # longest) is kept, so the same text always splits the same way.
    known = {"市科技局", "市发改委", "市经信局", "市科技局市发改委", "市发改委市经信局"}
    assert segment("市科技局市发改委市经信局", known) == ["市科技局", "市发改委市经信局"]


# --- UnitResolver --------------------------------------------------------------------------


def test_learn_adds_the_clean_pieces_to_the_document_names():
    resolver = UnitResolver()
    resolver.learn("潜江高新区管委会、市科技局等单位")
    assert resolver.doc_names == {"潜江高新区管委会", "市科技局"}


def test_known_holds_shipped_document_and_member_names_and_follows_learn():
    resolver = UnitResolver(members=["市创新领导小组办公室"])
    known = resolver.known()
    assert "市科技局" in known  # shipped
    assert "市创新领导小组办公室" in known  # member
    assert "潜江高新区管委会" not in known
    resolver.learn("潜江高新区管委会")
    assert "潜江高新区管委会" in resolver.known()  # learned after the first call


def test_resolve_list_reads_a_clean_list_without_repairs():
    resolver = UnitResolver()
    assert resolver.resolve_list("市科技局、市发改委、各区、镇、街道") == (
        ["市科技局", "市发改委", "各区、镇、街道"],
        [],
    )


def test_resolve_list_ignores_a_one_character_piece_and_reads_on():
    # Rule: a lone 县 is what is left of a cut-off name: ignored with a message, and the
    # names after it are still read.
    resolver = UnitResolver()
    assert resolver.resolve_list("县、市科技局") == (["市科技局"], ["残缺的单位名称“县”已忽略"])


def test_resolve_list_keeps_a_two_character_name():
    resolver = UnitResolver()
    assert resolver.resolve_list("市科技局、妇联") == (["市科技局", "妇联"], [])


def test_resolve_list_splits_a_run_together_name_and_says_so():
    resolver = UnitResolver()
    assert resolver.resolve_list("市科技局市发改委") == (
        ["市科技局", "市发改委"],
        ["单位名称连写“市科技局市发改委”拆分为：市科技局、市发改委"],
    )


def test_resolve_list_splits_into_the_fewest_names():
    # Rule: with 县委 and 办公室 learned, "县委办公室县科技局" is 县委办公室 + 县科技局
    # (2 names), not 县委 + 办公室 + 县科技局 (3).
    resolver = UnitResolver()
    resolver.learn("县委、县政府")
    resolver.learn("办公室")
    assert resolver.resolve_list("县委办公室县科技局") == (
        ["县委办公室", "县科技局"],
        ["单位名称连写“县委办公室县科技局”拆分为：县委办公室、县科技局"],
    )


def test_resolve_list_never_splits_a_leading_group_office():
    # Rule: the office stays whole even when known names would cover it.
    resolver = UnitResolver()
    resolver.learn("县委、县政府")
    resolver.learn("科技创新领导小组办公室")
    assert resolver.resolve_list("县委科技创新领导小组办公室") == (
        ["县委科技创新领导小组办公室"],
        [],
    )


def test_resolve_list_reads_a_variant_as_the_current_name_once():
    # Rule: 科技委 > 科技局 (units.txt); the same unit named twice is listed once.
    resolver = UnitResolver()
    assert resolver.resolve_list("市科技委、市科技局") == (
        ["市科技局"],
        ["单位名称“市科技委”按现名读作“市科技局”"],
    )
    assert resolver.aliases == {"市科技委": "市科技局"}


def test_resolve_list_reads_a_name_without_prefix_as_the_member_unit():
    resolver = UnitResolver(members=["县科技局", "县发改委"])
    assert resolver.resolve_list("科技局、县发改委") == (
        ["县科技局", "县发改委"],
        ["单位名称“科技局”缺少前缀，读作成员单位“县科技局”"],
    )
    assert resolver.aliases == {"科技局": "县科技局"}


def test_canonical_maps_a_variant_and_records_the_alias():
    resolver = UnitResolver()
    assert resolver.canonical("县经信委") == ("县经信局", "单位名称“县经信委”按现名读作“县经信局”")
    assert resolver.aliases == {"县经信委": "县经信局"}


def test_canonical_keeps_a_member_name_even_when_it_is_a_variant():
    # Rule: the document's own member list wins over units.txt.
    resolver = UnitResolver(members=["市经信委"])
    assert resolver.canonical("市经信委") == ("市经信委", "")
    assert resolver.aliases == {}


def test_canonical_keeps_a_group_and_an_unknown_name_unchanged():
    resolver = UnitResolver(members=["市科技局"])
    assert resolver.canonical("市科技局") == ("市科技局", "")
    assert resolver.canonical("各区、镇、街道") == ("各区、镇、街道", "")
    assert resolver.canonical("潜江高新区管委会") == ("潜江高新区管委会", "")
    assert resolver.aliases == {}


@pytest.mark.parametrize("prefix", ["市", "县", "区"])
def test_canonical_adds_each_place_prefix_of_a_member(prefix):
    # Rule: 市, 县 and 区 are each tried in front of a name without prefix.
    resolver = UnitResolver(members=[prefix + "科技局"])
    assert resolver.canonical("科技局") == (
        prefix + "科技局",
        f"单位名称“科技局”缺少前缀，读作成员单位“{prefix}科技局”",
    )
    assert resolver.aliases == {"科技局": prefix + "科技局"}


# --- Bugs found by the mutation run, fixed ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # A group ends where a unit of its own begins: 市/县/区 followed by more of a name.
        ("各区、镇、街道、市发改委", ["各区、镇、街道", "市发改委"]),
        ("各乡镇、县科技局", ["各乡镇", "县科技局"]),
        ("相关区、镇、街道和区政府办", ["相关区、镇、街道", "区政府办"]),
        # … but not where another place or a suffix follows, or the text ends.
        ("各区、县", ["各区、县"]),
        ("各镇、区街道", ["各镇、区街道"]),
        ("各镇、区负责同志", ["各镇、区"]),
    ],
)
def test_a_group_does_not_take_the_place_prefix_of_the_next_unit(text, pieces):
    assert raw_pieces(text) == pieces


@pytest.mark.parametrize(
    "text", ["有关部门主要负责同志等", "各区、镇、街道负责同志等", "市科技局、主要负责同志等"]
)
def test_what_is_left_once_suffixes_come_off_is_no_unit_when_it_is_a_suffix_itself(text):
    # "主要负责同志等": 等 comes off, then the whole "主要负责同志" is a suffix: nothing is left
    # (it used to leave "主要"; "负责同志等" left "负责同志").
    assert [p for p in raw_pieces(text) if "负责" in p or p == "主要"] == []
    assert _clean_piece("等等") == ""
    assert _clean_piece("主要负责同志等") == ""


def test_a_lone_character_learned_from_a_cut_off_list_does_not_split_names():
    # The document cut "县" off a name; learning it must not make "县科技局" two units.
    resolver = UnitResolver()
    resolver.learn("县、县科技局")
    resolver.learn("科技局")
    assert "县" not in resolver.known()
    assert resolver.resolve_list("县科技局") == (["县科技局"], [])
    # Two characters are a name ("团委"), and so are three.
    resolver.learn("团委、妇联会")
    assert {"团委", "妇联会"} <= resolver.known()
