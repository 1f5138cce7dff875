"""English pages show no Han characters outside data (issue 13, item 5).

The demo is loaded (plan, accounts, reporting rounds, supervision); the office, a leader and a
reporter each browse in English from the home page, following every link on the site once per
path (a few query strings each). Text that comes from the database (plan text, unit, indicator
and task names, people, reports, bulletins …) is removed from each page, as are scripts, styles
and anything marked ``lang="zh-…"`` (the language switcher); no Han character may remain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.urls import Resolver404, resolve

from innocounty.core import validation
from innocounty.core.validation import warning_message

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED_TAGS = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Not pages: leaving the site, switching language, downloads and Django's own admin.
SKIPPED_PATHS = re.compile(r"^/(static|media|admin|i18n)/|/logout/|\.(xlsx|docx|pdf|zip|csv)$")
PAGES_PER_ROUTE = 3  # e.g. three units' pages stand for all of them
NOW = dt.datetime(2025, 11, 28, 10, 0, tzinfo=dt.UTC)
PACKAGE = Path(__file__).resolve().parents[1] / "innocounty"


class _Text(HTMLParser):
    """The visible text and labelled attributes of a page, outside scripts and zh-marked parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._stack: list[bool] = []  # per open element: is its content skipped?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        skipped = (self._stack and self._stack[-1]) or tag in SKIPPED_TAGS
        skipped = skipped or (found.get("lang") or "").startswith("zh")
        if not skipped:
            self.parts.extend(found[a] or "" for a in ATTRIBUTES if found.get(a))
        if tag not in VOID:
            self._stack.append(bool(skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in [*value.keys(), *value.values()] for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _translatable(text: str, msgids: set[str]) -> bool:
    return text.strip() in msgids or warning_message(text).msgid in validation.WARNINGS


def _data_strings() -> list[str]:
    """Every Han-bearing text stored in the database, and its lines, longest first.

    Inside JSON (a bulletin's snapshot, a value's warnings) a text that is a msgid of the
    catalogue (a frozen status label) or a formatted one (a stored warning) is not data: the
    page must translate it.
    """
    catalogue = (PACKAGE / "locale/en/LC_MESSAGES/django.po").read_text("utf-8")
    msgids = set(re.findall(r'^msgid "(.+)"$', catalogue, re.M))
    found: set[str] = set()
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*(f.name for f in fields)):
            for field, value in zip(fields, row, strict=True):
                for text in _strings(value):
                    if not HAN.search(text):
                        continue
                    if isinstance(field, models.JSONField) and _translatable(text, msgids):
                        continue
                    found.add(text.strip())
                    found.update(line.strip() for line in text.splitlines())
    return sorted((s for s in found if s), key=len, reverse=True)


def _strip(text: str, data: list[str]) -> str:
    for s in data:
        if len(s) > 1:
            text = text.replace(s, " ")
        else:  # a one-character unit (家, 个) only where it stands alone
            text = re.sub(rf"(?<!{HAN.pattern}){re.escape(s)}(?!{HAN.pattern})", " ", text)
    return text


def _crawl(client, data: list[str]) -> dict[str, str]:
    """URL → a snippet around the first Han character left on it, for every page visited."""
    problems: dict[str, str] = {}
    queued = {"/"}
    per_route: dict[str, int] = {}
    queue = deque(["/"])
    pages = 0

    def follow(link: str) -> None:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return
        if SKIPPED_PATHS.search(parts.path) or link in queued:
            return
        try:
            route = resolve(parts.path).route
        except Resolver404:
            return
        if per_route.get(route, 0) >= PAGES_PER_ROUTE:
            return
        per_route[route] = per_route.get(route, 0) + 1
        queued.add(link)
        queue.append(link)

    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            follow(response["Location"])
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        parser = _Text()
        parser.feed(response.content.decode())
        page = re.sub(r"\s+", " ", _strip(" ".join(parser.parts), data))
        if m := HAN.search(page):
            problems[url] = page[max(0, m.start() - 60) : m.end() + 60]
        for href in parser.links:
            follow(urldefrag(href)[0])
    assert pages > 20, "the crawl found too few pages"
    return problems


@pytest.fixture
def demo(qianjiang):
    from innocounty.bulletins.services import bulletin_create
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.reporting.demo import demo_reporting_create
    from innocounty.supervision.demo import demo_supervision_create

    with time_machine.travel(NOW, tick=False):
        demo_accounts_create(plan=qianjiang)
        demo_reporting_create(plan=qianjiang, today=NOW.date())
        demo_supervision_create(plan=qianjiang, today=NOW.date())
        bulletin_create(plan=qianjiang, period="2025", now=NOW)
    return qianjiang


@pytest.mark.parametrize("username", ["office", "leader", "unit01"])
def test_english_pages_show_no_han_characters_outside_data(client, demo, username):
    data = _data_strings()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False):
        problems = _crawl(client, data)
    report = "\n".join(f"{url}\n    …{snippet}…" for url, snippet in sorted(problems.items()))
    assert problems == {}, f"Han characters on English pages:\n{report}"
