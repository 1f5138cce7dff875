"""Every page runs under `script-src 'self'` (no inline script): a template that carries an
inline event handler (`onclick="…"`) or an inline <script> is blocked in the browser, so none
may ship. The browser tests see this only on the pages they open; this reads every template."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "innocounty"
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_no_template_carries_inline_script_or_event_handlers():
    templates = sorted(PACKAGE.glob("**/templates/**/*.html"))
    assert len(templates) > 50
    found = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (HANDLER, INLINE_SCRIPT):
            found += [
                f"{path.relative_to(PACKAGE)}: {m.group(0)[:60]}" for m in pattern.finditer(text)
            ]
    assert found == []


def test_the_check_sees_a_handler():
    assert HANDLER.search('<form method="post" onsubmit="return confirm(1)">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
