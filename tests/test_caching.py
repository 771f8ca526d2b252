"""Whatever a cache file holds, the build runs no code, writes nowhere else, shows nothing
it would not show without the cache, and says in one warning that it did the work again."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from generator.build_cache import BuildCache
from generator.caching import ENTRY_FORMAT, CacheFolder
from generator.history.cache import LogCache, ParseCache
from tests.gitrepo import PATH
from tests.processes import charters
from tests.sites import partnership_repository, tree_digest

CACHE = ".charters-cache"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A repository built once without caches (its site is the reference) and once to fill them."""
    repo = partnership_repository(tmp_path_factory.mktemp("caching") / "repo")
    assert charters(repo.root, "build", "--out", "reference").returncode == 0
    shutil.rmtree(repo.root / CACHE)
    assert charters(repo.root, "build").returncode == 0
    return repo.root, tree_digest(repo.root / "reference")


@pytest.fixture
def repo(built: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(built[0], root, symlinks=True)
    return root


def _entries(root: Path) -> list[Path]:
    return sorted(path for path in (root / CACHE).rglob("*") if path.is_file() and path.name != "build.lock")


def _build_matches_the_reference(root: Path, reference: dict[str, str]) -> str:
    result = charters(root, "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root / "site") == reference
    return result.stderr


def _code_that_would_run(marker: Path) -> bytes:
    """A pickle that creates ``marker`` when loaded."""
    return b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."


POISONS: dict[str, Callable[[Path, Path], None]] = {
    "pickle of None": lambda entry, _: entry.write_bytes(pickle.dumps(None)),
    "pickle that runs code": lambda entry, marker: entry.write_bytes(_code_that_would_run(marker)),
    "random bytes": lambda entry, _: entry.write_bytes(os.urandom(4096)),
    "half an entry": lambda entry, _: entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2]),
    "another format": lambda entry, _: entry.write_bytes(msgspec.msgpack.encode(["other tool 1", "key", {}])),
    "mistyped entry": lambda entry, _: entry.write_bytes(
        msgspec.msgpack.encode((ENTRY_FORMAT, "key", {"problems": 1, "listing": "x"}))
    ),
    "deeply nested": lambda entry, _: entry.write_bytes(b"\x93\xa0\xa0" + b"\x91" * 100_000 + b"\xc0"),
    "empty": lambda entry, _: entry.write_bytes(b""),
    "a folder": lambda entry, _: (entry.unlink(), entry.mkdir()),
    "a pipe": lambda entry, _: (entry.unlink(), os.mkfifo(entry)),
    "a link": lambda entry, _: (entry.unlink(), entry.symlink_to("/etc/passwd")),
}


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_a_poisoned_cache_costs_one_warning_and_changes_nothing(
    repo: Path, built: tuple[Path, dict[str, str]], tmp_path: Path, poison: str
) -> None:
    marker = tmp_path / "code-ran"
    entries = _entries(repo)
    assert len(entries) >= 5  # two charters' builds and revisions, and the main line
    for entry in entries:
        POISONS[poison](entry, marker)
    # A change to one charter makes the build read the revisions of that charter too.
    charter = repo / PATH
    charter.write_text(charter.read_text().replace("next: 2027-09-01", "next: 2027-09-02"))
    said = charters(repo, "build", "--out", "poisoned")
    assert said.returncode == 0 and "Traceback" not in said.stderr, said.stderr
    warnings = [line for line in said.stderr.splitlines() if CACHE in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), said.stderr
    assert not marker.exists(), "nothing in a cache file is ever run"
    charter.write_text(charter.read_text().replace("next: 2027-09-02", "next: 2027-09-01"))
    _build_matches_the_reference(repo, built[1])  # with whatever the poisoned build left


def test_an_entry_naming_a_file_outside_its_charter_is_refused(repo: Path, built: tuple[Path, dict[str, str]]) -> None:
    cache = BuildCache(CacheFolder(repo))
    key, entry = cache.read(PATH)
    escape = "../../escaped.html"
    files = dataclasses.replace(entry.files, files={**entry.files.files, escape: b"<p>written from the cache</p>"})
    cache.put(PATH, key, dataclasses.replace(entry, files=files))
    stderr = _build_matches_the_reference(repo, built[1])
    assert "lies outside charter riverside-greenmill's part of the site" in stderr
    assert not (repo.parent / "escaped.html").exists() and not (repo / "escaped.html").exists()


def test_an_entry_whose_page_parts_are_not_texts_is_refused(repo: Path, built: tuple[Path, dict[str, str]]) -> None:
    cache = BuildCache(CacheFolder(repo))
    key, entry = cache.read(PATH)
    parts = "charters/riverside-greenmill/index.fragments.json"
    assert parts in entry.files.docs, "the charter page keeps its record apart"
    docs = {**entry.files.docs, parts: b'{"0": 1}'}
    cache.put(PATH, key, dataclasses.replace(entry, files=dataclasses.replace(entry.files, docs=docs)))
    stderr = _build_matches_the_reference(repo, built[1])
    assert "the page's parts are not a list of texts" in stderr and "Traceback" not in stderr


