"""The built site in a real browser: Debian's Chromium driven by Playwright, over HTTP on
127.0.0.1. Click-through, search, filters, comparison, console errors and accessibility."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import browsing
from tests.browsing import needs_chromium, serious_violations, served
from tests.gitrepo import GitRepo
from tests.sites import partnership_site

pytestmark = needs_chromium
# The browser, and a page that records console errors, exceptions and dialogs.
browser = browsing.browser
page = browsing.page


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo: GitRepo = partnership_site(tmp_path_factory.mktemp("browser"))
    with served(repo.root / "site") as address:
        yield address


def test_click_through_index_charter_history_version_compare(page, site_url: str) -> None:
    page.goto(site_url)
    page.get_by_role("link", name="Riverside Foods and Greenmill Co-op sourcing partnership").first.click()
    page.wait_for_url("**/charters/riverside-greenmill/")
    assert page.locator("h1").inner_text() == "Riverside Foods and Greenmill Co-op sourcing partnership"
    page.get_by_role("link", name="History", exact=True).click()
    page.wait_for_url("**/charters/riverside-greenmill/history/")
    page.get_by_role("link", name="Version 2", exact=True).click()
    page.wait_for_url("**/charters/riverside-greenmill/v2/")
    assert "Superseded" in page.locator(".charter-superseded").inner_text()
    page.get_by_role("link", name="History", exact=True).click()
    page.get_by_role("link", name="Compare versions").click()
    page.wait_for_url("**/charters/riverside-greenmill/compare/")
    page.select_option(".charter-compare__from", "1")
    page.select_option(".charter-compare__to", "2")
    result = page.locator(".charter-compare__result")
    assert "benchmark bad-news-48h: cadence monthly → quarterly" in result.inner_text()
    assert "▼ loosened" in result.inner_text()
    page.select_option(".charter-compare__from", "2")
    page.select_option(".charter-compare__to", "1")
    assert "Changes from version 1 to version 2: 1." in result.inner_text(), "shown from the earlier version"
    assert page.problems == []


def test_search_finds_a_benchmark_by_a_word_of_its_behaviour(page, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type("delay")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert "Riverside Foods and Greenmill Co-op sourcing partnership" in page.locator(".md-search-result").inner_text()
    assert page.problems == []


def test_the_index_filters_by_party(page, site_url: str) -> None:
    page.goto(site_url)
    rows = page.locator(".charter-index tbody tr")
    assert rows.count() == 2
    page.select_option('select[data-filter="tag"]', index=0)
    page.select_option('select[data-filter="party"]', label="Riverside Foods Ltd")
    assert page.locator(".charter-index tbody tr:visible").count() == 2
    page.select_option('select[data-filter="status"]', "active")
    page.select_option('select[data-filter="party"]', index=2)  # the hostile party name, sorted after "Greenmill"
    assert page.locator(".charter-index tbody tr:visible").count() == 1


def test_hostile_charter_runs_nothing_in_pages_or_search(page, site_url: str) -> None:
    page.goto(site_url + "charters/hostile/")
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    page.locator(".md-search__input").click()
    page.keyboard.type("delay")  # also in the hostile charter, whose title heads the result
    page.locator(".md-search-result__item").first.wait_for()
    assert "<script>alert('title')</script>" in page.locator(".md-search-result").inner_text()
    page.goto(site_url + "charters/hostile/history/")
    page.goto(site_url + "charters/hostile/compare/")
    assert page.problems == []


@pytest.mark.parametrize(
    "address",
    [
        "",
        "charters/riverside-greenmill/",
        "charters/riverside-greenmill/history/",
        "charters/riverside-greenmill/v2/",
        "charters/riverside-greenmill/compare/",
        "reference/",
        "how-partners-work/",
    ],
)
def test_no_serious_accessibility_violations(page, site_url: str, address: str) -> None:
    page.goto(site_url + address)
    assert serious_violations(page) == []
    assert page.problems == []


def test_what_was_in_force_on_a_day_is_answered_in_the_page(page, site_url: str) -> None:
    page.goto(site_url + "charters/riverside-greenmill/")
    picker = page.locator(".charter-at")
    assert picker.is_visible(), "shown once the script runs; without it, the list of periods says the same"
    answer = page.locator(".charter-at__answer")
    assert answer.inner_text() == "On Nov 25, 2026: Version 4 was in force."
    page.locator(".charter-at__date").fill("2026-02-15")
    assert answer.inner_text() == "No version was in force on Feb 15, 2026."
    page.locator(".charter-at__date").fill("2026-03-01")
    answer.locator("a").click()
    assert page.url.endswith("/charters/riverside-greenmill/v4/")
    assert "In force since Mar 1, 2026." in page.locator(".charter-period").inner_text()
    assert page.problems == []
