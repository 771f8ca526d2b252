"""The review calendar of a charter as iCalendar (RFC 5545), so partners can subscribe.

Each held review and the next scheduled one are all-day events. Stamps come from the
charter's history, not the clock, so the file is the same for the same repository.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from generator.language.catalog import Language
from generator.language.message import Message, message
from generator.language.vocabulary import word
from generator.model.organisations import Due, Organisation
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


@dataclass(frozen=True)
class Event:
    uid: str  # made of ids and dates only: slugs, so nothing in it needs escaping
    day: str
    summary: str
    description: str
    url: str


def _event_lines(event: Event, stamp: str) -> list[str]:
    start = dt.date.fromisoformat(event.day)
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_text(event.summary)}",
        f"DESCRIPTION:{_text(event.description)}",
        f"URL:{event.url}",
        "END:VEVENT",
    ]


def calendar(name: str, events: list[Event], stamp_date: str) -> bytes:
    """``stamp_date`` is an ISO date-time from git: when this calendar's content last changed."""
    stamp = dt.datetime.fromisoformat(stamp_date).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//benchmark-charters//review calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
        *(line for event in events for line in _event_lines(event, stamp)),
        "END:VCALENDAR",
    ]
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line)).encode()


def _owes(kind: str, charter: str, party: str) -> Message:
    if kind == "action":
        return message("%(charter)s: %(party)s, action due", charter=charter, party=party)
    if kind == "commitment":
        return message("%(charter)s: %(party)s, commitment due", charter=charter, party=party)
    return message("%(charter)s: %(party)s, concern to resolve or escalate", charter=charter, party=party)


def due_event(
    charter_id: str, charter_title: str, party_name: str, due: Due, page_url: str, host: str, spoken: Language
) -> Event:
    return Event(
        f"{charter_id}-{due.kind}-{due.key}-{due.party}@{host}",
        due.due,
        spoken.text(_owes(due.kind, charter_title, party_name)),
        spoken.text(due.what) if isinstance(due.what, Message) else due.what,
        f"{page_url}#{due.kind}-{due.key}",
    )


def review_calendar(charter: CharterView, page_url: str, host: str, spoken: Language) -> bytes:
    """Each review held and the next one, and every date a party owes something by."""
    title = charter.data["title"]
    events = [
        Event(
            f"{charter.id}-{anchor}@{host}",
            review["date"],
            spoken.text(
                message("%(charter)s: %(kind)s (held)", charter=title, kind=word("review", review["kind"]))
                if "kind" in review
                else message("%(charter)s: review (held)", charter=title)
            ),
            review.get("summary", ""),
            f"{page_url}#{anchor}",
        )
        for anchor, review in zip(charter.record.review_anchors, charter.data["reviews"].get("log", []), strict=True)
    ]
    if not charter.withdrawn:  # a withdrawn charter has no review ahead, and owes nothing
        next_review = charter.data["reviews"]["next"]
        events.append(
            Event(
                f"{charter.id}-next-{next_review}@{host}",
                next_review,
                spoken.text(
                    message(
                        "%(charter)s: review (%(cadence)s)",
                        charter=title,
                        cadence=word("cadence", charter.data["reviews"]["cadence"]),
                    )
                ),
                spoken.text(message("Next scheduled review of the charter.")),
                page_url,
            )
        )
        events += [
            due_event(charter.id, title, charter.parties.get(due.party, due.party), due, page_url, host, spoken)
            for due in charter.dues
        ]
    return calendar(
        spoken.text(message("%(charter)s: reviews and dates owed", charter=title)), events, charter.last_changed
    )


def organisation_calendar(
    organisation: Organisation, charter_url: Callable[[str], str], host: str, spoken: Language
) -> bytes:
    """Everything the organisation owes across its charters; ``charter_url``: a charter
    id's absolute address."""
    events = [
        due_event(party.charter_id, party.charter_title, party.name, due, charter_url(party.charter_id), host, spoken)
        for party, due in organisation.dues
    ]
    name = spoken.text(message("%(organisation)s: everything it owes", organisation=organisation.name))
    return calendar(name, events, organisation.changed)
