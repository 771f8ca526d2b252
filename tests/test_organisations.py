"""One organisation across several charters, built for real from a git repository: its
page, its place on the home page and its calendar, read back by an iCalendar parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from generator.build import build
from tests.conftest import TODAY
from tests.gitrepo import ADA, TOMAS, GitRepo, charter
from tests.sites import with_site_settings

# Greenmill is party to three charters, under three names; each charter asks one thing of it.
CHARTERS = {
    "oats": ("Greenmill Co-op", "2026-11-20"),  # overdue by 5 days on TODAY
    "barley": ("Greenmill Co-operative", "2026-12-10"),
    "rye": ("Greenmill", "2027-01-15"),
}


def greenmill_charter(charter_id: str, name: str, due: str) -> str:
    return charter(
        charter_id,
        ("title: Riverside Foods and Greenmill Co-op sourcing partnership", f"title: The {charter_id} partnership"),
        ("    name: Greenmill Co-op\n", f"    name: {name}\n    org: greenmill.example\n"),
        ("    name: Riverside Foods Ltd\n", "    name: Riverside Foods Ltd\n    org: riverside.example\n"),
    ) + (
        "actions:\n"
        f"  - id: {charter_id}-plan\n"
        "    step: 1\n"
        "    party: greenmill\n"
        "    opened: 2026-11-01\n"
        f"    summary: Send a remediation plan for the {charter_id} deliveries.\n"
        "    benchmark: bad-news-48h\n"
        f"    due: {due}\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = with_site_settings(GitRepo(tmp_path_factory.mktemp("organisations")))
    for charter_id, (name, due) in CHARTERS.items():
        text = greenmill_charter(charter_id, name, due)
        repo.commit(f"Add the {charter_id} charter", {f"charters/{charter_id}.yaml": text}, approvals=(ADA, TOMAS))
    # A fourth charter names Greenmill and a miller, then names neither: both addresses stay.
    wheat = charter(
        "wheat",
        ("    name: Greenmill Co-op\n", "    name: Greenmill Co-op\n    org: greenmill.example\n"),
        ("    name: Riverside Foods Ltd\n", "    name: Riverside Foods Ltd\n    org: millers.example\n"),
    )
    repo.day = "2026-05-01"
    repo.commit("Add the wheat charter", {"charters/wheat.yaml": wheat}, approvals=(ADA, TOMAS))
    later = wheat.replace("version: 1", "version: 2").replace("    org: millers.example\n", "")
    repo.day = "2026-06-01"
    repo.commit(
        "Greenmill's wheat arm signs for itself",
        {"charters/wheat.yaml": later.replace("org: greenmill.example", "org: greenmill-wheat.example")},
    )
    # A charter whose file is removed is withdrawn: its organisation owes nothing under it.
    spelt = greenmill_charter("spelt", "Greenmill Co-op", "2026-12-20").replace(
        "org: greenmill.example", "org: spelt-growers.example"
    )
    repo.day = "2026-07-01"
    repo.commit("Add the spelt charter", {"charters/spelt.yaml": spelt}, approvals=(ADA, TOMAS))
    repo.day = "2026-08-01"
    repo.commit("End the spelt charter", {"charters/spelt.yaml": None})
    build(repo.root, repo.root / "site", TODAY)
    return repo.root / "site"


def test_the_organisation_page_joins_its_charters_and_what_it_owes(site: Path) -> None:
    page = (site / "organisations" / "greenmill.example" / "index.html").read_text()
    assert "Greenmill · Greenmill Co-op · Greenmill Co-operative is party to 3 charters" in page
    for charter_id in CHARTERS:
        assert f'href="../../charters/{charter_id}/"' in page
    # Soonest first, the overdue one marked, each linking to the action in its charter.
    owed = [page.index(f"Send a remediation plan for the {charter_id} deliveries") for charter_id in CHARTERS]
    assert owed == sorted(owed)
    assert "Overdue by 5 days</strong> (due Nov 20, 2026)" in page
    assert 'href="../../charters/barley/#action-barley-plan"' in page
    riverside = (site / "organisations" / "riverside.example" / "index.html").read_text()
    assert "Nothing with a date is open." in riverside
    assert "is party to 3 charters" in riverside


def test_the_home_page_lists_each_organisation_once(site: Path) -> None:
    home = (site / "index.html").read_text()
    assert home.count('href="organisations/greenmill.example/"') == 1
    assert "Greenmill · Greenmill Co-op · Greenmill Co-operative</a>: 3 charters, 3 dates owed" in home


def test_the_organisation_calendar_reads_back_with_one_event_per_date_owed(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical(
        (site / "organisations" / "greenmill.example" / "calendar.ics").read_bytes()
    )
    events = calendar.walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [
        dt.date.fromisoformat(due) for _name, due in CHARTERS.values()
    ]
    assert len({str(event["UID"]) for event in events}) == 3
    for event, charter_id in zip(events, CHARTERS, strict=True):
        assert f"Send a remediation plan for the {charter_id} deliveries" in str(event["SUMMARY"]) + str(
            event["DESCRIPTION"]
        )
        assert str(event["URL"]) == f"https://benchmark-charters.org/charters/{charter_id}/#action-{charter_id}-plan"


def test_an_organisation_no_charter_names_any_more_keeps_its_page_and_calendar(site: Path) -> None:
    page = (site / "organisations" / "millers.example" / "index.html").read_text()
    assert "No charter on this site names the organisation key <code>millers.example</code> any more." in page
    assert "as Riverside Foods Ltd, until Jun 1, 2026." in page and 'href="../../charters/wheat/"' in page
    calendar = icalendar.Calendar.from_ical((site / "organisations" / "millers.example" / "calendar.ics").read_bytes())
    assert calendar.walk("VEVENT") == []
    assert "millers.example" not in (site / "index.html").read_text(), "the home page lists current organisations"
    greenmill = (site / "organisations" / "greenmill.example" / "index.html").read_text()
    assert "Charters it was party to" in greenmill and "is party to 3 charters" in greenmill


def test_a_withdrawn_charter_leaves_its_organisations_owing_nothing_under_it(site: Path) -> None:
    page = (site / "organisations" / "spelt-growers.example" / "index.html").read_text()
    assert "No charter on this site names the organisation key <code>spelt-growers.example</code> any more." in page
    assert "as Greenmill Co-op, until Aug 1, 2026." in page and "spelt deliveries" not in page
    calendar = icalendar.Calendar.from_ical(
        (site / "organisations" / "spelt-growers.example" / "calendar.ics").read_bytes()
    )
    assert calendar.walk("VEVENT") == []
