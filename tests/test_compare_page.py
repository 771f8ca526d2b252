"""The compare page in a real browser: two versions side by side, matched by id, with the
changed words marked, the effect of each change, a shareable address for the pair, hostile
text shown as text, and a layout that fits a phone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build
from tests import browsing
from tests.browsing import needs_chromium, serious_violations, served
from tests.conftest import TODAY
from tests.gitrepo import PATH, GitRepo, charter
from tests.sites import with_site_settings

pytestmark = needs_chromium
# The browser, and a page that records console errors, exceptions and dialogs.
browser = browsing.browser
page = browsing.page

IMG = "<img src=x onerror=alert(1)>"
TITLE = "title: Riverside Foods and Greenmill Co-op sourcing partnership"
AUDIT = """\
  - id: yearly-audit
    title: A yearly joint audit
    principle: accountability
    behavior: Both parties open their books to a joint audit.
    indicator: The audit report.
    target: One audit a year.
    cadence: annual
"""
HOSTILE = f"""\
  - id: hostile-words
    title: {json.dumps(IMG)}
    principle: transparency
    behavior: "<script>alert(2)</script> stays text."
    indicator: Whether the page runs it.
    target: Never.
    cadence: monthly
"""
REWORDED = ("target: At most 48 hours.", "target: Within 48 hours of discovery.")
V1 = (REWORDED, ("commitments:\n", AUDIT + "commitments:\n"))
V2 = (
    ("version: 1", "version: 2"),
    ("target: At most 48 hours.", "target: Within two working days of discovery."),
    ("commitments:\n", AUDIT + "commitments:\n"),
    ("cadence: monthly", "cadence: quarterly"),
)
# The audit is dropped, a hostile benchmark added and the charter's title given markup.
V3 = (
    ("version: 1", "version: 3"),
    ("target: At most 48 hours.", "target: Within two working days of discovery."),
    ("cadence: monthly", "cadence: quarterly"),
    ("commitments:\n", HOSTILE + "commitments:\n"),
    (TITLE, f"{TITLE} {IMG}"),
)


def compare_repository(root: Path) -> GitRepo:
    """One charter in three versions: a reworded target and a loosened cadence (2), a
    benchmark removed and a hostile one added (3)."""
    repo = with_site_settings(GitRepo(root))
    for number, edits in enumerate((V1, V2, V3), start=1):
        repo.commit(f"Version {number}", {PATH: charter("riverside-greenmill", *edits)})
    return repo


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = compare_repository(tmp_path_factory.mktemp("compare"))
    build(repo.root, repo.root / "site", TODAY)
    with served(repo.root / "site") as address:
        yield address + "charters/riverside-greenmill/compare/"


def open_compare(page, url: str):
    page.goto(url)
    page.locator(".charter-sides__section").first.wait_for()
    return page


# Each item of a section: its id, heading, and each field's label and the text of its two
# values, without the labels a screen reader hears ("Version 1", "removed: ").
ITEMS = """section => [...[...document.querySelectorAll('.charter-sides__section')]
  .find(part => part.querySelector('h2').textContent.startsWith(section))
  .querySelectorAll('.charter-side')].map(item => ({
    id: item.dataset.id,
    heading: item.querySelector('.charter-side__title').textContent,
    rows: [...item.querySelectorAll('.charter-fields__row')].map(row => ({
      field: row.querySelector('dt').firstChild.textContent,
      values: [...row.querySelectorAll('dd')].map(cell => {
        const copy = cell.cloneNode(true);
        copy.querySelectorAll('.charter-sr, .charter-fields__version, .charter-fields__both').forEach(n => n.remove());
        return copy.textContent;
      }),
      removed: [...row.querySelectorAll('dd:first-of-type del')].map(mark => mark.lastChild.textContent),
      added: [...row.querySelectorAll('dd:last-of-type ins')].map(mark => mark.lastChild.textContent),
      marks: row.querySelectorAll('del, ins').length,
    })),
  }))"""


def items(page, section: str) -> list[dict]:
    return page.evaluate(ITEMS, section)


def test_the_address_picks_the_pair_and_benchmarks_are_matched_by_id(page, site_url: str) -> None:
    open_compare(page, site_url + "?from=1&to=3")
    assert (page.input_value(".charter-compare__from"), page.input_value(".charter-compare__to")) == ("1", "3")
    assert page.locator(".charter-sides__head").inner_text().split() == ["Version", "1", "Version", "3"]
    benchmarks = items(page, "Benchmarks")
    assert [item["id"] for item in benchmarks] == ["bad-news-48h", "yearly-audit", "hostile-words"]
    matched = benchmarks[0]
    assert [row["field"] for row in matched["rows"]][:5] == ["Title", "Principle", "Behaviour", "Indicator", "Target"]
    assert all(len(row["values"]) == 2 for row in matched["rows"]), "each field in two columns"
    labels = page.locator("#compare-benchmark-bad-news-48h dd .charter-fields__version").all_text_contents()
    assert set(labels) == {"Version 1", "Version 3"}
    assert "removed" in benchmarks[1]["heading"] and "added" in benchmarks[2]["heading"]
    assert benchmarks[1]["rows"][0]["values"] == ["A yearly joint audit", "Not in Version 3"]
    assert page.locator(".charter-compare__status").inner_text() == "Changes from version 1 to version 3: 5."
    assert page.problems == []


def test_a_reworded_target_marks_only_the_changed_words(page, site_url: str) -> None:
    open_compare(page, site_url + "?from=1&to=3")
    rows = {row["field"]: row for row in items(page, "Benchmarks")[0]["rows"]}
    target = rows["Target"]
    assert target["values"] == ["Within 48 hours of discovery.", "Within two working days of discovery."]
    assert (target["removed"], target["added"], target["marks"]) == (["48 hours"], ["two working days"], 2)
    assert rows["Checked"]["removed"] == ["monthly"] and rows["Checked"]["added"] == ["quarterly"]
    assert rows["Behaviour"]["marks"] == 0, "an unchanged field marks nothing"
    # A screen reader hears what was removed and added, not only a colour or a line.
    cell = page.locator("#compare-benchmark-bad-news-48h del").first
    assert cell.locator(".charter-sr").text_content() == "removed: "
    assert page.locator("#compare-benchmark-bad-news-48h ins .charter-sr").first.text_content() == "added: "
    assert page.problems == []


def test_a_loosened_benchmark_has_its_badge(page, site_url: str) -> None:
    open_compare(page, site_url + "?from=1&to=3")
    heading = page.locator("#compare-benchmark-bad-news-48h .charter-side__title")
    assert heading.locator(".charter-badge.charter-effect--loosened").text_content() == "▼ loosened"
    assert "▼ loosened" in page.locator("#compare-benchmark-bad-news-48h dt", has_text="Checked").text_content()
    assert page.locator("#compare-benchmark-yearly-audit .charter-effect--loosened").count() == 1  # removed
    assert page.locator("#compare-benchmark-hostile-words .charter-effect--tightened").count() == 1  # added
    assert page.problems == []


def test_hostile_text_is_shown_as_text(page, site_url: str) -> None:
    open_compare(page, site_url + "?from=1&to=3")
    assert page.locator("#compare-benchmark-hostile-words h3").evaluate("h => h.firstChild.textContent") == IMG
    title = items(page, "The charter")[0]["rows"][0]
    assert title["added"] == [IMG], "only the added words are marked, as text"
    assert "<script>alert(2)</script> stays text." in page.locator("#compare-benchmark-hostile-words").inner_text()
    assert page.locator(".charter-compare img, .charter-compare script").count() == 0
    assert page.problems == []


def test_choosing_versions_updates_the_address_and_bad_addresses_fall_back(page, site_url: str) -> None:
    open_compare(page, site_url)
    pair = ("#compare-benchmark-bad-news-48h", ".charter-compare__from", ".charter-compare__to")
    assert (page.input_value(pair[1]), page.input_value(pair[2])) == ("2", "3"), "previous and latest"
    page.select_option(pair[1], "1")
    assert page.url == site_url + "?from=1&to=3"
    page.locator(".charter-sides__head", has_text="Version 1").wait_for()
    page.reload()
    page.locator(".charter-sides__head", has_text="Version 1").wait_for()
    assert (page.input_value(pair[1]), page.input_value(pair[2])) == ("1", "3")
    for query, expected in [("?from=9&to=1", ("2", "1")), ("?from=x&to=", ("2", "3")), ("?from=1&to=3.0", ("1", "3"))]:
        open_compare(page, site_url + query)
        assert (page.input_value(pair[1]), page.input_value(pair[2])) == expected, query
    assert page.problems == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_fits_the_screen_and_has_no_serious_accessibility_violations(page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    open_compare(page, site_url + "?from=1&to=3")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    target = page.locator("#compare-benchmark-bad-news-48h .charter-fields__row", has_text="Target")
    labels = target.locator(".charter-fields__version")
    if width == 390:
        # Each value says which version it is; the column heads are not shown.
        assert [label.is_visible() for label in labels.all()] == [True, True]
        assert page.locator(".charter-sides__head").is_hidden()
        assert page.locator(".charter-fields__row--same .charter-fields__both").first.is_visible()
    else:
        assert page.locator(".charter-sides__head").is_visible()
    assert serious_violations(page) == []
    assert page.problems == []
