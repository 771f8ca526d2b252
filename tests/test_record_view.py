"""The record as the pages show it: open items, indicators as the contract defines them,
and charts that are the same bytes every time and never carry markup from a charter."""

from __future__ import annotations

import copy
import datetime as dt
import xml.etree.ElementTree as ElementTree

from generator.language.catalog import language
from generator.load import load_charter
from generator.model.indicators import benchmark_share, party_records, review_schedule
from generator.model.record import TermsByDay, record_view
from generator.render.chart import benchmark_chart, describe
from tests.conftest import REPO

ENGLISH = language("en")

PATH = "charters/nordvik-virtanen-oats.yaml"
OATS = load_charter(PATH, (REPO / PATH).read_bytes()).document.data
DEMO_DAY = dt.date(2026, 11, 30)


def view(data: dict, today: dt.date = DEMO_DAY):
    days = TermsByDay(data, lambda _day: None)
    record = record_view(days, today)
    return record, party_records(data, days, record)


def test_open_items_come_with_who_must_act_and_how_late() -> None:
    record, _ = view(OATS)
    (action,) = record.open_actions
    assert (action.id, action.party_name, action.due, action.overdue_days) == (
        "certificate-backlog",
        "Kalle Virtanen Oy",
        "2026-12-04",
        None,
    )
    assert "Uploads every laboratory certificate" in str(action.answers)
    (concern,) = record.open_concerns
    # Level 1 (5 days) since it was raised on 2026-11-24: past its deadline on the 30th.
    assert (str(concern.by_name), concern.level, concern.deadline, concern.overdue_days) == (
        "someone anonymous",
        1,
        "2026-11-29",
        1,
    )
    assert concern.about_names == ("Nordvik Market AB", "Kalle Virtanen Oy")
    late, _ = view(OATS, dt.date(2026, 12, 10))
    assert late.open_actions[0].overdue_days == 6


def test_share_met_counts_the_last_four_reviews_that_assessed_it() -> None:
    data = copy.deepcopy(OATS)
    data["reviews"]["log"] = [
        {"date": f"2026-0{month}-01", "results": [{"benchmark": "residue-testing", "result": result}]}
        for month, result in zip(range(1, 7), ["missed", "met", "partly", "not-assessed", "missed", "met"], strict=True)
    ]
    anchors = tuple(f"review-2026-0{month}-01" for month in range(1, 7))
    share = benchmark_share(data, anchors, "residue-testing")
    # The first review falls out (the fourth before last is February); not-assessed is left out.
    assert [item.anchor for item in share.counted] == [anchors[1], anchors[2], anchors[4], anchors[5]]
    assert share.score == (1 + 0.5 + 0 + 1) / 4
    assert benchmark_share(data, anchors, "living-income") is None


def test_each_party_is_judged_on_what_binds_it_and_its_own_commitments() -> None:
    _, parties = view(OATS)
    nordvik, virtanen = parties
    labels = [str(item.label) for item in nordvik.share_met.counted]
    assert "2026-10-20 Deliveries on the agreed day: partly" not in labels  # binds Virtanen only
    assert "2026-10-20 commitment forecast-sharing: met" in labels
    assert "2026-04-15 Bad news within 48 hours: partly" in [str(item.label) for item in virtanen.share_met.counted]
    assert "2026-04-15 Bad news within 48 hours: met" in labels  # the per-party result for Nordvik
    assert (nordvik.actions_on_time.on_time, len(nordvik.actions_on_time.counted)) == (1, 1)
    assert virtanen.actions_on_time is None  # its action is open and not yet due
    assert virtanen.resolve_days.median_days == 18  # spring-flood-notices: 2026-03-28 to 2026-04-15
    assert virtanen.resolve_days.median_allowed == 5
    assert (nordvik.open_concerns, virtanen.open_concerns, virtanen.open_actions) == (1, 1, 1)


def test_a_review_is_on_schedule_by_the_next_date_set_before_it_or_its_cadence_and_a_quarter() -> None:
    data = copy.deepcopy(OATS)
    data["effective"] = "2025-01-01"
    data["reviews"]["log"] = [{"date": "2025-04-25"}, {"date": "2025-09-01"}, {"date": "2025-10-01"}]
    anchors = ("a", "b", "c")
    # Quarterly: 92 days and a quarter more is 115 days.
    schedule = review_schedule(data, anchors, [None, None, "2025-09-30"])
    assert [str(item.label) for item in schedule.counted] == [
        "2025-04-25: due by 2025-04-26",
        "2025-09-01: due by 2025-08-18, late",
        "2025-10-01: due by 2025-09-30, late",
    ]
    assert schedule.on_schedule == 1


def test_a_chart_is_the_same_bytes_every_time_and_says_what_it_shows() -> None:
    record, _ = view(OATS)
    bad_news = next(item for item in record.benchmarks if item.id == "bad-news-48h")
    chart = benchmark_chart(bad_news, "chart-bad-news-48h", ENGLISH)
    assert chart == benchmark_chart(bad_news, "chart-bad-news-48h", ENGLISH)
    svg = ElementTree.fromstring(str(chart))
    namespace = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.find(f"{namespace}title").text == "Bad news within 48 hours: results over time"
    assert svg.find(f"{namespace}desc").text == describe(bad_news, ENGLISH)
    assert "8 results from Apr 22, 2025 to Oct 20, 2026: met 7 and partly met 1." in describe(bad_news, ENGLISH)
    assert "Measured values from 20 to 72 hours." in describe(bad_news, ENGLISH)
    # Every result is a shape with a letter, not a colour alone; values sit against the target.
    assert len(svg.findall(f".//{namespace}g")) == len(bad_news.points)
    assert "target ≤ 48" in "".join(svg.itertext())


def test_a_chart_shows_a_hostile_title_as_text() -> None:
    data = copy.deepcopy(OATS)
    data["benchmarks"][0]["title"] = "</title><script>alert(1)</script>\u202e"
    record, _ = view(data)
    chart = str(benchmark_chart(record.benchmarks[0], "chart-x", ENGLISH))
    assert "<script>" not in chart and "\u202e" not in chart
    assert ElementTree.fromstring(chart).find("{http://www.w3.org/2000/svg}title").text.startswith("</title>")


def test_drift_lists_misses_without_a_response_and_benchmarks_no_longer_assessed() -> None:
    from generator.model.record_drift import record_drift

    data = copy.deepcopy(OATS)
    anchors = record_view(TermsByDay(data, lambda _day: None), DEMO_DAY).review_anchors
    assert record_drift(data, anchors) == (), "every miss in the example drew a response"
    october = data["reviews"]["log"][-1]
    october["results"][0]["result"] = "missed"  # bad-news-48h, and no response
    del october["commitments"][1]["response"]  # lab-certificates: an action answers it
    for day in ("2026-11-10", "2026-11-20"):
        data["reviews"]["log"].append({"date": day, "results": [{"benchmark": "bad-news-48h", "result": "met"}]})
    drift = record_drift(data, (*anchors, "review-2026-11-10", "review-2026-11-20"))
    assert [(str(item.subject), item.anchor) for item in drift] == [
        ("benchmark “Bad news within 48 hours”", "review-2026-10-20"),
        # Monthly, and not assessed in the two November reviews; residue tests are quarterly.
        ("benchmark “Invoices paid within 30 days”", "benchmark-pay-on-time"),
        ("benchmark “Deliveries on the agreed day”", "benchmark-on-time-delivery"),
    ]
    assert str(drift[0].description) == "missed at the review of 2026-10-20, and no response was recorded"
