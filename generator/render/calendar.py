"""The review calendar of a charter as iCalendar (RFC 5545), so partners can subscribe.

Each held review and the next scheduled one are all-day events. Stamps come from the
charter's history, not the clock, so the file is the same for the same repository.
"""

from __future__ import annotations

import datetime as dt

from generator.model.site import CharterView
from generator.render.visible import visible

# Some calendar applications show descriptions as HTML; look-alike angle brackets keep the
# text readable and make sure it is never markup.
_NOT_MARKUP = str.maketrans({"<": "\ufe64", ">": "\ufe65"})


def _text(value: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and newlines escaped."""
    # Content lines hold no control character but tab (RFC 5545 3.3.11): the others are
    # shown as escapes, which are then escaped as any backslash is.
    shown = visible(value.replace("\r\n", "\n"), keep="\t\n")
    escaped = shown.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\n", "\\n").translate(_NOT_MARKUP)


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    parts, current, limit = [], "", 75
    for character in line:
        if len((current + character).encode()) > limit:
            parts.append(current)
            current, limit = "", 74  # a continuation line's leading space counts
        current += character
    parts.append(current)
    return [parts[0], *(" " + part for part in parts[1:])]


def _event(uid: str, stamp: str, day: str, summary: str, description: str, url: str) -> list[str]:
    start = dt.date.fromisoformat(day)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_text(summary)}",
        f"DESCRIPTION:{_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def review_calendar(charter: CharterView, page_url: str, host: str, stamp_date: str) -> bytes:
    """``stamp_date`` is an ISO date-time from git: when this calendar's content last changed."""
    stamp = dt.datetime.fromisoformat(stamp_date).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    title = charter.data["title"]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//benchmark-charters//review calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(title)}: reviews",
    ]
    for review in charter.data["reviews"].get("log", []):
        summary = f"{title}: {review.get('kind', 'review')} (held)"
        lines += _event(
            f"{charter.id}-review-{review['date']}@{host}",
            stamp,
            review["date"],
            summary,
            review.get("summary", ""),
            page_url,
        )
    next_review = charter.data["reviews"]["next"]
    summary = f"{title}: {charter.data['reviews']['cadence']} review"
    if not charter.withdrawn:  # a withdrawn charter has no review ahead
        lines += _event(
            f"{charter.id}-next-{next_review}@{host}",
            stamp,
            next_review,
            summary,
            "Next scheduled review of the charter.",
            page_url,
        )
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line)).encode()
