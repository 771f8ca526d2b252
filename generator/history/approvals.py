"""Everything a charter's positions need beyond its own file's history, read once per build:
the main line's order, the signing keys through time, and the positions that name a version."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.history.keys import KeyPeriods
from generator.history.mainline import MainLine
from generator.history.people import Roster
from generator.history.positions import NamedPosition
from generator.history.signatures import KeyHistory, Signing


@dataclass
class ApprovalContext:
    main_line: MainLine
    signing: Signing
    named: dict[str, list[NamedPosition]]  # by the charter id they name
    _periods: dict[tuple, KeyPeriods] = field(default_factory=dict)

    def key_periods(self, roster: Roster) -> KeyPeriods:
        """When each key counts for the representatives of ``roster``: the same for every
        version with the same people, so worked out once for them."""
        key = tuple(
            sorted((email, person.party, person.github, person.gitlab) for email, person in roster.people.items())
        )
        if key not in self._periods:
            self._periods[key] = KeyPeriods(self.signing.keys.changes, roster)
        return self._periods[key]

    def identity(self, ids: tuple[str, ...], commits: list[str]) -> str:
        """What of this context the positions on a charter with ``ids``, carried by
        ``commits`` and the commits that name it, depend on: as text to hash."""
        named = [(charter, self.named.get(charter, [])) for charter in ids]
        carriers = commits + [position.commit.id for _, positions in named for position in positions]
        placed = [(commit, self.main_line.key(commit), self.main_line.time(commit)) for commit in carriers]
        return repr((named, placed, self.signing.keys.changes, sorted(self.signing.platform_keys)))


def empty_context() -> ApprovalContext:
    """For a repository with no commit yet."""
    return ApprovalContext(MainLine((), {}, {}, ()), Signing(None, frozenset(), KeyHistory((), (), ())), {})
