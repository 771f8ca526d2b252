"""The words of the charter format's own vocabulary (the schema's enums), as readers see
them: a status, a cadence, a kind of review. The charter keeps the English keyword; the
site says it in its language."""

from __future__ import annotations

from generator.language.message import Message, message

VOCABULARY: dict[str, dict[str, Message]] = {
    "status": {
        "draft": message("draft"),
        "active": message("active"),
        "suspended": message("suspended"),
        "ended": message("ended"),
        "withdrawn": message("withdrawn"),
    },
    "cadence": {
        "weekly": message("weekly"),
        "biweekly": message("every two weeks"),
        "monthly": message("monthly"),
        "quarterly": message("quarterly"),
        "semiannual": message("twice a year"),
        "annual": message("annually"),
    },
    "direction": {
        "max": message("at most"),
        "min": message("at least"),
    },
    "evidence": {
        "signed": message("signed"),
        "authored": message("authored"),
        "recorded": message("recorded"),
    },
    "review": {
        "check-in": message("check-in"),
        "quarterly-review": message("quarterly review"),
        "annual-assessment": message("annual assessment"),
        "post-mortem": message("post-mortem"),
    },
    "result": {
        "met": message("met"),
        "partly": message("partly"),
        "missed": message("missed"),
        "not-assessed": message("not assessed"),
    },
    # The charter's fields, as a change names them: "benchmark x: cadence monthly → quarterly".
    "field": {
        "about": message("concern about"),
        "acknowledged": message("acknowledged"),
        "amendments": message("amendments"),
        "anonymous": message("anonymous"),
        "applies_to": message("binds"),
        "attendees": message("attended by"),
        "behavior": message("behaviour"),
        "benchmark": message("benchmark"),
        "benchmarks": message("serves"),
        "by": message("raised by"),
        "cadence": message("cadence"),
        "channel": message("channel"),
        "closed": message("closed"),
        "commitment": message("commitment"),
        "country": message("country"),
        "date": message("date"),
        "direction": message("direction"),
        "due": message("due date"),
        "effective": message("effective date"),
        "email": message("email"),
        "ends": message("end date"),
        "escalated": message("escalated"),
        "evidence": message("evidence required"),
        "github": message("GitHub account"),
        "gitlab": message("GitLab account"),
        "indicator": message("indicator"),
        "kind": message("kind"),
        "level": message("level"),
        "name": message("name"),
        "next": message("next review"),
        "note": message("note"),
        "notice_days": message("notice period in days"),
        "on": message("date"),
        "opened": message("opened"),
        "org": message("organisation"),
        "outcome": message("outcome"),
        "owners": message("owners"),
        "party": message("party"),
        "principle": message("principle"),
        "purpose": message("purpose"),
        "raised": message("raised"),
        "ratification": message("ratification"),
        "rationale": message("rationale"),
        "representatives": message("representatives"),
        "resolved": message("resolved"),
        "response": message("response step"),
        "result": message("result"),
        "role": message("role"),
        "status": message("status"),
        "step": message("step"),
        "steward": message("steward"),
        "summary": message("summary"),
        "tags": message("tags"),
        "target": message("target"),
        "text": message("text"),
        "threshold": message("threshold"),
        "title": message("title"),
        "trigger": message("trigger"),
        "unit": message("unit"),
        "value": message("measured value"),
        "version": message("version"),
        "via": message("raised through"),
        "who": message("who"),
        "within_days": message("days allowed"),
    },
    "via": {
        "voice": message("the voice channel"),
        "escalation": message("the escalation path"),
        "review": message("a review"),
    },
}


def word(kind: str, value: str) -> Message | str:
    """The reader's word for `value` of the vocabulary `kind`; a value the vocabulary does
    not hold (a newer format's) is shown as it is written."""
    return VOCABULARY[kind].get(value, value)


# The fields whose values are words of the vocabulary above.
WORDS_OF_FIELD = {
    "status": "status",
    "cadence": "cadence",
    "kind": "review",
    "result": "result",
    "via": "via",
    "evidence": "evidence",
    "direction": "direction",
}


def field_value(field: str | None, value: str) -> Message | str:
    """A field's value as a reader sees it: a vocabulary word in the reader's language,
    anything else as written."""
    kind = WORDS_OF_FIELD.get(field or "")
    return word(kind, value) if kind else value
