"""`charters build` on real repositories: pages, addresses, feeds, safety, atomicity, determinism."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from generator.build import BuildFailed, build, prepare, run_site_engine
from generator.render.mkdocs_config import THEME_FOLDER
from generator.write import write_files
from tests.conftest import TODAY, TODAY_EPOCH
from tests.gitrepo import PATH, GitRepo
from tests.sites import partnership_repository, partnership_site, tree_digest, with_site_settings


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return partnership_site(tmp_path_factory.mktemp("site"))


def page(repo: GitRepo, address: str) -> str:
    return (repo.root / "site" / address / "index.html").read_text(encoding="utf-8")


def test_every_stable_address_exists(site: GitRepo) -> None:
    built = site.root / "site"
    for address in [
        "index.html",
        "charters/riverside-greenmill/index.html",
        "charters/riverside-greenmill/history/index.html",
        "charters/riverside-greenmill/compare/index.html",
        *(f"charters/riverside-greenmill/v{number}/index.html" for number in (1, 2, 3, 4)),
        "charters/riverside-greenmill/feed.xml",
        "charters/riverside-greenmill/reviews.ics",
        "api/charters.json",
        "api/charters/riverside-greenmill.json",
        "api/charters/riverside-greenmill/v2.json",
        "schema/charter.schema.json",
        "schema/approvals.schema.json",
        "feed.xml",
        "reference/index.html",
    ]:
        assert (built / address).is_file(), address


def test_the_charter_page_shows_the_current_terms(site: GitRepo) -> None:
    html = page(site, "charters/riverside-greenmill")
    assert "<strong>Version 4 is in force</strong>: in force since Mar 1, 2026." in html
    assert '<strong class="charter-status charter-status--ratified">ratified · recorded</strong> on Jan 1, 2026' in html
    commitments = html[html.index('id="commitments"') :]
    assert commitments.index("Riverside Foods Ltd") < commitments.index("Opens its own purchasing records")
    assert commitments.index("Greenmill Co-op") < commitments.index("Joins a weekly call.")
    assert "cadence monthly → quarterly" in html, "drift is called out"


def test_version_pages_keep_their_terms_and_mark_superseded(site: GitRepo) -> None:
    version_2 = page(site, "charters/riverside-greenmill/v2")
    assert "Superseded" in version_2 and 'href="../">version 4</a>' in version_2
    assert (
        '<strong class="charter-status charter-status--pending">pending: waits for Greenmill Co-op</strong>'
        in version_2
    )
    assert "Not in force: not ratified." in version_2
    assert "<dt>Checked</dt><dd>quarterly</dd>" in version_2
    assert "Superseded" not in page(site, "charters/riverside-greenmill/v4")


def test_history_lists_every_revision_with_its_pull_request_and_invalid_ones(site: GitRepo) -> None:
    html = page(site, "charters/riverside-greenmill/history")
    subjects = re.findall(r"<h3>Jan 1, 2026: ([^<]+)</h3>", html)
    assert subjects[0] == "Raise the version for the new response (#12)"
    assert subjects[-1] == "Add the Riverside-Greenmill charter"
    assert len(subjects) == 7
    assert '<strong class="charter-invalid">invalid</strong>' in html
    assert "▼ loosened" in html and "▲ tightened" in html


def test_navigation_lists_current_pages_only(site: GitRepo) -> None:
    html = page(site, "")
    navigation = html[
        html.index('class="md-nav md-nav--primary"') : html.index(
            "</nav>", html.index('class="md-nav md-nav--primary"')
        )
    ]
    assert "/v1/" not in navigation and "history" not in navigation
    assert navigation.count("md-nav__link") <= 8


def test_api_and_feeds_are_well_formed(site: GitRepo) -> None:
    built = site.root / "site"
    index = json.loads((built / "api/charters.json").read_text())
    assert [charter["id"] for charter in index["charters"]] == ["hostile", "riverside-greenmill"]
    charter = json.loads((built / "api/charters/riverside-greenmill.json").read_text())
    assert (
        charter["comparisons"]["1"]["3"][0]["description"]
        == "benchmark bad-news-48h: threshold at most 48 hours → at most 24 hours"
    )
    feed = etree.parse(built / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries[0].find("{http://www.w3.org/2005/Atom}title").text.startswith("<script>alert('title')</script>")
    calendar = (built / "charters/riverside-greenmill/reviews.ics").read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n") and b"DTSTART;VALUE=DATE:20270901\r\n" in calendar
    assert all(len(line) <= 75 for line in calendar.split(b"\r\n"))
    for name in ("charter", "approvals"):  # each at its $id address
        schema = json.loads((built / f"schema/{name}.schema.json").read_text())
        assert schema["$id"] == f"https://benchmark-charters.org/schema/{name}.schema.json"


class _ActiveMarkup(HTMLParser):
    """Collects whatever in an HTML page could run: handlers, scripts, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")
        self.in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def test_hostile_values_are_inert_everywhere(site: GitRepo) -> None:
    built = site.root / "site"
    for path in built.rglob("*.html"):
        parser = _ActiveMarkup()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.found == [], path
    for path in [*(built / "api").rglob("*.json"), *built.rglob("*.ics")]:
        assert "<" not in path.read_text(encoding="utf-8"), path
    for path in built.rglob("*.xml"):
        for element in etree.parse(path).iter():
            assert not element.tag.endswith(("script", "img")), path
    hostile = page(site, "charters/hostile")
    assert "<title>&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in hostile
    assert "{{ 7*7 }}" in hostile and "49" not in hostile, "no template expansion"
    assert "--8&lt;-- &quot;/etc/passwd&quot;" in hostile and "root:x:0:0" not in hostile, "no file inclusion"
    assert "<a>click</a>" in hostile, "the javascript: link lost its address"
    search = (built / "search/search_index.json").read_text()
    assert "&lt;script&gt;" in search
    # The record's words reach the feed as text, whatever markup they hold.
    entries = {
        entry.title: entry for entry in feedparser.parse((built / "charters/hostile/feed.xml").read_bytes()).entries
    }
    action = next(entry for title, entry in entries.items() if "action opened for" in title)
    assert action.summary.startswith("<script>alert(6)</script><img src=x onerror=alert(7)> ]]> {{ 7*7 }}")
    concern = next(entry for title, entry in entries.items() if "concern raised by someone anonymous" in title)
    assert concern.summary == "<img src=x onerror=alert(8)> [x](javascript:alert(9))"


