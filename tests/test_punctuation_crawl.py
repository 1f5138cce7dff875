"""Issue 13, item 1: no ASCII `, : ; ( ) ! ?` next to a Han character in any rendered page,
export or document of the demo (GB/T 15834: Chinese text takes ，：；（）！？).

The demo (the Qianjiang plan, its accounts, reporting and supervision data, a bulletin and a
self-evaluation report) is crawled as the office, the leader and a reporter: every URL pattern
with sample ids, then every link found, a few URLs per route. Pages are read as a person reads
them (no <script>/<style>, no tags, but the text of title/placeholder/aria-label attributes);
xlsx exports cell by cell, CSV as text, Word documents paragraph by paragraph and cell by cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

import docx
import openpyxl
import pytest
import time_machine
from django.urls import Resolver404, resolve

from tests.reporting.test_visibility import seed_urls

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC)  # the plan (2023–2025) is over
HAN = "\u3400-\u9fff"
ASCII_NEXT_TO_HAN = re.compile(rf"[{HAN}] ?[,:;()!?]|[,:;()!?] ?[{HAN}]")
SKIP = ("/admin/", "/accounts/logout", "/i18n/", "/static/")
SKIP_ENDINGS = ("/pdf/",)  # LibreOffice's conversion of the same .docx: slow, checked as docx
PER_ROUTE = 3
READABLE_ATTRIBUTES = re.compile(
    r'\s(?:title|placeholder|aria-label|alt|data-confirm)="([^"]*)"', re.I
)
HREF = re.compile(r'(?:href|action|src|hx-get)="([^"#]+)"')


@pytest.fixture
def demo(qianjiang, settings, tmp_path):
    from innocounty.acceptance.services import self_evaluation_create
    from innocounty.bulletins.services import bulletin_create
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create
    from innocounty.supervision.demo import demo_supervision_create

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        demo_accounts_create(plan=qianjiang)
        demo_reporting_create(plan=qianjiang, today=NOW.date())
        demo_supervision_create(plan=qianjiang, today=NOW.date())
        bulletin_create(plan=qianjiang, period="2025")
        self_evaluation_create(plan=qianjiang)
    return qianjiang


# --- what a response says -------------------------------------------------------------------


def html_text(html: str) -> str:
    """The text a reader sees: no scripts, styles or comments; readable attributes kept."""
    html = re.sub(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", " ", html, flags=re.S | re.I)
    attributes = READABLE_ATTRIBUTES.findall(html)
    text = re.sub(r"<[^>]*>", "\n", html)
    return unescape("\n".join([text, *attributes]))


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines += [str(v) for v in row if isinstance(v, str)]
    return "\n".join(lines)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(lines)


def file_text(name: str, data: bytes) -> str:
    if name.endswith(".xlsx"):
        return xlsx_text(data)
    if name.endswith(".docx"):
        return docx_text(data)
    if name.endswith(".csv"):
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
        return "\n".join(cell for row in rows for cell in row)  # "," separates cells
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(file_text(n, archive.read(n)) for n in archive.namelist())
    return ""  # evidence files (PDF, images) are the units' own uploads


def response_text(response) -> tuple[str, str]:
    """(kind, text) of a response: html, xlsx, docx, csv or zip."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        return "html", html_text(body.decode())
    disposition = response.get("Content-Disposition", "")
    name = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)', disposition)
    name = (name.group(1) if name else "").lower()
    if not name:
        name = {"spreadsheetml": ".xlsx", "wordprocessingml": ".docx", "csv": ".csv"}
        name = next((ext for key, ext in name.items() if key in content_type), "")
    kind = name.rsplit(".", 1)[-1] if "." in name else content_type
    return kind, file_text(name, body)


# --- the crawl ------------------------------------------------------------------------------


def _route(url: str) -> str:
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return f"{route}?{'&'.join(keys)}"


def crawl(client, plan) -> tuple[dict[str, tuple[str, str]], Counter]:
    """{url: (kind, text)} of every answered URL, at most PER_ROUTE answered per route and query
    keys."""
    per_route: Counter = Counter()
    queue, seen, pages = deque(), set(), {}

    def offer(url: str) -> None:
        if url in seen or url.startswith(SKIP) or url.endswith(SKIP_ENDINGS):
            return
        seen.add(url)
        queue.append(url)

    for url in seed_urls(plan):
        offer(url)
    while queue:
        url = queue.popleft()
        route = _route(url)
        if per_route[route] >= PER_ROUTE:
            continue
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200:
            # Only answered pages count: the seeds' sample ids (1, 2, 3) need not exist (on
            # PostgreSQL ids keep counting across tests), and a real link found later must
            # still get its turn.
            continue
        per_route[route] += 1
        kind, text = response_text(response)
        pages[url] = (kind, text)
        if kind == "html":
            for link in HREF.findall(response.content.decode()):
                link = unescape(link)
                if link.startswith("/") and not link.startswith("//"):
                    offer(link)
    return pages, Counter(kind for kind, _ in pages.values())


def source_quotes(plan) -> list[str]:
    """The errata's quotes of the source document (as the document has them) and of how the
    platform reads them (field names, an added bracket): data that legitimately holds ASCII."""
    from innocounty.core.planfile import load_plan_file, shipped_plan_path

    errata = load_plan_file(shipped_plan_path(plan.key)).errata
    quotes = [e.original for e in errata] + [e.reading for e in errata]
    return sorted((q for q in quotes if q), key=len, reverse=True)


def offences(pages: dict[str, tuple[str, str]], allowed: list[str]) -> list[str]:
    found = []
    for url, (_kind, text) in pages.items():
        for quote in allowed:
            text = text.replace(quote, " ")
        for line in text.splitlines():
            for m in ASCII_NEXT_TO_HAN.finditer(line):
                snippet = line[max(0, m.start() - 15) : m.end() + 15].strip()
                found.append(f"{url}: …{snippet}…")
    return sorted(set(found))


def test_no_ascii_punctuation_next_to_chinese_in_the_demo(client, demo):
    """One demo, three readers (loading the demo takes longer than a crawl)."""
    from django.contrib.auth import get_user_model

    allowed = source_quotes(demo)
    for username in ("office", "leader", "unit01"):
        client.force_login(get_user_model().objects.get(username=username))
        with time_machine.travel(NOW, tick=False):
            pages, kinds = crawl(client, demo)
        found = offences(pages, allowed)
        assert found == [], f"{username}: {len(found)} ASCII marks next to Chinese:\n" + "\n".join(
            found[:80]
        )
        # the crawl reached what it is meant to check
        assert kinds["html"] > 30, (username, kinds)
        if username == "office":
            assert kinds["xlsx"] >= 3 and kinds["csv"] >= 1 and kinds["docx"] >= 2, kinds
            texts = "\n".join(text for _kind, text in pages.values())
            assert "各成员单位：" in texts  # the bulletin's salutation, read from its .docx
            assert "自评报告" in texts
