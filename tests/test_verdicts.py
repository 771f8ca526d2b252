"""`charters validate` keeps each file's verdict in the cache and believes it only while
nothing it depends on has changed: the file, the charter a ledger names, the day, the tool,
and for a record read against history, history itself (never kept)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.caching import CACHE_FOLDER, CacheFolder
from generator.problems import Problem, Severity
from generator.verdicts import Verdicts
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo, charter
from tests.processes import charters
from tests.test_ratification import ADA_EMAIL
from tests.test_record import V1 as RECORDED_V1
from tests.test_record import V2 as RECORDED_V2
from tests.test_record import logged

LEDGER = "approvals/riverside-greenmill.yaml"


def problems(root: Path, *arguments: str, **environment: str) -> list[tuple[str, int, str, str]]:
    said = charters(root, "validate", "--format", "json", *arguments, **environment)
    assert said.returncode in (0, 1), said.stderr
    assert "could not be used" not in said.stderr, said.stderr
    return [
        (found["path"], found["line"], found["severity"], found["rule"])
        for found in json.loads(said.stdout)["problems"]
    ]


def made_up(path: str) -> Problem:
    return Problem(path, 1, 1, Severity.ERROR, "made-up", "a verdict only the cache holds")


def plant(root: Path, path: str, problem: Problem, depends_on: str | None = None) -> None:
    """Keep ``problem`` as the verdict on ``path`` as it is now, as `validate` would."""
    store = CacheFolder(root)
    verdicts = Verdicts(store, TODAY, "en")
    source = (root / path).read_bytes()
    charter_source = (root / depends_on).read_bytes() if depends_on is not None else None
    verdicts.put(path, verdicts.key(path, source, charter_source), [problem])
    verdicts.save(every_file=False)
    assert not store.troubles


def test_a_kept_verdict_stands_until_its_file_changes(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    assert problems(repo.root) == []
    plant(repo.root, PATH, made_up(PATH))
    assert problems(repo.root) == [(PATH, 1, "error", "made-up")], "the file is not checked again"
    repo.write(PATH, V1 + "# a comment\n")
    assert problems(repo.root) == [], "its bytes changed, so it is checked again"


def test_a_ledgers_verdict_changes_with_its_charter(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.write(LEDGER, f"- {{version: 2, position: approve, by: {ADA_EMAIL}}}\n")
    assert problems(repo.root) == [(LEDGER, 1, "error", "unknown-version")]
    repo.write(PATH, charter("riverside-greenmill", ("version: 1", "version: 2")))
    assert problems(repo.root) == [], "the ledger is read again against the charter's new version"
    plant(repo.root, LEDGER, made_up(LEDGER), depends_on=PATH)
    assert problems(repo.root) == [(LEDGER, 1, "error", "made-up")]
    assert problems(repo.root, LEDGER) == [], "named alone, its charter is not this run's: checked afresh"


def test_a_verdict_is_the_days(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    assert problems(repo.root) == []
    later = str(int(dt.datetime(2027, 7, 1, 12, tzinfo=dt.UTC).timestamp()))
    overdue = problems(repo.root, SOURCE_DATE_EPOCH=later)
    assert overdue and {rule for _, _, _, rule in overdue} == {"review-overdue"}, overdue
    assert problems(repo.root) == [], "each day keeps its own verdict"


def test_an_unsound_entry_is_refused_with_one_warning_and_the_files_checked(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.write("charters/other.yaml", charter("other"))
    plant(repo.root, PATH, made_up("charters/other.yaml"))
    said = charters(repo.root, "validate")
    assert said.returncode == 0, said.stdout
    assert said.stderr.count("could not be used") == 1 and "names another file" in said.stderr, said.stderr
    assert problems(repo.root) == [], "the entry was written again, sound"
    (entry,) = (repo.root / CACHE_FOLDER).glob("verdicts-*")
    entry.write_bytes(b"\x93\xa3not an entry")
    said = charters(repo.root, "validate")
    assert (said.returncode, said.stderr.count("could not be used")) == (0, 1), said.stderr


def test_a_verdict_that_asked_history_is_never_kept(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.day = "2026-01-10"
    repo.commit("Add the charter", {PATH: RECORDED_V1}, approvals=(ADA, TOMAS))
    repo.day = "2026-05-10"
    repo.commit(
        "Drop crop grading", {PATH: logged(RECORDED_V2, ("2026-04-01", "crop-quality"))}, approvals=(ADA, TOMAS)
    )
    assert problems(repo.root) == [], "the April entry is held to version 1, which had crop-quality"
    # The same file, with a history in which crop-quality was never in force.
    repo.git("checkout", "-q", "--orphan", "rewritten")
    repo.git("commit", "-q", "-m", "Start again")
    assert [rule for *_, rule in problems(repo.root)] == ["unknown-reference"]


def test_many_charters_are_checked_on_every_core_with_the_same_verdicts(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    broken = [f"charters/c-{number:03d}.yaml" for number in range(0, 420, 7)]
    for number in range(420):
        path = f"charters/c-{number:03d}.yaml"
        text = charter(f"c-{number:03d}")
        repo.write(path, text.replace("version: 1", "version: one") if path in broken else text)
    # Ledgers: with their charter, with a broken one, and two named after no charter id.
    ledgers = {"approvals/c-001.yaml": "unknown-version", "approvals/c-007.yaml": None}
    ledgers |= {"approvals/C-001.yaml": "unknown-charter", "approvals/c_001.yaml": "unknown-charter"}
    for ledger in ledgers:
        repo.write(ledger, f"- {{version: 2, position: approve, by: {ADA_EMAIL}}}\n")
    found = problems(repo.root)  # in worker processes: 424 files
    assert [path for path, *_ in found if path.startswith("charters/")] == broken
    assert {(severity, rule) for path, _, severity, rule in found if path in broken} == {("error", "wrong-type")}
    assert sorted((path, rule) for path, *_, rule in found if path.startswith("approvals/")) == sorted(
        (path, rule) for path, rule in ledgers.items() if rule is not None
    )
    for path in broken[:3]:  # one file alone is checked in this process
        assert problems(repo.root, path) == [problem for problem in found if problem[0] == path]
