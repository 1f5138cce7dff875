"""Chinese punctuation (GB/T 15834): full-width marks in Chinese context, nested quotes right.

Pure Python. `fullwidth(text)` turns ASCII `, : ; ( ) ! ?` and straight quotes into ，：；（）！？
and “”, where they stand in Chinese text, and nests quotes as “…‘…’…”. Numbers, codes, times,
web addresses and Latin text keep their own marks: "1,000", "10:30", "https://…", "f(x)",
"Hello, world".
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…]")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SOFT = set(" \t0123456789.%‰+-−/×·")
_LATIN = re.compile(r"[A-Za-z]")
SIMPLE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
WINDOW = 12


def _han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def _nearest(text: str, start: int, step: int) -> str:
    """The nearest character that is not a digit, space or number sign, within WINDOW."""
    i = start
    for _ in range(WINDOW):
        if not 0 <= i < len(text):
            return ""
        ch = text[i]
        if ch not in _SOFT:
            return ch
        i += step
    return ""


def _chinese_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return False  # 1,000  10:30
    if text[i] == ":" and after == "/":
        return False  # http://
    if _LATIN.match(before or " ") and (after in ("", " ") or _LATIN.match(after)):
        return False  # Latin text: "Hello, world! 你好"
    left, right = _nearest(text, i - 1, -1), _nearest(text, i + 1, 1)
    if _LATIN.match(left or " ") and (_LATIN.match(right or " ") or not right):
        return False
    return _han(left) or _han(right)


def _brackets(text: str, chars: list[str]) -> int:
    """Full-width a bracket pair whose content or neighbours are Chinese."""
    changed = 0
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            inside = text[start + 1 : i]
            before = text[start - 1] if start > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if any(_han(c) for c in inside) or _han(before) or _han(after):
                chars[start], chars[i] = "（", "）"
                changed += 2
    return changed


def _quotes(chars: list[str]) -> int:
    """Straight quotes in Chinese text become “”; a quote inside a quote becomes ‘’."""
    changed = 0
    text = "".join(chars)
    straight = [i for i, ch in enumerate(chars) if ch == '"']
    for a, b in zip(straight[::2], straight[1::2], strict=False):
        if any(_han(c) for c in text[a + 1 : b]):
            chars[a], chars[b] = "“", "”"
            changed += 2
    depth = 0
    inner: list[bool] = []
    for i, ch in enumerate(chars):
        if ch in "“‘":
            nested = depth >= 1 and depth % 2 == 1
            want = "‘" if nested else "“"
            if ch != want:
                chars[i] = want
                changed += 1
            inner.append(nested)
            depth += 1
        elif ch in "”’" and inner:
            nested = inner.pop()
            depth -= 1
            want = "’" if nested else "”"
            if ch != want:
                chars[i] = want
                changed += 1
    return changed


def fullwidth_count(text: str) -> tuple[str, int]:
    """`fullwidth` and the number of marks it changed."""
    if not text or not _IDEOGRAPH.search(text):
        return text, 0  # no Chinese characters: not Chinese text
    chars = list(text)
    changed = 0
    for i, ch in enumerate(text):
        if ch in SIMPLE and _chinese_context(text, i):
            chars[i] = SIMPLE[ch]
            changed += 1
    changed += _brackets(text, chars)
    changed += _quotes(chars)
    result = "".join(chars)
    # A full-width mark needs no space around it: "县(市) 建设" stays, "支出 ，" loses the space.
    result = re.sub(r"\s+([，：；！？）])", r"\1", result)
    result = re.sub(r"([，：；！？（])\s+(?=\S)", r"\1", result)
    return result, changed


def fullwidth(text: str) -> str:
    """Full-width punctuation in Chinese context (GB/T 15834); other text unchanged."""
    return fullwidth_count(text)[0]
