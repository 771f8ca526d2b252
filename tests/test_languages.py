"""The site in the partners' language: complete catalogs that use the glossary's legal
terms, a catalog template that matches the code, and the demo built in every shipped
language with no English label left on its pages."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from generator.build import build
from generator.demo.repository import make_repository
from generator.language.catalog import LOCALE_FOLDER, catalog_languages, forms, known_texts, language
from generator.language.message import Day, Message, items, message, refusal
from generator.language.review import TEMPLATE, read_catalog, review
from generator.language.vocabulary import VOCABULARY
from generator.render.translated import script_texts
from generator.settings import read_settings
from tests.conftest import REPO

SHIPPED = ("de", "fi", "sv", "ja", "es")
KEYWORDS = {"message": None, "plural_message": (1, 2), "_": None, "gettext": None, "ngettext": (1, 2), "t": None}
TODAY = dt.date(2026, 11, 30)


def test_the_tool_ships_english_and_five_more_languages() -> None:
    assert catalog_languages() == ("en", "de", "es", "fi", "ja", "sv")


@pytest.mark.parametrize("code", SHIPPED)
def test_each_catalog_is_complete_keeps_placeholders_and_tags_and_uses_the_glossary(code: str) -> None:
    assert [str(finding) for finding in review(code)] == []


def test_the_catalog_template_holds_exactly_the_texts_in_the_code() -> None:
    """Run `pybabel extract` (MAINTAINING.md, "Languages") when this fails."""
    with (REPO / "generator" / "language" / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {
        said if isinstance(said, str) else said[0]
        for _, _, said, _, _ in extract_from_dir(REPO, method_map, options_map, keywords=KEYWORDS)
    }
    kept = {message.id if isinstance(message.id, str) else message.id[0] for message in read_catalog(TEMPLATE)}
    assert found == kept - {""}


def test_every_text_of_the_script_reaches_the_page() -> None:
    """Each t("…") of charters.js is in the page's JSON, so no text of the script stays
    English because the extractor missed it (a call it cannot read, such as a ternary)."""
    script = (REPO / "site_templates" / "assets" / "charters.js").read_text(encoding="utf-8")
    literal = {json.loads(f'"{text}"') for text in re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', script)}
    assert set(json.loads(script_texts("de"))) == literal
    assert "</" not in script_texts("de")


def test_dates_figures_and_lists_follow_the_language() -> None:
    assert language("de").day("2025-04-22") == "22.04.2025"
    assert language("ja").day("2025-04-22") == "2025/04/22"
    assert language("fi").number(97.5) == "97,5"
    assert language("sv").join(["A", "B", "C"]) == "A, B och C"
    # A language the theme knows and the tool has no catalog for: its own dates, English texts.
    assert language("fr").day("2025-04-22") == "22 avr. 2025"
    assert language("fr").gettext("Purpose") == "Purpose"


class _Visible(HTMLParser):
    """The text a reader sees or hears: text outside scripts and styles, and the
    attributes screen readers and browsers show."""

    SPOKEN = ("title", "aria-label", "alt", "placeholder", "data-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [" ".join(part.split()) for part in parser.parts if part.strip()]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def partners_texts(root: Path, site: Path) -> list[str]:
    """Everything the partners wrote that the site shows: every version's terms and the
    record, commit subjects, names and trailers, and the settings' texts (Markdown marks
    taken out); longest first, white space as on a page."""
    # Only what the partners wrote: the terms of each version and the current charter with
    # its record, never the tool's own words the API also carries (statuses, periods), nor
    # the format's keywords (`active`, `monthly`), which the pages say in their language.
    keywords = {word for words in VOCABULARY.values() for word in words}
    documents = [json.loads(path.read_text()) for path in (site / "api" / "charters").rglob("*.json")]
    written = [document.get("terms", document.get("charter")) for document in documents]
    texts = [text for document in written for text in _strings(document) if text not in keywords]
    log = subprocess.run(
        ["git", "log", "--format=%s%n%an%n%(trailers:valueonly)"], cwd=root, capture_output=True, text=True, check=True
    )
    texts += log.stdout.splitlines()
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    texts += [re.sub(r"[*`_]", "", text) for text in _strings(settings.get("extra", {}))]
    texts += [settings["site_name"]]
    return sorted({" ".join(text.split()) for text in texts if len(text.strip()) > 2}, key=len, reverse=True)


def labels_shown(html: str, texts: list[str]) -> str:
    """The page's text that is not the partners': a text node that is part of what they
    wrote is left out whole, and what they wrote is cut out of the rest."""
    written = "\n".join(texts)
    kept = []
    for part in visible_text(html):
        if part in texts or (len(part) > 20 and part in written):
            continue
        for text in texts:
            part = part.replace(text, " ")
        kept.append(part)
    return "\n".join(kept)


def english_fragments(code: str) -> set[str]:
    """The words of the tool's English texts that a page in `code` must not show: each
    text's pieces between placeholders and markup, less those the language's own texts
    use too (a name, a loanword such as "Status" or "Version")."""
    catalog = read_catalog(LOCALE_FOLDER / code / "LC_MESSAGES" / "charters.po", code)
    translated = [form for entry in catalog if entry.id for form in forms(entry.string)]
    own = "\n".join(translated).casefold()
    fragments = set()
    for entry in catalog:
        for text in forms(entry.id) if entry.id else ():
            for piece in re.split(r"%\([a-z_]+\)s|<[^>]+>|[:;,.()“”·…→!?]|\s[-–]\s", text):
                piece = piece.strip(" -–'\"")
                if sum(len(word) for word in re.findall(r"[A-Za-z]+", piece)) >= 4 and piece.casefold() not in own:
                    fragments.add(piece)
    return fragments


@pytest.fixture(scope="module")
def demo_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    make_repository(root)
    return root


def built_in(demo: Path, code: str, into: Path) -> Path:
    """The demo built with `theme.language: code`, as a partnership sets it."""
    repository = into / "repository"
    shutil.copytree(demo, repository)
    settings = repository / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^  language: .*$", f"  language: {code}", text), encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", f"Speak {code}"], cwd=repository, check=True)
    build(repository, into / "site", TODAY)
    return into / "site"


PAGES = (
    "index.html",
    "charters/nordvik-virtanen-oats/index.html",
    "charters/nordvik-virtanen-oats/history/index.html",
    "charters/nordvik-virtanen-oats/v1/index.html",
    "charters/nordvik-virtanen-oats/compare/index.html",
    "charters/maji-safi-filter-venture/index.html",
    "charters/midori-lumen-data-labour/index.html",
    "how-partners-work/index.html",
)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_label_of_the_demo_is_in_the_sites_language(demo_repository: Path, code: str, tmp_path: Path) -> None:
    site = built_in(demo_repository, code, tmp_path)
    texts = partners_texts(tmp_path / "repository", site)
    fragments = english_fragments(code)
    organisation = next((site / "organisations").glob("*/index.html")).relative_to(site).as_posix()
    for address in (*PAGES, organisation):
        html = (site / address).read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html, address
        shown = labels_shown(html, texts)
        left = sorted(
            fragment for fragment in fragments if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", shown)
        )
        assert left == [], f"{address} still says in English: {left[:12]}"


@pytest.mark.parametrize(("code", "warned"), [("fr", True), ("pt-BR", True), ("de", False), ("en", False)])
def test_a_language_the_tool_has_no_texts_in_is_built_with_a_warning(tmp_path: Path, code: str, warned: bool) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Partners\nsite_url: https://partners.example/\ntheme:\n  language: {code}\n", encoding="utf-8"
    )
    read = read_settings(tmp_path)
    assert read.settings is not None and read.settings.site.language == code
    found = [(problem.rule, problem.severity.value, problem.line) for problem in read.problems]
    assert found == ([("settings-language", "warning", 4)] if warned else [])


def test_a_message_of_many_parts_is_said_flat_however_many() -> None:
    """A revision may bring hundreds of changes: its feed summary joins them, never nests them."""
    said = message("%(parts)s", parts=items([message("benchmark %(id)s", id=str(n)) for n in range(2000)], "; "))
    assert str(said).count("; ") == 1999 and language("de").html(said).startswith("Maßstab 0; Maßstab 1")


def test_figures_keep_every_decimal() -> None:
    assert language("de").number(0.0001) == "0,0001" and language("en").number(1.23456) == "1.23456"


def test_a_message_from_a_cache_is_refused_unless_the_tool_could_have_made_it() -> None:
    known = known_texts()
    assert refusal(message("in force since %(day)s", day=Day("2026-03-01")), known) is None
    assert "not a text" in refusal(Message("<script>alert(1)</script>"), known)
    assert "do not fill" in refusal(Message("in force since %(day)s", (("when", "x"),)), known)
    assert "not a date" in refusal(message("in force since %(day)s", day=Day("yesterday")), known)
    deep = Day("2026-03-01")
    for _ in range(30):
        deep = message("%(period)s, until %(until)s", period=deep, until=Day("2026-04-01"))
    assert "too deep" in refusal(deep, known)
    # Said anyway, a text that is not the tool's is shown as text, never as markup.
    assert language("en").html(Message("<script>alert(1)</script>")) == "&lt;script&gt;alert(1)&lt;/script&gt;"
