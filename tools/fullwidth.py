"""Full-width punctuation in the Chinese text of source files (GB/T 15834). A dev tool.

    python tools/fullwidth.py [--check] PATH...
    python tools/fullwidth.py innocounty/locale/en/LC_MESSAGES/django.po   # then makemessages

Turns ASCII `, : ; ( ) ! ?` that stand next to Chinese text into ，：；（）！？ (and nests
curly quotes as “…‘…’…”), using the product's own rule (`innocounty.core.punctuation`),
only where the product writes text:

- Python files: string literals, not docstrings, comments, raw strings (regular expressions),
  bytes, English sentences (three Latin words in a row) or lines marked `# fullwidth: keep`
  (text compared with outside input, such as a label read back from a workbook), nor Excel
  formulas (`formula1=`);
- templates (.html, .txt): the msgids of `{% translate %}` and `{% blocktranslate %}`, and
  the text between tags.

Never inside `{{ }}`, `{% %}`, `{# #}`, `%(x)s`, `{x}`, escapes, straight quotes, HTML tags
(attributes), `<script>` or `<style>`: each is masked by one character while the rule runs,
a Han one for a `translate` tag with Chinese msgid (so `{% translate "目标" %}:` is Chinese
context) and a private-use one otherwise. A mark that the rule turns full-width right after a
`translate` tag outside the msgid is moved into the msgid, so English keeps its own colon.
Re-running it changes nothing. `--check` lists the files it would change and exits 1.
Skipped: migrations and `innocounty/core/` (see SKIP_PARTS). Run `ruff format` afterwards
(a full-width mark is two columns wide).
Review the diff by eye: a string compared with outside input (a header read from an uploaded
workbook, a regular expression in a normal string) may need its ASCII form back.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from innocounty.core.punctuation import fullwidth

HAN = re.compile(r"[\u4e00-\u9fff]")
CHINESE_LINE = re.compile(r"[\u3400-\u9fff]")  # Han, or a mask that reads as Chinese
ENGLISH = re.compile(r"\b[A-Za-z]+\s+[a-z]+\s+[a-z]+\b")
PLAIN = 0xE000  # private use: masks that are not Chinese
CHINESE = 0x3400  # CJK extension A: masks that read as Chinese (a translate tag)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}|\\.|[\"']")
TEMPLATE_TAG = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
TRANSLATE = re.compile(r"""(\{%\s*(?:translate|trans)\s+)(["'])(.*?)\2""", re.S)
BLOCK = re.compile(
    r"(\{%\s*blocktrans(?:late)?\b.*?%\})(.*?)(\{%\s*endblocktrans(?:late)?\s*%\})", re.S
)
HTML = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)


class Masks:
    """Stand-in characters for protected pieces of text, and back."""

    def __init__(self) -> None:
        self.pieces: dict[str, str] = {}
        self.plain = PLAIN
        self.chinese = CHINESE

    def add(self, piece: str, chinese: bool = False) -> str:
        if chinese:
            char, self.chinese = chr(self.chinese), self.chinese + 1
        else:
            char, self.plain = chr(self.plain), self.plain + 1
        self.pieces[char] = piece
        return char

    def restore(self, text: str) -> str:
        pattern = re.compile("|".join(map(re.escape, self.pieces)) or r"(?!)")
        for _ in range(3):  # masks inside masks
            text = pattern.sub(lambda m: self.pieces[m.group()], text)
        return text


def convert_text(text: str, masks: Masks) -> str:
    """Full-width marks line by line (newlines and indents stay), masks restored."""
    lines = [
        fullwidth(line) if CHINESE_LINE.search(line) and not ENGLISH.search(line) else line
        for line in text.split("\n")
    ]
    return masks.restore("\n".join(lines))


def convert_message(text: str) -> str:
    """One msgid or string literal: placeholders, escapes and quotes masked."""
    if not HAN.search(text) or ENGLISH.search(text):
        return text
    masks = Masks()
    return convert_text(PLACEHOLDER.sub(lambda m: masks.add(m.group()), text), masks)


# --- Python ---------------------------------------------------------------------------------
KEEP = "# fullwidth: keep"  # on a line whose strings must stay as they are
KEEP_ARGUMENTS = {"formula1", "formula2"}  # Excel formulas: a list's separator is ","
STRING_PREFIX = re.compile(r"^([A-Za-z]*)('''|\"\"\"|'|\")", re.S)


def convert_python(source: str) -> str:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    significant = [t for t in tokens if t.type not in (tokenize.NL, tokenize.COMMENT)]
    for index, token in enumerate(significant):
        if token.type != tokenize.STRING or KEEP in lines[token.start[0] - 1]:
            continue
        if index >= 2 and significant[index - 2].string in KEEP_ARGUMENTS:
            continue
        before = significant[index - 1].type if index else tokenize.NEWLINE
        after = significant[index + 1].type if index + 1 < len(significant) else tokenize.NEWLINE
        starts_statement = before in (
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENCODING,
        )
        if starts_statement and after == tokenize.NEWLINE:
            continue  # a docstring
        prefix, quote = STRING_PREFIX.match(token.string).groups()
        if "r" in prefix.lower() or "b" in prefix.lower():
            continue
        body = token.string[len(prefix) + len(quote) : -len(quote)]
        new = convert_message(body)
        if new != body:
            start = offsets[token.start[0] - 1] + token.start[1]
            end = offsets[token.end[0] - 1] + token.end[1]
            edits.append((start, end, prefix + quote + new + quote))
    for start, end, text in reversed(edits):
        source = source[:start] + text + source[end:]
    return source


# --- templates ------------------------------------------------------------------------------
def convert_template(source: str) -> str:
    # 1. the msgids, each on its own
    source = TRANSLATE.sub(
        lambda m: m.group(1) + m.group(2) + convert_message(m.group(3)) + m.group(2), source
    )
    source = BLOCK.sub(lambda m: m.group(1) + convert_block(m.group(2)) + m.group(3), source)
    # 2. a mark right after a translate tag belongs in its msgid
    source = re.sub(
        r"""(\{%\s*(?:translate|trans)\s+)(["'])([^"']*[\u4e00-\u9fff])\2(\s*%\})([:;,])(?!\w)""",
        lambda m: f"{m[1]}{m[2]}{m[3]}{fullwidth('中' + m[5])[1]}{m[2]}{m[4]}",
        source,
    )
    # 3. the text between tags, with tags masked
    masks = Masks()

    def mask_block(m: re.Match) -> str:
        return masks.add(m.group(), chinese=bool(HAN.search(m.group(2))))

    def mask_tag(m: re.Match) -> str:
        translate = TRANSLATE.match(m.group())
        return masks.add(m.group(), chinese=bool(translate and HAN.search(translate.group(3))))

    text = BLOCK.sub(mask_block, source)
    text = TEMPLATE_TAG.sub(mask_tag, text)
    text = HTML.sub(lambda m: masks.add(m.group()), text)
    return convert_text(text, masks)


def convert_block(body: str) -> str:
    """A blocktranslate body: `{{ x }}` and `{% plural %}` masked."""
    if not HAN.search(body):
        return body
    masks = Masks()
    text = TEMPLATE_TAG.sub(lambda m: masks.add(m.group()), body)
    text = PLACEHOLDER.sub(lambda m: masks.add(m.group()), text)
    return convert_text(text, masks)


# --- translation catalogues ----------------------------------------------------------------
def convert_catalogue(source: str) -> str:
    """A .po file's msgids converted as the source strings are, translations kept: after
    converting the sources, convert the catalogue, then `makemessages` matches them again."""
    out, in_msgid = [], False
    for line in source.split("\n"):
        if line.startswith(("msgid ", "msgid_plural ")):
            in_msgid = True
        elif not line.startswith('"'):
            in_msgid = False
        if in_msgid:
            head, quote, body = line.partition('"')
            line = head + quote + convert_message(body[:-1]) + '"'
        out.append(line)
    return "\n".join(out)


# migrations are history; the pure core's strings are matched against text read with ASCII
# marks (the parser folds them) and it writes full-width through `fullwidth()` at run time
SKIP_PARTS = {"migrations", "core"}
CONVERTERS = {
    ".py": convert_python,
    ".html": convert_template,
    ".txt": convert_template,
    ".po": convert_catalogue,
}


def files(paths: list[str]) -> list[Path]:
    found = []
    for name in paths:
        path = Path(name)
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.suffix not in CONVERTERS or SKIP_PARTS & set(candidate.parts):
                continue
            if candidate.suffix == ".txt" and "templates" not in candidate.parts:
                continue  # plan source texts and the like are data
            found.append(candidate)
    return found


OUTSIDE_MSGID = re.compile(
    r"\{%\s*(?:translate|trans|endblocktrans(?:late)?)\b[^%]*%\}[（）：；，！？]"
    r"|[（）：；，！？]\{%\s*(?:translate|trans|blocktrans(?:late)?)\b"
)


def warn_outside_msgids(path: Path, text: str) -> None:
    """A full-width mark beside a translated string but outside it shows in English too:
    move it into the msgid (or make a blocktranslate of the whole phrase)."""
    for m in OUTSIDE_MSGID.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        print(f"{path}:{line}: full-width mark outside a msgid: {m.group()}", file=sys.stderr)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = []
    for path in files([a for a in argv if a != "--check"]):
        source = path.read_text(encoding="utf-8")
        if re.search(r"[\u3400-\u4dbf\ue000-\uf8ff]", source):
            print(f"skipped (uses mask characters): {path}", file=sys.stderr)
            continue
        result = source
        for _ in range(3):  # a mark made full-width makes its neighbour's context Chinese
            result = CONVERTERS[path.suffix](result)
        if path.suffix in (".html", ".txt"):
            warn_outside_msgids(path, result)
        if result != source:
            changed.append(path)
            if not check:
                path.write_text(result, encoding="utf-8")
    for path in changed:
        print(path)
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
