"""Recognise unit names: split run-together names, keep groups whole, map variants.

The vocabulary is the shipped list of common county-level bodies (units.txt) plus every clean
name the document itself writes (附件2 member list, duty lines, 牵头/责任 clauses, the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

PREFIXES = ("市", "县", "区", "市委", "县委", "区委")

# "各区、镇、街道", "相关区、镇、街道", "各乡镇(街道)", "有关部门": several bodies named together.
_PLACE = r"(?:管理区|街道办事处|街道|乡镇|区|镇|乡|县|市|场|部门|单位|园区)"
# A later place of a group. 区, 县 or 市 followed by more of a name begins the next unit
# ("各区、镇、街道、市发改委", "各乡镇、县科技局"), unless another place or a suffix follows.
_LATER_PLACE = (
    r"(?:管理区|街道办事处|街道|乡镇|镇|乡|场|部门|单位|园区"
    rf"|[区县市](?=[^\u4e00-\u9fff]|$|{_PLACE}|主要|负责|等))"
)
GROUP_RE = re.compile(
    rf"(?:各|相关|有关|其他|其它){_PLACE}(?:[、和及与]?{_LATER_PLACE})*(?:\({_PLACE}\))?"
    r"|[^、,,;;:\[\]【】]{0,30}?领导小组(?:各)?(?:成员单位|办公室)"
)
SEPARATORS_RE = re.compile(r"[、,;,;/]+|\s+")
_CONJUNCTIONS = ("以及", "和", "及", "与", "等")
# Place names that open with the conjunction 和: "和县科技局" keeps its 和.
_PLACES_OPENING_WITH_HE = (
    "和县",
    "和平",
    "和田",
    "和龙",
    "和顺",
    "和政",
    "和静",
    "和硕",
    "和林格尔",
)
# Conjunctions that may join two names written together: "县经信局和县财政局".
_JOINING = frozenset({"以及", "和", "及", "与"})
_SUFFIXES = ("主要负责同志", "主要负责人", "负责同志", "等单位", "等部门", "等")
_EDGE_PUNCTUATION = " 。.::"  # characters, not a suffix
_PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")
UNIT_ENDINGS = (
    "局",
    "委",
    "办",
    "中心",
    "公司",
    "管委会",
    "部",
    "政府",
    "院",
    "所",
    "会",
    "处",
    "室",
    "站",
    "行",
    "社",
    "联",
    "团",
    "队",
    "街道",
    "单位",
)


@dataclass(frozen=True)
class Vocabulary:
    names: frozenset[str]
    variants: dict[str, str]


@cache
def shipped_vocabulary() -> Vocabulary:
    """Load units.txt, expanding each body with the place prefixes."""
    names: set[str] = set()
    variants: dict[str, str] = {}
    text = resources.files("innocounty.core.parser").joinpath("units.txt").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            names.add(line[1:].strip())
        elif ">" in line:
            old, new = (part.strip() for part in line.split(">", 1))
            for prefix in PREFIXES:
                variants[prefix + old] = prefix + new
                names.add(prefix + new)
        else:
            names.update(prefix + line for prefix in PREFIXES)
    return Vocabulary(frozenset(names), variants)


def group_kind(name: str) -> str | None:
    """Return "group" or "office" for names that stand for several bodies or the office."""
    if "领导小组" in name and name.endswith("办公室"):
        return "office"
    if GROUP_RE.fullmatch(name):
        return "group"
    return None


def looks_like_unit(text: str) -> bool:
    """Tell a unit name from other short table text (a category fragment, a note)."""
    text = text.strip()
    if not text or len(text) > 40:
        return False
    if GROUP_RE.search(text):
        return True
    vocabulary = shipped_vocabulary()
    return any(part in vocabulary.names or part.endswith(UNIT_ENDINGS) for part in raw_pieces(text))


def raw_pieces(text: str) -> list[str]:
    """Split a unit list on separators, keeping groups ("各区、镇、街道") whole."""
    groups: list[str] = []

    def protect(match: re.Match[str]) -> str:
        groups.append(match.group(0).strip())
        return f"\x00{len(groups) - 1}\x00"

    protected = GROUP_RE.sub(protect, text)
    pieces: list[str] = []
    for chunk in SEPARATORS_RE.split(protected):
        # A group glued to a name ("潜江高新区管委会各区、镇、街道") still splits off.
        position = 0
        for match in _PLACEHOLDER_RE.finditer(chunk):
            pieces.append(chunk[position : match.start()])
            pieces.append(groups[int(match.group(1))])
            position = match.end()
        pieces.append(chunk[position:])
    return [clean for piece in pieces if (clean := _clean_piece(piece))]


def _clean_piece(piece: str) -> str:
    piece = piece.strip(_EDGE_PUNCTUATION)
    # Strip a bracket only when it has no partner: "各乡镇(街道)" keeps its own.
    while piece and piece[0] in "([【" and not any(c in piece for c in ")]】"):
        piece = piece[1:].strip()
    while piece and piece[-1] in ")]】" and not any(c in piece for c in "([【"):
        piece = piece[:-1].strip()
    changed = True
    while changed and piece:
        if piece in _SUFFIXES or piece in _CONJUNCTIONS:
            # Nothing but a suffix or a conjunction, from the start or once others came off
            # ("主要负责同志等" → "主要负责同志"): no unit.
            return ""
        changed = False
        for suffix in _SUFFIXES:
            if piece.endswith(suffix) and len(piece) > len(suffix):
                piece, changed = piece[: -len(suffix)], True
        for word in _CONJUNCTIONS:
            if (
                piece.startswith(word)
                and len(piece) > len(word) + 1
                and not piece.startswith(_PLACES_OPENING_WITH_HE)
            ):
                piece, changed = piece[len(word) :], True
            if piece.endswith(word) and len(piece) > len(word) + 1:
                piece, changed = piece[: -len(word)], True
    return piece.strip()


def segment(piece: str, known: set[str] | frozenset[str]) -> list[str] | None:
    """Split a run-together name into two or more known names covering it, or return None.

    A conjunction (和, 及, 与, 以及) may stand between two of the names and is dropped
    ("县经信局和县财政局"). Dynamic programming over the string keeps it linear in the piece's
    length (names are at most ~30 characters) and prefers the split with the fewest names.
    """
    if len(piece) > 120:
        return None
    # The fewest names covering piece[:end], and whether they end with a conjunction.
    best: list[tuple[list[str], bool] | None] = [None] * (len(piece) + 1)
    best[0] = ([], False)
    for end in range(1, len(piece) + 1):
        for start in range(max(0, end - 30), end):
            word = piece[start:end]
            prev = best[start]
            if prev is None or word == piece:
                continue
            names, joined = prev
            if word in known:
                found = ([*names, word], False)
            elif word in _JOINING and names and not joined:
                found = (names, True)
            else:
                continue
            current = best[end]
            if current is None or len(found[0]) < len(current[0]):
                best[end] = found
    result = best[len(piece)]
    if result is None or result[1] or len(result[0]) < 2:
        return None
    return result[0]


@dataclass
class UnitResolver:
    """Collects the document's unit names and resolves every mention to a canonical name."""

    members: list[str] = field(default_factory=list)
    doc_names: set[str] = field(default_factory=set)
    # name → reasons it was repaired, filled by `resolve_list`
    aliases: dict[str, str] = field(default_factory=dict)

    _known: set[str] | None = None

    def learn(self, text: str) -> None:
        """Add the clean pieces of a unit list to the document vocabulary; a lone character
        ("县": what is left of a name the document cut off) is no name to split others by."""
        for piece in raw_pieces(text):
            if len(piece) >= 2:
                self.doc_names.add(piece)
        self._known = None

    def known(self) -> set[str]:
        """Shipped and document names; cached, since a long table resolves many lists."""
        if self._known is None:
            self._known = set(shipped_vocabulary().names) | self.doc_names | set(self.members)
        return self._known

    def resolve_list(self, text: str) -> tuple[list[str], list[str]]:
        """Return the canonical unit names in a unit list and the repairs made (messages)."""
        known = self.known()
        names: list[str] = []
        repairs: list[str] = []
        for piece in raw_pieces(text):
            if len(piece) < 2:
                # A lone "县" or "市": what is left of a name the document cut off.
                repairs.append(f"残缺的单位名称“{piece}”已忽略")
                continue
            parts = [piece] if group_kind(piece) else segment(piece, known)
            if parts is None:
                parts = [piece]
            elif len(parts) > 1:
                repairs.append(f"单位名称连写“{piece}”拆分为：{'、'.join(parts)}")
            for part in parts:
                canonical, why = self.canonical(part)
                if why:
                    repairs.append(why)
                if canonical not in names:
                    names.append(canonical)
        return names, repairs

    def canonical(self, name: str) -> tuple[str, str]:
        """Map a variant to its canonical name; return (name, "") when nothing changes."""
        if name in self.members or group_kind(name):
            return name, ""
        variants = shipped_vocabulary().variants
        if name in variants:
            new = variants[name]
            self.aliases[name] = new
            return new, f"单位名称“{name}”按现名读作“{new}”"
        for prefix in ("市", "县", "区"):
            if prefix + name in self.members:
                self.aliases[name] = prefix + name
                return prefix + name, f"单位名称“{name}”缺少前缀，读作成员单位“{prefix + name}”"
        return name, ""
