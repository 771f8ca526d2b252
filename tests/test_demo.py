"""`charters demo`: a site that shows what the product does, the same bytes every time."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import feedparser
import pytest

from generator.demo.repository import example_charters, make_repository
from generator.history.git import run
from generator.history.terms import terms_digest
from tests.sites import tree_digest


def demo(cwd: Path, *arguments: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "demo", *arguments],
        cwd=cwd,
        env={**environment, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    made = demo(folder)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("built 36 pages"), made.stdout
    return folder / "site"


def test_the_demo_is_the_same_bytes_every_time(demo_site: Path, tmp_path: Path) -> None:
    again = demo(tmp_path, "--out", "again", seed="1")
    assert again.returncode == 0, again.stderr
    assert tree_digest(tmp_path / "again") == tree_digest(demo_site)


def test_a_subscriber_reads_approvals_objections_and_ratifications_in_the_feed(demo_site: Path) -> None:
    entries = feedparser.parse((demo_site / "charters/nordvik-virtanen-oats/feed.xml").read_bytes()).entries
    titles = [entry.title.split(": ", 1)[1] for entry in entries]
    # The ledger line that ratified the loosening, then its ratification, newest first.
    late = titles.index("Sara Lindqvist (Nordvik Market AB) approves version 3")
    assert titles[late - 1] == "version 3 ratified"
    ratified = entries[late - 1]
    assert ratified.updated == "2026-08-25T11:00:00Z" and ratified.link.endswith("/charters/nordvik-virtanen-oats/v3/")
    assert ratified.summary == (
        "ratified · authored by every party; in force since Oct 1, 2026 (after a 30-day notice period)"
    )
    assert len({entry.id for entry in entries}) == len(entries)
    midori = feedparser.parse((demo_site / "charters/midori-lumen-data-labour/feed.xml").read_bytes()).entries
    (objection,) = [entry for entry in midori if "objects to version 2" in entry.title]
    assert objection.author == "Dr. Leonie Brandt" and "new hires start in September" in objection.summary


def test_a_subscriber_hears_of_actions_concerns_misses_and_resolutions(demo_site: Path) -> None:
    oats = demo_site / "charters/nordvik-virtanen-oats"
    entries = feedparser.parse((oats / "feed.xml").read_bytes()).entries
    by_title = {entry.title.split(": ", 1)[1]: entry for entry in entries}
    opened = by_title["action opened for Kalle Virtanen Oy, due Dec 4, 2026"]
    assert opened.updated == "2026-10-20T00:00:00Z", "dated by the record, the day it happened"
    assert opened.summary.startswith("Upload the three missing harvest certificates")
    closed = by_title["action closed by Nordvik Market AB"]
    assert "Outcome: Every June invoice paid by 4 August" in closed.summary
    assert "missed by Nordvik Market AB: Invoices paid within 30 days" not in by_title, "one result binds Nordvik alone"
    assert by_title["missed: Invoices paid within 30 days"].summary.endswith("; response: step 1.")
    assert "commitment lab-certificates missed by Kalle Virtanen Oy" in by_title
    raised = by_title["concern raised by someone anonymous with Nordvik Market AB and Kalle Virtanen Oy"]
    resolved = by_title["concern resolved after 18 days"]
    assert resolved.updated == "2026-04-15T00:00:00Z"
    # Each links to its entry on the charter page, and that anchor is there.
    page = (oats / "index.html").read_text()
    for entry in (opened, closed, raised, resolved):
        anchor = entry.link.split("#", 1)[1]
        assert f'id="{anchor}"' in page, anchor
    everything = feedparser.parse((demo_site / "feed.xml").read_bytes()).entries
    assert any(entry.id == opened.id for entry in everything), "the site's feed carries it too"


def test_the_demo_shows_every_way_a_version_stands(demo_site: Path) -> None:
    def versions(charter_id: str) -> list[dict]:
        return json.loads((demo_site / f"api/charters/{charter_id}.json").read_text())["versions"]

    oats, venture, midori = (
        versions(name) for name in ("nordvik-virtanen-oats", "maji-safi-filter-venture", "midori-lumen-data-labour")
    )
    # A loosening merged with one party's approval, ratified a week later by a ledger line
    # from the web interface, in force only after the 30-day notice period.
    assert [(v["status"], v["ratified_on"], v["in_force"]["from"]) for v in oats] == [
        ("ratified", "2025-01-20", "2025-02-01"),
        ("ratified", "2026-02-09", "2026-03-01"),
        ("ratified", "2026-08-25", "2026-10-01"),
    ]
    assert oats[2]["in_force"]["notice_days"] == 30
    assert [(p["name"], p["given"], p["evidence"]) for p in oats[2]["positions"]] == [
        ("Sara Lindqvist", "ledger", "authored"),
        ("Aino Virtanen", "change", "authored"),
    ]
    (loosening,) = json.loads((demo_site / "api/charters/nordvik-virtanen-oats.json").read_text())["drift"]
    assert loosening["pull_request"] == "#21" and "monthly → quarterly" in loosening["change"]
    assert len(venture) == 4 and all(version["status"] == "ratified" for version in venture)
    # Approved a day after the merge; under `evidence: authored`, an approval typed by the
    # merger does not count, and an objection blocks the next version.
    assert (midori[0]["status_text"], midori[0]["ratified_on"]) == ("ratified · authored by every party", "2025-11-12")
    assert midori[1]["status"] == "blocked"
    assert "new hires start in September" in midori[1]["objections"][0]["reason"]
    page = (demo_site / "charters/midori-lumen-data-labour/index.html").read_text()
    assert "<strong>Version 1 is in force</strong>" in page and "blocked by an objection" in page
    history = (demo_site / "charters/nordvik-virtanen-oats/history/index.html").read_text()
    assert "Aino Virtanen" in history and "#13" in history and "loosened" in history
    page = (demo_site / "charters/nordvik-virtanen-oats/index.html").read_text()
    assert page.count("2025-") >= 4, "reviews every quarter since 2025, with results"
    assert "A demonstration." in (demo_site / "index.html").read_text()


def test_the_story_ends_at_each_example_charter(tmp_path: Path) -> None:
    story = make_repository(tmp_path)
    assert run(tmp_path, ["status", "--porcelain"]) == b""
    for charter_id, text in example_charters().items():
        assert (tmp_path / "charters" / f"{charter_id}.yaml").read_text() == text
    subjects = run(tmp_path, ["log", "--first-parent", "--format=%s"]).decode().splitlines()
    assert (
        len(subjects) == len(story.changes) + len(story.positions) + len(story.translations) + 1
        and subjects[-1] == "Set up the partners' site"
    )
    merged = sum(bool(change.get("approvals")) for change in story.changes)
    assert sum(subject.startswith("Merge pull request #") for subject in subjects) == merged == 9


def test_demo_serve_serves_the_site(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "demo", "--serve", "--address", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        line = ""
        while "serving" not in line and time.monotonic() < deadline:
            line = server.stderr.readline()
        assert f"on http://127.0.0.1:{port}/" in line
        address = f"http://127.0.0.1:{port}/"
        assert "A demonstration." in urllib.request.urlopen(address, timeout=5).read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode == 0


def test_every_version_shows_the_digest_of_its_terms(demo_site: Path) -> None:
    for path in sorted((demo_site / "api/charters").glob("*/v*.json")):
        version = json.loads(path.read_text())
        assert version["digest"] == terms_digest(version["terms"]), path
        page = (demo_site / "charters" / version["charter"] / f"v{version['version']}" / "index.html").read_text()
        assert f"<code>{version['digest']}</code>" in page
    digests = {json.loads(path.read_text())["digest"] for path in (demo_site / "api/charters").glob("*/v*.json")}
    assert len(digests) == 9, "each of the nine versions has terms of its own"


def test_a_corrected_record_is_shown_as_rewritten_on_the_page_history_and_api(demo_site: Path) -> None:
    correction = "review 2026-10-20 quarterly-review: result for on-time-delivery: value 59 → 95"
    oats = demo_site / "charters" / "nordvik-virtanen-oats"
    page = (oats / "index.html").read_text()
    # For readers, the review and the field in words.
    shown = "review Oct 20, 2026 quarterly review: result for on-time-delivery: measured value 59 → 95"
    assert "<strong>Record rewritten</strong> on Oct 27, 2026 (#26," in page and shown in page
    history = (oats / "history" / "index.html").read_text()
    revision = history[history.index("Correct the October delivery figure") :]
    assert "✎ record rewritten" in revision[: revision.index("</section>")]
    api = json.loads((demo_site / "api/charters/nordvik-virtanen-oats.json").read_text())
    assert [item["change"] for item in api["record_rewritten"]] == [correction]


def test_the_api_gives_each_partys_indicators_with_the_records_they_count(demo_site: Path) -> None:
    api = json.loads((demo_site / "api/charters/nordvik-virtanen-oats.json").read_text())
    virtanen = next(item for item in api["indicators"]["parties"] if item["party"] == "virtanen")
    resolve = virtanen["days_to_resolve_a_concern"]
    assert (resolve["median_days"], resolve["median_allowed"], resolve["counted"]) == (18, 5, 1)
    assert resolve["records"] == [{"anchor": "#concern-spring-flood-notices", "label": resolve["records"][0]["label"]}]
    assert virtanen["share_met"]["counted"] == len(virtanen["share_met"]["records"])
    assert api["indicators"]["reviews_on_schedule"]["on_schedule"] == 7
    # The anonymous concern is raised with both parties: each owes its next step.
    assert [(due["party"], due["kind"], due["key"], due["due"]) for due in api["dues"]] == [
        ("nordvik", "concern", "farm-price-question", "2026-11-29"),
        ("virtanen", "concern", "farm-price-question", "2026-11-29"),
        ("virtanen", "action", "certificate-backlog", "2026-12-04"),
        ("virtanen", "commitment", "open-farm-days", "2027-08-31"),
    ]


def test_drift_lists_a_miss_without_response_and_a_benchmark_no_longer_assessed_once(demo_site: Path) -> None:
    page = (demo_site / "charters/midori-lumen-data-labour/index.html").read_text()
    assert (
        'Drift: commitment works-council-access <a href="#review-2026-11-12">missed at the review of Nov 12, 2026, '
        "and no response was recorded</a>."
    ) in page
    assert 'Drift: benchmark “Concerns raised without retaliation” <a href="#benchmark-safe-reporting">' in page
    # The warnings they stand for are not listed a second time.
    assert "response-not-recorded" not in page and "unenforced-benchmark" not in page
    api = json.loads((demo_site / "api/charters/midori-lumen-data-labour.json").read_text())
    assert [item["anchor"] for item in api["record_drift"]] == ["#review-2026-11-12", "#benchmark-safe-reporting"]
    assert {"response-not-recorded", "unenforced-benchmark"} <= set(api["warnings"])


def test_the_record_kept_out_of_mkdocs_is_back_in_its_pages(demo_site: Path) -> None:
    assert not list(demo_site.rglob("*.fragments.json")), "the fragments files leave the site"
    for page in demo_site.rglob("*.html"):
        assert "data-charters-fragment" not in page.read_text(), page
    oats = (demo_site / "charters/nordvik-virtanen-oats/index.html").read_text()
    assert oats.count('<svg class="charter-chart"') == 5 and 'id="action-certificate-backlog"' in oats
    assert oats.index('id="what-is-open"') < oats.index('id="action-certificate-backlog"') < oats.index('id="purpose"')
