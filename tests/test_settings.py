import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import innocounty.settings as settings_module
from innocounty.settings import envbool, envint

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_lists_every_variable_the_settings_read():
    source = Path(settings_module.__file__).read_text()
    read = set(re.findall(r'env(?:bool|int|list)?\(\s*"([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ(?:\.get)?[\[(]"([A-Z_]+)"', source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no variable found: the pattern above is out of date"
    assert read - listed == set()


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("0", False), ("off", False)]
)
def test_envbool_reads_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert envbool("X_FLAG", "0") is expected


def test_envbool_and_envint_fail_loudly_on_bad_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be a boolean"):
        envbool("X_FLAG", "0")
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM must be an integer"):
        envint("X_NUM", "0")


def test_debug_is_off_by_default_and_chinese_is_the_default_language():
    from django.conf import settings

    assert settings.DEBUG is False
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_every_english_message_is_translated():
    po = (ROOT / "innocounty/locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    untranslated = re.findall(r'msgid "(.+)"\nmsgstr ""\n(?!")', po)
    assert untranslated == []
    assert "#, fuzzy" not in po


def test_the_compiled_english_catalogue_matches_its_source():
    import gettext

    po = (ROOT / "innocounty/locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = re.findall(r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"$', po, re.M)
    with (ROOT / "innocounty/locale/en/LC_MESSAGES/django.mo").open("rb") as f:
        catalogue = gettext.GNUTranslations(f)
    assert len(entries) > 100
    stale = [
        (k, v)
        for c, k, v in entries
        if (catalogue.pgettext(c, k) if c else catalogue.gettext(k)) != v.replace('\\"', '"')
    ]
    assert stale == [], "run msgfmt on django.po"


def _po_msgids(po: str) -> set[str]:
    """Every msgid of a .po file, continuation lines joined."""
    ids, current, in_id = set(), [], False
    for line in po.splitlines():
        if line.startswith("msgid "):
            in_id, current = True, [line[6:]]
        elif line.startswith('"') and in_id:
            current.append(line)
        else:
            if in_id:
                ids.add("".join(part.strip()[1:-1] for part in current))
            in_id = False
    # A template's literal "%" is written "%%" in the catalogue.
    return {i.replace('\\"', '"').replace("%%", "%") for i in ids}


def test_every_marked_string_is_in_the_english_catalogue():
    """Catches a string added without running makemessages (see docs/en/development.md)."""
    package = ROOT / "innocounty"
    ids = _po_msgids((package / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for path in package.rglob("*.html"):
        for text in re.findall(
            r'{% (?:translate|trans) "([^"]+)"', path.read_text(encoding="utf-8")
        ):
            found.setdefault(text, str(path))
    for path in package.rglob("*.py"):
        if "/migrations/" in str(path):
            continue
        source = path.read_text(encoding="utf-8")
        # The pure core marks with N_ and NC_ (innocounty.core.messages), collected too.
        marks = r"N_|NC_" if "/core/" in str(path) else r"_|gettext|gettext_lazy|gettext_noop"
        for text in re.findall(rf'\b(?:{marks})\(\s*(?:"[^"]+",\s*)?"([^"]+)"\s*\)', source):
            found.setdefault(text, str(path))
    missing = {text: where for text, where in found.items() if text not in ids}
    assert len(found) > 200
    assert missing == {}
