"""Translated charters (translations/<id>.<language>.yaml): validated like charters, each
version's page in each language as the translation stood for it, stale translations marked
in both languages, and search that finds their words, Japanese included."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import BuildFailed, build
from generator.cli import commands
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo, charter
from tests.sites import with_site_settings

FI = "translations/riverside-greenmill.fi.yaml"
# Version 2 adds a commitment: a translation of version 1 cannot translate it.
V2 = charter(
    "riverside-greenmill",
    ("version: 1", "version: 2"),
    ("commitments:\n", "commitments:\n  - {id: weekly-call, party: greenmill, text: Joins a weekly call.}\n"),
)
V3 = V2.replace("version: 2", "version: 3").replace("value: 48", "value: 24")


def translation(version: int, title: str, **more: object) -> str:
    data = {"format": 1, "translates": "riverside-greenmill", "language": "fi", "version": version, "title": title}
    return "# yaml-language-server: $schema=../schema/translation.schema.json\n" + yaml.safe_dump(
        {**data, **more}, allow_unicode=True, sort_keys=False
    )


def validate(root: Path) -> tuple[int, list[dict]]:
    previous = Path.cwd()
    os.chdir(root)
    try:
        said = CliRunner().invoke(commands, ["validate", "--format", "json"])
    finally:
        os.chdir(previous)
    assert said.exception is None or isinstance(said.exception, SystemExit), said.exception
    return said.exit_code, json.loads(said.stdout)["problems"]


def found(problems: list[dict], rule: str) -> list[tuple[str, int, str]]:
    return [(problem["path"], problem["line"], problem["message"]) for problem in problems if problem["rule"] == rule]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """Version 1 ratified, its Finnish translation, then version 2 ratified."""
    repo = with_site_settings(GitRepo(tmp_path / "partners"))
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    benchmarks = {"bad-news-48h": {"title": "Huonot uutiset 48 tunnissa"}}
    repo.commit("Translate into Finnish", {FI: translation(1, "Kauran hankinta, versio 1", benchmarks=benchmarks)})
    repo.commit("Add a weekly call", {PATH: V2}, approvals=(ADA, TOMAS))
    return repo


def page_text(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_validate_names_each_slip_in_a_translation_at_its_line(repo: GitRepo) -> None:
    more = {"benchmarks": {"bad-news-24h": {"title": "x"}}, "commitments": {"weekly-call": {"text": "Viikkopalaveri"}}}
    repo.write(FI, translation(1, "Kauran hankinta", **more))

    def other(name: str, version: int, **edits: str) -> None:
        text = translation(version, "Kaura")
        for old, new in edits.items():
            text = text.replace(old, new)
        repo.write(f"translations/{name}", text)

    other("riverside-greenmill.sv.yaml", 2, **{"language: fi": "language: sv\nextra: 1"})
    other("riverside-greenmill.de.yaml", 2, **{"language: fi": "language: sv"})
    other("riverside-greenmill.ja.yaml", 7, **{"language: fi": "language: ja"})
    other("no-such-charter.es.yaml", 1, **{"riverside-greenmill": "no-such-charter", "language: fi": "language: es"})
    other("riverside-greenmill.en.yaml", 2, **{"language: fi": "language: en"})
    other("riverside.yaml", 2)
    repo.write(
        "translations/hidden.fi.yaml",
        'format: 1\ntranslates: hidden\nlanguage: fi\nversion: 1\ntitle: "Kaura\\u202e"\n',
    )
    code, problems = validate(repo.root)
    assert code == 1
    # Checked against version 1 as published, read from history: it has no weekly call.
    assert found(problems, "unknown-reference") == [
        (FI, 8, "version 1 has no benchmark 'bad-news-24h'"),
        (FI, 11, "version 1 has no commitment 'weekly-call'"),
    ]
    assert found(problems, "translation-stale") == [
        (FI, 5, f"the translation {FI} follows version 1; the charter is at version 2")
    ]
    assert found(problems, "translation-name") == [
        (
            "translations/riverside-greenmill.de.yaml",
            4,
            "`language: sv` differs from the language in the file's name, de",
        ),
        (
            "translations/riverside.yaml",
            2,
            "translations/riverside.yaml is not named as a translation, so it is not shown",
        ),
    ]
    rules = {(problem["path"], problem["line"], problem["rule"]) for problem in problems}
    assert {
        ("translations/riverside-greenmill.sv.yaml", 5, "unknown-field"),
        ("translations/riverside-greenmill.ja.yaml", 5, "unknown-version"),
        ("translations/no-such-charter.es.yaml", 3, "unknown-charter"),
        ("translations/riverside-greenmill.en.yaml", 4, "translation-language"),
        ("translations/hidden.fi.yaml", 5, "invisible-character"),
    } <= rules


def test_each_version_page_shows_the_translation_as_it_stood_for_that_version(repo: GitRepo) -> None:
    site = repo.root / "site"
    build(repo.root, site, TODAY)
    current = page_text(site, "charters/riverside-greenmill/fi")
    # Only version 1 is translated: the page of version 2, in force, says it fell behind, in both languages.
    assert "Kauran hankinta, versio 1" in current
    assert "Tämä käännös vastaa versiota 1; sitova teksti on versiossa 2." in current
    assert "This translation follows version 1; the binding text is at version 2." in current
    assert 'href="../"' in current, "a link to the binding text"
    repo.commit(
        "Translate version 2",
        {
            FI: translation(
                2, "Kauran hankinta, versio 2", commitments={"weekly-call": {"text": "Osallistuu viikkopalaveriin."}}
            )
        },
    )
    build(repo.root, site, TODAY)
    first, second = (
        page_text(site, "charters/riverside-greenmill/v1/fi"),
        page_text(site, "charters/riverside-greenmill/v2/fi"),
    )
    assert "Kauran hankinta, versio 1" in first and "Huonot uutiset 48 tunnissa" in first
    assert "Kauran hankinta, versio 2" in second and "Osallistuu viikkopalaveriin." in second
    assert "vastaa versiota 1" not in page_text(site, "charters/riverside-greenmill/fi")
    # What the translation leaves out is in the binding language, tagged and marked.
    assert re.search(r'<span lang="en">Bad news within 48 hours</span> <small>\(ei käännetty\)</small>', second)
    assert '<div lang="fi">' in second
    binding = page_text(site, "charters/riverside-greenmill")
    assert 'hreflang="fi"' in binding and ">Suomi</a>" in binding


def test_a_translation_of_a_version_not_yet_in_force_is_only_on_that_versions_pages(repo: GitRepo) -> None:
    repo.commit("Propose a 24-hour notice", {PATH: V3})  # no approvals: version 3 waits
    repo.commit("Translate version 3", {FI: translation(3, "Kauran hankinta, versio 3")})
    site = repo.root / "site"
    build(repo.root, site, TODAY)
    assert "Kauran hankinta, versio 3" in page_text(site, "charters/riverside-greenmill/v3/fi")
    # The charter's page shows version 2, in force: in Finnish, the translation as it stood for version 1.
    current = page_text(site, "charters/riverside-greenmill/fi")
    assert "Kauran hankinta, versio 1" in current and "vastaa versiota 1" in current


def test_a_hostile_translation_is_shown_as_text(repo: GitRepo) -> None:
    hostile = "<script>alert(1)</script>"
    repo.commit(
        "A hostile translation",
        {
            FI: translation(
                2,
                hostile,
                purpose="[x](javascript:alert(2)) <img src=x onerror=alert(3)>",
                benchmarks={"bad-news-48h": {"behavior": hostile}},
            )
        },
    )
    site = repo.root / "site"
    build(repo.root, site, TODAY)
    text = page_text(site, "charters/riverside-greenmill/fi")
    assert "<script>alert" not in text and not re.search(r"<[^>]*\bonerror", text)
    assert html.escape(hostile) in text
    assert "javascript:" not in re.sub(r"&lt;.*?&gt;", "", " ".join(re.findall(r'href="([^"]*)"', text)))


def test_a_translation_with_errors_stops_the_build_and_leaves_the_site(repo: GitRepo) -> None:
    site = repo.root / "site"
    build(repo.root, site, TODAY)
    before = page_text(site, "charters/riverside-greenmill/fi")
    repo.write(FI, translation(1, "Kaura", benchmarks={"no-such-benchmark": {"title": "x"}}))
    with pytest.raises(
        BuildFailed, match=r"translations/riverside-greenmill.fi.yaml:\d+:\d+: error: version 1 has no benchmark"
    ):
        build(repo.root, site, TODAY)
    assert page_text(site, "charters/riverside-greenmill/fi") == before


def test_a_changed_translation_alone_is_built_again(repo: GitRepo) -> None:
    site = repo.root / "site"
    build(repo.root, site, TODAY)  # fills the build cache
    repo.write(FI, translation(1, "Kauran hankinta, korjattu"))
    build(repo.root, site, TODAY)
    assert "Kauran hankinta, korjattu" in page_text(site, "charters/riverside-greenmill/fi")


def test_an_unchanged_charter_with_translations_comes_from_the_build_cache(repo: GitRepo) -> None:
    site, said = repo.root / "site", []
    build(repo.root, site, TODAY)
    before = page_text(site, "charters/riverside-greenmill/v1/fi")
    build(repo.root, site, TODAY, report=said.append)
    assert "checking and rendering 0 changed charters (1 unchanged)" in said
    assert page_text(site, "charters/riverside-greenmill/v1/fi") == before


def test_an_untranslated_title_is_marked(repo: GitRepo) -> None:
    repo.commit("Translate version 2 but its title", {FI: translation(2, "x").replace("title: x\n", "")})
    site = repo.root / "site"
    build(repo.root, site, TODAY)
    text = page_text(site, "charters/riverside-greenmill/fi")
    assert re.search(r'Otsikko: <span class="charter-untranslated"><span lang="en">Riverside Foods', text)


def test_a_withdrawn_charters_translations_stay_published(repo: GitRepo) -> None:
    repo.commit("Withdraw the charter", {PATH: None})
    site = repo.root / "site"
    built = build(repo.root, site, TODAY)
    # The translation's file is still there: it is no longer needed, and says so.
    assert [problem.rule for problem in built.problems if problem.path == FI] == ["unknown-charter"]
    for address in ("charters/riverside-greenmill/fi", "charters/riverside-greenmill/v1/fi"):
        assert "charter-withdrawn" in page_text(site, address) and "Kauran hankinta, versio 1" in page_text(
            site, address
        )
    repo.commit("Remove its translation too", {FI: None})
    build(repo.root, site, TODAY)
    assert "Kauran hankinta, versio 1" in page_text(site, "charters/riverside-greenmill/v1/fi")


def test_a_renamed_charter_keeps_its_translations_and_their_former_addresses(repo: GitRepo) -> None:
    renamed = (repo.root / PATH).read_text().replace("id: riverside-greenmill", "id: riverside-oats")
    repo.rename(PATH, "charters/riverside-oats.yaml", renamed, "Rename the charter", approvals=(ADA, TOMAS))
    site = repo.root / "site"
    with pytest.raises(BuildFailed, match="charter riverside-greenmill was renamed to riverside-oats"):
        build(repo.root, site, TODAY)
    moved = translation(1, "Kauran hankinta, versio 1").replace(
        "translates: riverside-greenmill", "translates: riverside-oats"
    )
    repo.rename(FI, "translations/riverside-oats.fi.yaml", moved, "Rename its translation")
    build(repo.root, site, TODAY)
    assert "Kauran hankinta, versio 1" in page_text(site, "charters/riverside-oats/v1/fi")
    assert "riverside-oats/v1/fi/" in page_text(site, "charters/riverside-greenmill/v1/fi"), "a redirect"


def test_a_language_tag_has_one_spelling(repo: GitRepo) -> None:
    repo.write(
        "translations/riverside-greenmill.pt-br.yaml",
        translation(2, "Aveia").replace("language: fi", "language: pt-br"),
    )
    code, problems = validate(repo.root)
    assert code == 1
    # pt-br and pt-BR would be two addresses for one language, the same on some file systems.
    assert [(problem["rule"], problem["line"]) for problem in problems if problem["path"].endswith("pt-br.yaml")] == [
        ("translation-name", 2),
        ("invalid-format", 4),
    ]


def test_a_shallow_clone_says_it_could_not_check_an_older_versions_ids(repo: GitRepo, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth=1", repo.root.as_uri(), str(shallow)], check=True)
    code, problems = validate(shallow)
    assert [(problem["rule"], problem["severity"]) for problem in problems if problem["path"] == FI] == [
        ("translation-unchecked", "warning")
    ]
    assert code == 0


def test_the_field_reference_lists_a_translations_fields(repo: GitRepo) -> None:
    site = repo.root / "site"
    build(repo.root, site, TODAY)
    reference = page_text(site, "reference")
    for field in ("translates", "version", "benchmarks-title", "escalation-who", "voice-steward"):
        assert f'id="field-translation-{field}"' in reference
    assert (site / "schema" / "translation.schema.json").read_bytes() == (
        Path(__file__).parent.parent / "schema" / "translation.schema.json"
    ).read_bytes()