def test_a_kept_revision_that_is_not_a_charter_is_refused(repo: Path, built: tuple[Path, dict[str, str]]) -> None:
    parsed = ParseCache(CacheFolder(repo))
    for (blob, path), revision in list(parsed.entries(PATH).items()):
        if revision.data is not None:
            parsed.entries(PATH)[(blob, path)] = dataclasses.replace(revision, data={"id": 1})
    parsed.changed.add(PATH)
    parsed.save()
    shutil.rmtree(next((repo / CACHE).glob("charters-*")))  # so the revisions are read again
    stderr = _build_matches_the_reference(repo, built[1])
    assert "does not hold a valid charter" in stderr


def test_a_kept_main_line_whose_ids_are_not_ids_is_refused(repo: Path, built: tuple[Path, dict[str, str]]) -> None:
    kept = LogCache(CacheFolder(repo), "charters")
    tip, logged = kept.read()
    change = dataclasses.replace(logged[0].changes[0], blob=logged[0].changes[0].blob + "\nHEAD:charters/other.yaml")
    logged[0] = dataclasses.replace(logged[0], changes=(change,))
    kept.save(tip, logged)
    shutil.rmtree(next((repo / CACHE).glob("charters-*")))
    shutil.rmtree(next((repo / CACHE).glob("revisions-*")))
    stderr = _build_matches_the_reference(repo, built[1])
    assert "is not a git object id" in stderr


def _replace_entry(repo: Path, change) -> None:
    cache = BuildCache(CacheFolder(repo))
    key, entry = cache.read(PATH)
    cache.put(PATH, key, change(entry))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda entry: dataclasses.replace(
                entry, listing=dataclasses.replace(entry.listing, former_ids=("../../../../outside",))
            ),
            "former ids are not ids",
        ),
        (
            lambda entry: dataclasses.replace(
                entry,
                files=dataclasses.replace(
                    entry.files,
                    direct=(
                        *entry.files.direct,
                        dataclasses.replace(entry.files.direct[0], source="charters/riverside-greenmill/a/b.md"),
                    ),
                ),
            ),
            "lies outside",
        ),
        (
            lambda entry: dataclasses.replace(
                entry, files=dataclasses.replace(entry.files, direct=(*entry.files.direct, entry.files.direct[0]))
            ),
            "has a page twice",
        ),
        (
            # Headings go into a shell's Markdown: they must be the body's, made by heading().
            lambda entry: dataclasses.replace(
                entry,
                files=dataclasses.replace(
                    entry.files,
                    direct=(
                        dataclasses.replace(entry.files.direct[0], headings=("<script>x</script>",)),
                        *entry.files.direct[1:],
                    ),
                ),
            ),
            "has headings its body does not have",
        ),
        (
            lambda entry: dataclasses.replace(
                entry,
                files=dataclasses.replace(
                    entry.files, bodies={**entry.files.bodies, "charters/riverside-greenmill/v9.md": b"<p>9</p>"}
                ),
            ),
            "pages and bodies that do not match",
        ),
        (
            lambda entry: dataclasses.replace(
                entry,
                files=dataclasses.replace(
                    entry.files, bodies={**entry.files.bodies, entry.files.direct[0].source: b"\xff<p>not UTF-8</p>"}
                ),
            ),
            "is not UTF-8",
        ),
    ],
)
def test_an_entry_claiming_other_places_is_refused(
    repo: Path, built: tuple[Path, dict[str, str]], tmp_path: Path, change, says: str
) -> None:
    _replace_entry(repo, change)
    stderr = _build_matches_the_reference(repo, built[1])
    assert says in stderr
    assert not (repo.parent / "outside").exists() and not (repo / "outside").exists()


def test_a_kept_revision_that_breaks_a_rule_is_refused(repo: Path, built: tuple[Path, dict[str, str]]) -> None:
    parsed = ParseCache(CacheFolder(repo))
    for (blob, path), revision in list(parsed.entries(PATH).items()):
        if revision.data is not None:
            broken = {**revision.data, "benchmarks": [{**revision.data["benchmarks"][0], "applies_to": ["nobody"]}]}
            parsed.entries(PATH)[(blob, path)] = dataclasses.replace(revision, data=broken)
    parsed.changed.add(PATH)
    parsed.save()
    shutil.rmtree(next((repo / CACHE).glob("charters-*")))
    assert "does not hold a valid charter" in _build_matches_the_reference(repo, built[1])


def test_a_kept_main_line_with_a_date_that_does_not_exist_is_refused(
    repo: Path, built: tuple[Path, dict[str, str]]
) -> None:
    kept = LogCache(CacheFolder(repo), "charters")
    tip, logged = kept.read()
    logged[0] = dataclasses.replace(
        logged[0], commit=dataclasses.replace(logged[0].commit, date="2026-01-01T10:01:00+99:99")
    )
    kept.save(tip, logged)
    shutil.rmtree(next((repo / CACHE).glob("charters-*")))
    assert "has a date git would not give" in _build_matches_the_reference(repo, built[1])


def test_links_inside_the_cache_lead_nowhere(repo: Path, built: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n")
    for folder in (repo / CACHE).glob("charters-*"):
        shutil.rmtree(folder)
        folder.symlink_to(elsewhere)
    _build_matches_the_reference(repo, built[1])
    assert sorted(path.name for path in elsewhere.iterdir()) == ["keep.txt"]
