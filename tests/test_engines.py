"""Two engines, one site: the demo built by MkDocs and by Zensical has the same pages,
words, links, feeds, API and calendars, and search finds its benchmarks in both; a link
that leads nowhere stops either build."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import BuildFailed, build
from generator.demo.repository import make_repository
from generator.engines import ENGINES, Engine
from generator.links import broken_links
from generator.settings import read_settings
from tests import browsing
from tests.sites import tree_digest

browser = browsing.browser
page = browsing.page
TODAY = dt.date(2026, 11, 30)
THEIR_OWN = ("assets/javascripts/", "assets/stylesheets/", "search/", "search.json")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built by each engine, in sites/<engine>/."""
    root = tmp_path_factory.mktemp("demo")
    make_repository(root)
    sites = tmp_path_factory.mktemp("sites")
    for engine in Engine:
        build(root, sites / engine.value, TODAY, engine=engine)
    return sites


@pytest.fixture(scope="module")
def site_url(sites: Path) -> Iterator[str]:
    with browsing.served(sites) as address:
        yield address


class _Article(HTMLParser):
    """The words of a page's article, as a reader gets them, and where its links lead."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.words: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or tag == "article"
        if self.inside:
            self.links += [value or "" for name, value in attrs if name == "href"]

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "article"

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.words += data.split()


def article(path: Path) -> _Article:
    parsed = _Article()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def test_both_engines_publish_the_same_pages_words_links_and_data(sites: Path) -> None:
    mkdocs, zensical = (tree_digest(sites / engine) for engine in ENGINES)
    ours = {path for path in mkdocs if not path.startswith(THEIR_OWN)}
    assert ours == {path for path in zensical if not path.startswith(THEIR_OWN)}
    assert "search/search_index.json" in mkdocs and "search.json" in zensical
    assert {"sitemap.xml", "sitemap.xml.gz"} <= ours, "Zensical writes no compressed sitemap: the tool does"
    pages = sorted(path for path in ours if path.endswith(".html"))
    assert len(pages) > 25
    for address in pages:
        made = [article(sites / engine / address) for engine in ENGINES]
        assert made[0].words == made[1].words, address
        assert made[0].links == made[1].links, address
    data = [path for path in ours if path.endswith((".json", ".xml", ".ics")) and not path.startswith("sitemap")]
    assert len(data) > 20 and all(mkdocs[path] == zensical[path] for path in data)


# Where each engine's theme opens its search: Material's field, Zensical's dialog button.
SEARCH = {"mkdocs": ".md-search__input", "zensical": ".md-search__button"}


@browsing.needs_chromium
@pytest.mark.parametrize("engine", ENGINES)
def test_search_finds_a_current_benchmark_with_either_engine(page, site_url: str, engine: str) -> None:
    page.goto(f"{site_url}{engine}/")
    page.locator(SEARCH[engine]).first.click()
    page.keyboard.type("residue")  # only the Nordvik–Virtanen charter's benchmark says it
    found = page.locator('a[href*="charters/nordvik-virtanen-oats/"][href*="h=residue"]').first
    found.wait_for(timeout=15000)
    assert page.problems == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("word", "translated"),
    [
        ("時間外労働", "midori-lumen-data-labour/ja/"),  # "overtime": Japanese has no spaces between words
        ("kauran", "nordvik-virtanen-oats/fi/"),
        ("havre", "nordvik-virtanen-oats/sv/"),
    ],
)
def test_search_finds_a_translations_words_with_either_engine(
    page, site_url: str, engine: str, word: str, translated: str
) -> None:
    page.goto(f"{site_url}{engine}/")
    page.locator(SEARCH[engine]).first.click()
    page.keyboard.type(word)
    # The first search builds the index with every language's word splitter: slower than English alone.
    page.locator(f'a[href*="charters/{translated}"]').first.wait_for(timeout=30000)
    assert page.problems == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reader_switches_to_a_translation_and_sees_it_fell_behind(page, site_url: str, engine: str) -> None:
    page.goto(f"{site_url}{engine}/charters/nordvik-virtanen-oats/")
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Suomi").click()
    page.wait_for_url("**/charters/nordvik-virtanen-oats/fi/")
    article = page.locator("article [lang=fi]").first
    assert "Tarkoitus" in article.inner_text()  # "Purpose", in the translation's language
    stale = page.locator(".charter-translation-stale")
    assert "vastaa versiota 2" in stale.inner_text()
    assert "This translation follows version 2" in stale.locator("[lang=en]").inner_text()
    stale.get_by_role("link", name="Lue sitova teksti").click()
    page.wait_for_url("**/charters/nordvik-virtanen-oats/")
    assert browsing.serious_violations(page) == []
    page.goto(f"{site_url}{engine}/charters/nordvik-virtanen-oats/sv/")
    assert page.locator(".charter-untranslated [lang=en]").first.inner_text() == "Farmers earn a living income"
    assert browsing.serious_violations(page) == []
    assert page.problems == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_that_leads_nowhere_stops_either_engines_build(tmp_path: Path, engine: str) -> None:
    root = tmp_path / "partners"
    root.mkdir()
    make_repository(root)
    build(root, tmp_path / "site", TODAY, engine=Engine(engine))
    published = tree_digest(tmp_path / "site")
    (root / "pages").mkdir()
    (root / "pages" / "contact.md").write_text("# Contact\n\nSee [the minutes](../minutes/).\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "A page with a broken link"], cwd=root, check=True)
    with pytest.raises(BuildFailed, match=r"links that lead nowhere:\n  pages/contact/index.html: \.\./minutes/"):
        build(root, tmp_path / "site", TODAY, engine=Engine(engine))
    assert tree_digest(tmp_path / "site") == published, "the site as it was"


def test_one_setting_moves_a_site_to_zensical(tmp_path: Path) -> None:
    root = tmp_path / "partners"
    root.mkdir()
    make_repository(root)
    settings = root / "mkdocs.yml"
    settings.write_text("engine: zensical\n" + settings.read_text(encoding="utf-8"), encoding="utf-8")
    build(root, tmp_path / "site", TODAY)
    assert (tmp_path / "site" / "search.json").is_file() and not (tmp_path / "site" / "search").exists()
    shutil.rmtree(tmp_path / "site")
    build(root, tmp_path / "site", TODAY, engine=Engine.MKDOCS)  # --engine overrides the settings
    assert (tmp_path / "site" / "search" / "search_index.json").is_file()


def test_an_engine_the_tool_does_not_know_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Partners\nsite_url: https://partners.example/\nengine: hugo\n", encoding="utf-8"
    )
    read = read_settings(tmp_path)
    assert read.settings is None
    assert [(problem.rule, problem.line, problem.message) for problem in read.problems] == [
        ("settings-value", 3, "no engine is called 'hugo'")
    ]


def test_a_link_spelt_to_climb_out_of_the_site_leads_nowhere(tmp_path: Path) -> None:
    (tmp_path / "pages" / "x").mkdir(parents=True)
    links = ["../../%2Fetc%2Fhostname", "../../../../etc/hostname", "%2Fetc%2Fhostname", "../../", "#here"]
    body = "".join(f'<a href="{link}">x</a>' for link in links)
    (tmp_path / "pages" / "x" / "index.html").write_text(f'<p id="here">{body}</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    assert broken_links(tmp_path, ["pages/x/index.html"]) == [f"pages/x/index.html: {link}" for link in links[:3]]