class _Head(HTMLParser):
    """Heading levels in order, and the feeds a page announces (with their titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.feeds: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "link" and found.get("rel") == "alternate" and found.get("type") == "application/atom+xml":
            self.feeds.append((found.get("href") or "", found.get("title") or ""))


def _head(path: Path) -> _Head:
    parsed = _Head()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def test_headings_never_skip_a_level_and_pages_announce_their_feeds(site: GitRepo) -> None:
    built = site.root / "site"
    for path in [built / "index.html", built / "reference/index.html", *built.glob("charters/*/**/index.html")]:
        parsed = _head(path)
        levels = [level for level in parsed.levels if level > 1]  # the theme's h1 titles the page
        assert all(later - earlier <= 1 for earlier, later in zip([1, *levels], levels, strict=False)), path
        feeds = [
            (urljoin(f"https://benchmark-charters.org/{path.parent.relative_to(built).as_posix()}/", href), title)
            for href, title in parsed.feeds
        ]
        assert feeds[0][0] == "https://benchmark-charters.org/feed.xml", path
        charter = re.match(r"charters/([^/]+)/", path.relative_to(built).as_posix())
        if charter:
            assert feeds[1][0] == f"https://benchmark-charters.org/charters/{charter[1]}/feed.xml", path
            assert (built / "charters" / charter[1] / "sitemap.xml").is_file(), "the theme's script looks for it"
    hostile = _head(built / "charters/hostile/history/index.html").feeds[1][1]
    assert hostile.startswith("History: <script>alert('title')</script>"), "the title stays inside its attribute"


def test_a_broken_charter_fails_the_build_and_leaves_the_site_alone(site: GitRepo) -> None:
    before = tree_digest(site.root / "site")
    good = (site.root / PATH).read_text()
    (site.root / PATH).write_text(good.replace("cadence: quarterly", "cadence: fortnightly"))
    try:
        with pytest.raises(BuildFailed, match=r"charters/riverside-greenmill\.yaml:.*fortnightly"):
            build(site.root, site.root / "site", TODAY)
    finally:
        (site.root / PATH).write_text(good)
    assert tree_digest(site.root / "site") == before
    assert not [
        path for path in site.root.iterdir() if path.name.startswith(".site.") or path.name.startswith(".build.")
    ]


def test_settings_that_would_break_the_site_leave_it_alone(site: GitRepo) -> None:
    before = tree_digest(site.root / "site")
    settings = (site.root / "mkdocs.yml").read_text()
    (site.root / "mkdocs.yml").write_text(settings + "plugins:\n  - search\n  - blog\n")
    try:
        with pytest.raises(BuildFailed, match=r"mkdocs\.yml:\d+:5: error: the plugin 'blog' is not installed"):
            build(site.root, site.root / "site", TODAY)
    finally:
        (site.root / "mkdocs.yml").write_text(settings)
    assert tree_digest(site.root / "site") == before


def test_mkdocs_failing_is_said_in_its_own_words(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n")
    with pytest.raises(BuildFailed, match=r"MkDocs could not build the site:\n.*no-such-theme"):
        run_site_engine(tmp_path / "mkdocs.yml", tmp_path / "site")


def test_a_repository_without_charters_builds_a_site_that_says_so(tmp_path: Path) -> None:
    repo = with_site_settings(GitRepo(tmp_path / "repo"))
    (repo.root / "charters").mkdir()
    built = build(repo.root, repo.root / "site", TODAY)
    assert [problem.rule for problem in built.problems] == ["no-charters"]
    assert (repo.root / "site" / "index.html").is_file()
    assert not (repo.root / "site" / "charters").exists()


def test_the_same_repository_builds_the_same_bytes(site: GitRepo, tmp_path: Path) -> None:
    # Separate processes with different hash seeds: a set of strings iterates in another
    # order in each, so anything printed in set order would show here. Each builds a clone
    # of its own, from nothing: no cache holds pages another process rendered.
    for seed, out in (("1", "first"), ("2", "second")):
        clone = GitRepo(tmp_path / f"clone-{seed}", clone_of=site)
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--out", str(tmp_path / out)],
            cwd=clone.root,
            env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        )
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "second")


def _same_markup(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def test_direct_pages_are_what_mkdocs_would_have_made_of_them(site: GitRepo, tmp_path: Path) -> None:
    rendered, _ = prepare(site.root, TODAY, lambda _: None)
    preview = tmp_path / "preview"
    write_files(preview / "docs", rendered.preview_docs())
    write_files(preview / THEME_FOLDER, rendered.theme)
    (preview / "mkdocs.yml").write_text(rendered.config)
    run_site_engine(preview / "mkdocs.yml", tmp_path / "mkdocs-made")
    assert len(rendered.direct) == 9 and len(rendered.shells) == 3  # 2 charters, 5 versions
    for direct in rendered.direct:
        # Byte for byte up to the blank space between tags, which Markdown reflows.
        made_by_mkdocs = (tmp_path / "mkdocs-made" / direct.output).read_text(encoding="utf-8")
        finished = (site.root / "site" / direct.output).read_text(encoding="utf-8")
        assert _same_markup(finished) == _same_markup(made_by_mkdocs), direct.output


def test_rendered_charters_wait_on_disk_as_they_would_in_memory(site: GitRepo, tmp_path: Path) -> None:
    in_memory, _ = prepare(site.root, TODAY, lambda _: None)
    held = tmp_path / "held"
    on_disk, _ = prepare(site.root, TODAY, lambda _: None, held=held)
    for part in ("docs", "files", "bodies"):
        assert dict(getattr(on_disk, part)) == dict(getattr(in_memory, part)), part
    # In a folder per charter file, each charter's own files are on disk; none of the site's,
    # which are few, and made last.
    kept = {path.relative_to(held).as_posix().partition("/")[2] for path in held.rglob("*") if path.is_file()}
    assert len({path.relative_to(held).parts[0] for path in held.rglob("*") if path.is_file()}) == 2
    charters = [path for path in in_memory.docs if path.startswith("charters/") and "/_shells/" not in path]
    assert kept == {
        *(f"docs/{path}" for path in charters),
        *(f"files/{path}" for path in in_memory.files if "/charters/" in f"/{path}"),
        *(f"bodies/{page.source}" for page in in_memory.direct),
    }


def test_shells_are_not_published_and_the_sitemap_lists_direct_pages(site: GitRepo) -> None:
    built = site.root / "site"
    assert not (built / "charters" / "_shells").exists()
    assert not [path for path in built.rglob("*.html") if "_shells" in path.read_text(encoding="utf-8")]
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "_shells" not in sitemap
    assert "https://benchmark-charters.org/charters/riverside-greenmill/v2/</loc>" in sitemap
    assert gzip.decompress((built / "sitemap.xml.gz").read_bytes()).decode() == sitemap


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and not re.match(r"^([a-z]+:|#|//)", value):
                self.targets.append(value.split("#")[0].split("?")[0])


def test_every_internal_link_resolves(site: GitRepo) -> None:
    built = site.root / "site"
    broken = []
    for path in built.rglob("*.html"):
        links = _Links()
        links.feed(path.read_text(encoding="utf-8"))
        for target in filter(None, links.targets):
            # Absolute paths (the 404 page uses them) start at the site's root.
            resolved = (built / target.lstrip("/")) if target.startswith("/") else (path.parent / target).resolve()
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                broken.append(f"{path.relative_to(built)} → {target}")
    assert broken == []


def _rendered(repo: GitRepo) -> dict[str, str]:
    rendered, _ = prepare(repo.root, TODAY, lambda _: None)
    return {path: content.decode() for path, content in rendered.preview_docs().items() if path.endswith(".md")}


def test_repo_url_links_commits_and_pull_requests(tmp_path: Path) -> None:
    repo = partnership_repository(tmp_path / "repo")
    settings = (repo.root / "mkdocs.yml").read_text()
    (repo.root / "mkdocs.yml").write_text(settings + "repo_url: https://github.com/partners/charters\n")
    history = _rendered(repo)["charters/riverside-greenmill/history.md"]
    assert '<a href="https://github.com/partners/charters/pull/7">#7</a>' in history
    assert re.search(r'<a href="https://github.com/partners/charters/commit/[0-9a-f]{40}"><code>', history)


def test_a_published_version_page_changes_only_in_its_banner(tmp_path: Path) -> None:
    repo = partnership_repository(tmp_path / "repo")
    before = _rendered(repo)["charters/riverside-greenmill/v2.md"]
    text = (repo.root / PATH).read_text().replace("version: 4", "version: 5").replace("value: 24", "value: 12")
    repo.commit("Twelve hours (#20)", {PATH: text})
    after = _rendered(repo)["charters/riverside-greenmill/v2.md"]
    assert before != after
    assert before.replace("version 4</a>", "version 5</a>") == after


def test_history_marks_a_revision_that_broke_a_version_rule(site: GitRepo) -> None:
    html = page(site, "charters/riverside-greenmill/history")
    # Forgetting the bump, then bumping afterwards without a change: both are breaks.
    assert html.count("Version rule broken") == 2
    assert "the terms changed but version stayed at 3" in html
    assert "version went from 3 to 4 but the terms did not change" in html


def test_the_partners_guide_is_on_the_site_with_its_screenshots(site: GitRepo) -> None:
    html = page(site, "how-partners-work")
    for name in ("commitments", "history", "index"):
        assert f'src="../assets/screenshots/{name}.png"' in html
        assert (site.root / "site" / "assets" / "screenshots" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
