"""The demo's record in a real browser, on a phone and on a desk: open items, charts,
each side's record and an organisation's page fit the screen, run no error and pass axe."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from generator.build import build
from generator.demo.repository import make_repository
from tests import browsing
from tests.browsing import needs_chromium, serious_violations, served

pytestmark = needs_chromium
# The browser, and a page that records console errors, exceptions and dialogs.
browser = browsing.browser
page = browsing.page

OATS = "charters/nordvik-virtanen-oats/"
NORDVIK = "organisations/nordvik.example/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("demo-record")
    story = make_repository(root)
    build(root, root / "site", story.today)
    with served(root / "site") as address:
        yield address


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("address", ["", OATS, NORDVIK])
def test_the_record_fits_the_screen_and_passes_axe(page, site_url: str, address: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site_url + address)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    for chart in page.locator("svg.charter-chart").all():
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert serious_violations(page) == []
    assert page.problems == []


def test_each_benchmark_with_results_has_its_chart_and_every_result_in_a_table(page, site_url: str) -> None:
    page.goto(site_url + OATS)
    sections = page.locator(".charter-results")
    assert sections.count() >= 3
    for section in sections.all():
        # One chart, named by its title and described in words, for a screen reader.
        chart = section.get_by_role("img", name=re.compile(r"^.+: results over time \d+ results? from "))
        assert chart.count() == 1
        assert chart.get_attribute("class") == "charter-chart"
        assert section.locator(".charter-results__table tbody tr").count() >= 1
    assert page.problems == []


def test_open_items_come_first_and_a_party_leads_to_its_organisation(page, site_url: str) -> None:
    page.goto(site_url + OATS)
    assert page.locator("article h2").first.inner_text().startswith("What is open")
    action = page.locator("#action-certificate-backlog")
    assert "Kalle Virtanen Oy" in action.inner_text() and "due Dec 4, 2026" in action.inner_text()
    assert action.bounding_box()["y"] < page.locator("#purpose").bounding_box()["y"]
    page.get_by_role("link", name="Nordvik Market AB across every charter").click()
    page.wait_for_url("**/" + NORDVIK)
    assert "Nordvik Market AB is party to 1 charter" in page.locator("article").inner_text()
    calendar = page.get_by_role("link", name="Calendar of everything it owes")
    assert calendar.get_attribute("href").endswith("calendar.ics")
    assert page.problems == []
