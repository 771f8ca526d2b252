"""The partners' mkdocs.yml: only their own settings, each problem at its line with a hint,
and a site that has the tool's theme, CSS, JavaScript and search whatever the file says."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
import yaml

from generator.build import BuildFailed, build, site_settings
from generator.own_pages import page_files
from generator.problems import Problem, Severity
from generator.settings import read_settings
from generator.settings_theme import theme_languages
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo, charter

# A 1×1 transparent PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
MINIMAL = "site_name: Riverside and Greenmill\nsite_url: https://partners.example/charters/\n"


def problems_of(tmp_path: Path, settings: str) -> list[tuple[int, int, str, str, str]]:
    (tmp_path / "mkdocs.yml").write_text(settings)
    read = read_settings(tmp_path)
    assert all(problem.path == "mkdocs.yml" and problem.severity is Severity.ERROR for problem in read.problems)
    assert (read.settings is None) == bool(read.problems), "settings with a problem are not used"
    return [(problem.line, problem.column, problem.rule, problem.message, problem.hint) for problem in read.problems]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "theme:\n  name: readthedocs\n",
            (
                4,
                9,
                "settings-theme",
                "the site is made for the Material theme, not 'readthedocs'",
                "remove `theme.name`",
            ),
        ),
        (
            "plugins:\n  - search\n  - blog\n",
            (5, 5, "settings-plugin", "the plugin 'blog' is not installed with the tool", "remove it"),
        ),
        ("plugins: []\n", (3, 10, "settings-plugin", "`plugins` leaves out search", "remove `plugins`")),
        (
            "site_nmae: x\n",
            (3, 1, "settings-unknown", "`site_nmae` is not a setting of the site", "did you mean `site_name`?"),
        ),
        (
            "theme:\n  pallete: {primary: teal}\n",
            (4, 3, "settings-unknown", "`theme.pallete` is not a setting", "did you mean `palette`?"),
        ),
        (
            "markdown_extensions: [toc]\n",
            (3, 1, "settings-by-the-tool", "`markdown_extensions` is set by the tool", "remove it"),
        ),
        (
            "theme:\n  features: [navigation.tabs]\n",
            (4, 3, "settings-by-the-tool", "`theme.features` is set by the tool", "remove it"),
        ),
        ("docs_dir: docs\n", (3, 1, "settings-by-the-tool", "`docs_dir` is set by the tool", "remove it")),
        (
            "theme:\n  language: xx\n",
            (4, 13, "settings-value", "the theme has no texts in the language 'xx'", "write one of"),
        ),
        (
            "theme:\n  logo: pages/logo.png\n",
            (4, 9, "settings-value", "`theme.logo` must name a file in pages/", "put the image"),
        ),
        (
            "repo_url: git@github.com:a/b\n",
            (3, 11, "settings-value", "`repo_url` is not an http or https address", "write the whole"),
        ),
        (
            "extra:\n  intro: Hello\n",
            (4, 3, "settings-unknown", "`extra.intro` is not a setting", "did you mean `home_intro`?"),
        ),
        ("site_url: https://[::1\n", (3, 1, "duplicate-key", "key 'site_url' appears twice", "keep one")),
    ],
)
def test_a_setting_that_would_break_the_site_is_an_error_at_its_line(
    tmp_path: Path, extra: str, expected: tuple
) -> None:
    line, column, rule, message, hint = expected
    found = problems_of(tmp_path, MINIMAL + extra)
    assert [(found_line, found_column, found_rule) for found_line, found_column, found_rule, *_ in found] == [
        (line, column, rule)
    ]
    assert found[0][3].startswith(message) and found[0][4].startswith(hint), found


def test_an_address_without_a_host_or_with_a_broken_one_is_refused(tmp_path: Path) -> None:
    for address in (
        "https://[::1/",
        "partners.example/charters/",
        "ftp://partners.example/",
        "https://a b/",
        'https://partners.example/"onmouseover="alert(1)',
        "https://partners.example/<script>",
    ):
        found = problems_of(tmp_path, f"site_name: x\nsite_url: {address!r}\n")
        assert [(rule, message) for _, _, rule, message, _ in found] == [
            ("settings-value", "`site_url` is not an http or https address")
        ], address


def test_without_site_url_the_hint_names_the_sub_path_of_a_project_site(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "site_name: x\n") == [
        (
            1,
            1,
            "settings-missing",
            "`site_url` is missing: feeds, calendars and the sitemap need the site's address",
            "add e.g. `site_url: https://partners.github.io/charters/` (a project site's address carries its sub-path)",
        )
    ]


def test_a_missing_settings_file_says_how_to_make_one(tmp_path: Path) -> None:
    (problem,) = read_settings(tmp_path).problems
    assert problem == Problem(
        "mkdocs.yml",
        1,
        1,
        Severity.ERROR,
        "settings-missing",
        "cannot read the site settings: No such file or directory",
        "run `charters init` to write them, or create mkdocs.yml with `site_name:` and `site_url:`",
    )


def test_hidden_characters_and_tags_in_the_settings_are_refused_as_in_charters(tmp_path: Path) -> None:
    found = problems_of(tmp_path, MINIMAL + "site_description: !ENV [DESCRIPTION]\ncopyright: a\u202eb\n")
    assert [rule for _, _, rule, *_ in found] == ["invisible-character"]
    found = problems_of(tmp_path, MINIMAL + "site_description: !ENV [DESCRIPTION]\n")
    assert [rule for _, _, rule, *_ in found] == ["yaml-tag"]


@pytest.fixture
def partners(tmp_path: Path) -> GitRepo:
    """A partners' repository whose settings hold only the two required lines and their own texts."""
    repo = GitRepo(tmp_path / "partners")
    settings = MINIMAL + (
        "repo_url: https://github.com/partners/charters\n"
        "theme:\n  language: fi\n  logo: pages/logo.png\n  palette: {primary: teal, accent: amber}\n"
        "extra:\n"
        "  home_intro: 'Riverside and Greenmill publish **their** benchmarks. <script>alert(1)</script>'\n"
        "  how_we_work: Ada and Tomas meet on the first Monday of every quarter.\n"
    )
    repo.commit(
        "Settings and a charter",
        {
            "mkdocs.yml": settings,
            "pages/contact.md": "# Contact us\n\nWrite to [Ada](mailto:ada@riverside.example).\n",
            PATH: charter(),
        },
        approvals=(ADA, TOMAS),
    )
    (repo.root / "pages" / "logo.png").write_bytes(PNG)
    repo.git("add", "pages/logo.png")
    repo.commit("A logo")
    return repo


def test_a_site_from_the_partners_own_settings_has_the_tools_theme_and_their_texts(partners: GitRepo) -> None:
    build(partners.root, partners.root / "site", TODAY)
    site = partners.root / "site"
    home = (site / "index.html").read_text()
    assert 'lang="fi"' in home and "assets/charters.css" in home and "assets/charters.js" in home
    assert "<strong>their</strong>" in home and "<script>alert(1)" not in home
    assert 'data-md-color-primary="teal"' in home and "pages/logo.png" in home
    assert "Ada and Tomas meet" in (site / "how-partners-work" / "index.html").read_text()
    contact = (site / "pages" / "contact" / "index.html").read_text()
    assert "<title>Contact us" in contact and 'href="mailto:ada@riverside.example"' in contact
    assert "Contact us" in home, "own pages are in the navigation"
    config = yaml.safe_load((partners.root / "build" / "mkdocs.yml").read_text())
    assert config["theme"]["name"] == "material" and config["plugins"] == [{"search": {"lang": ["fi"]}}]
    assert "search/search_index.json" in {str(path.relative_to(site)) for path in site.rglob("*.json")}
    # No script from elsewhere: every script the pages load is the site's own.
    assert '<script src="http' not in home and "fonts.googleapis" not in home


def test_an_own_page_with_hidden_characters_stops_the_build_at_its_line(partners: GitRepo) -> None:
    partners.write("pages/contact.md", "# Contact\n\nWrite to a\u202eb.\n")
    with pytest.raises(BuildFailed, match=r"pages/contact\.md:3:\d+: error: .*\[invisible-character\]"):
        site_settings(partners.root)


def test_the_partners_texts_reach_the_theme_escaped(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "partners")
    hostile = '<script>alert(1)</script>" onmouseover="alert(2)'
    repo.commit(
        "Hostile settings",
        {
            "mkdocs.yml": f"site_name: {hostile!r}\nsite_url: https://partners.example/\ncopyright: {hostile!r}\n"
            f"site_description: {hostile!r}\n",
            PATH: charter(),
        },
    )
    build(repo.root, repo.root / "site", TODAY)
    home = (repo.root / "site" / "index.html").read_text()
    assert "<script>alert" not in home and '" onmouseover="' not in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_an_own_pages_title_reaches_the_navigation_escaped(partners: GitRepo) -> None:
    partners.write("pages/contact.md", "# Contact <img src=x onerror=alert(1)>\n\nWrite to us.\n")
    build(partners.root, partners.root / "site", TODAY)
    home = (partners.root / "site" / "index.html").read_text()
    assert "<img src=x" not in home and "Contact &lt;img src=x onerror=alert(1)&gt;" in home


def test_a_palette_value_that_would_leave_its_attribute_is_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, MINIMAL + "theme:\n  palette: {primary: 'teal\" onclick=\"x'}\n")
    assert [(rule, message) for _, _, rule, message, _ in found] == [
        ("settings-value", "a palette is a mapping of colours")
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("about.html", b"<script>alert(1)</script>"),
        ("logo.png", b"<svg onload=alert(1)>"),  # named like an image, but it is not one
    ],
)
def test_files_in_pages_that_could_run_code_are_refused(partners: GitRepo, name: str, content: bytes) -> None:
    (partners.root / "pages" / name).write_bytes(content)
    with pytest.raises(BuildFailed, match=rf"pages/{re.escape(name)}:1:1: error: neither a Markdown page nor a PNG"):
        site_settings(partners.root)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "copyright: 2026\n",
            (3, 12, "settings-value", "`copyright` must be text", "write it as text, e.g. in quotes"),
        ),
        (
            "site_author: '  '\n",
            (3, 14, "settings-value", "`site_author` must be text", "write it as text, e.g. in quotes"),
        ),
        (
            "extra:\n  how_we_work: [a]\n",
            (4, 16, "settings-value", "`extra.how_we_work` must be text", "write it as text, e.g. in quotes"),
        ),
        (
            "theme: [material]\n",
            (3, 8, "settings-value", "`theme` must be a mapping of settings", "indent its settings below it"),
        ),
        (
            "extra: Hello\n",
            (3, 8, "settings-value", "`extra` must be a mapping of settings", "indent its settings below it"),
        ),
        (
            "plugins: search\n",
            (
                3,
                10,
                "settings-value",
                "`plugins` must be a list of plugin names",
                "remove it: the tool sets the plugins",
            ),
        ),
        (
            "plugins: [[search]]\n",
            (
                3,
                10,
                "settings-value",
                "`plugins` must be a list of plugin names",
                "remove it: the tool sets the plugins",
            ),
        ),
        (
            "repo_url: https://\n",
            (
                3,
                11,
                "settings-value",
                "`repo_url` is not an http or https address",
                "write the whole address, e.g. https://partners.github.io/charters/",
            ),
        ),
        (
            "theme:\n  favicon: pages/../secret.png\n",
            (
                4,
                12,
                "settings-value",
                "`theme.favicon` must name a file in pages/ that exists",
                "put the image into pages/ and write e.g. `pages/logo.png`",
            ),
        ),
        (
            "theme:\n  logo: images/logo.png\n",
            (
                4,
                9,
                "settings-value",
                "`theme.logo` must name a file in pages/ that exists",
                "put the image into pages/ and write e.g. `pages/logo.png`",
            ),
        ),
        (
            "zzzz: 1\n",
            (
                3,
                1,
                "settings-unknown",
                "`zzzz` is not a setting of the site",
                "the settings are site_name, site_description, site_author, copyright, repo_name, site_url, repo_url, engine, theme, plugins, extra",
            ),
        ),
        (
            "theme:\n  palette: [{scheme: slate, primery: teal}]\n",
            (
                4,
                29,
                "settings-unknown",
                "`theme.palette.0.primery` is not a setting of the site",
                "did you mean `primary`?",
            ),
        ),
        (
            "theme:\n  palette: [teal]\n",
            (
                4,
                13,
                "settings-value",
                "a palette is a mapping of colours",
                "write e.g. `palette: {primary: teal, accent: amber}`",
            ),
        ),
        (
            "theme:\n  name: mkdocs\n",
            (
                4,
                9,
                "settings-theme",
                "the site is made for the Material theme, not 'mkdocs'",
                "remove `theme.name` (or write `name: material`): the pages, CSS and search need that theme",
            ),
        ),
        (
            "theme:\n  language: english\n",
            (
                4,
                13,
                "settings-value",
                "the theme has no texts in the language 'english'",
                "write one of en, de, fi, sv, ja, es (a code the theme knows)",
            ),
        ),
        (
            "theme:\n  language: pt-br\n",
            (
                4,
                13,
                "settings-value",
                "the theme has no texts in the language 'pt-br'",
                "write one of pt-BR (a code the theme knows)",
            ),
        ),
        (
            "theme:\n  font: {text: Roboto}\n",
            (
                4,
                3,
                "settings-by-the-tool",
                "`theme.font` is set by the tool",
                "remove it: the site uses system fonts: no request to a font service tracks its readers",
            ),
        ),
        (
            "extra:\n  home_intro: 3\n",
            (4, 15, "settings-value", "`extra.home_intro` must be text", "write it as text, e.g. in quotes"),
        ),
        ("repo_url: 3\n", (3, 11, "settings-value", "`repo_url` must be text", "write it as text, e.g. in quotes")),
        (
            "theme:\n  logo: 3\n",
            (4, 9, "settings-value", "`theme.logo` must be text", "write it as text, e.g. in quotes"),
        ),
        (
            "theme:\n  palette: {primery: teal}\n",
            (
                4,
                13,
                "settings-unknown",
                "`theme.palette.primery` is not a setting of the site",
                "did you mean `primary`?",
            ),
        ),
        (
            "theme:\n  name: " + "x" * 60 + "\n",
            (
                4,
                9,
                "settings-theme",
                f"the site is made for the Material theme, not {'x' * 40!r}",
                "remove `theme.name` (or write `name: material`): the pages, CSS and search need that theme",
            ),
        ),
        (
            "plugins: [search, " + "p" * 60 + "]\n",
            (
                3,
                19,
                "settings-plugin",
                f"the plugin {'p' * 40!r} is not installed with the tool",
                "remove it: the site is built with the theme's search plugin only",
            ),
        ),
        (
            "theme:\n  language: " + "pt-BR" + "z" * 60 + "\n",
            (
                4,
                13,
                "settings-value",
                f"the theme has no texts in the language {('pt-BR' + 'z' * 60)[:40]!r}",
                "write one of en, de, fi, sv, ja, es (a code the theme knows)",
            ),
        ),
        (
            "nav: [a.md]\n",
            (
                3,
                1,
                "settings-by-the-tool",
                "`nav` is set by the tool",
                "remove it: the navigation lists the charters' pages and then every page in pages/",
            ),
        ),
    ],
)
def test_each_wrong_value_says_what_is_wrong_and_how_to_mend_it(tmp_path: Path, extra: str, expected: tuple) -> None:
    assert problems_of(tmp_path, MINIMAL + extra) == [expected]


def test_settings_that_hold_only_the_partners_values_are_read_as_given(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "icon.png").write_bytes(PNG)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Riverside\nsite_url: https://partners.example/charters\nsite_description: Our benchmarks\n"
        "repo_url: https://gitlab.com/partners/charters\n"
        "theme:\n  name: material\n  language: pt-BR\n  favicon: pages/icon.png\n"
        "  palette: [{media: '(prefers-color-scheme: dark)', scheme: slate}, {scheme: default, primary: teal}]\n"
        "plugins:\n  - search: {lang: pt}\n"
        "extra:\n  home_intro: Hello\n"
    )
    read = read_settings(tmp_path)
    # The theme speaks Brazilian Portuguese, the tool does not yet: the site is built, with a word why.
    assert [(problem.rule, problem.severity.value) for problem in read.problems] == [("settings-language", "warning")]
    settings = read.settings
    assert settings.site.site_name == "Riverside" and settings.site.site_url == "https://partners.example/charters/"
    assert settings.site.repo_url == "https://gitlab.com/partners/charters"
    assert settings.site.language == "pt-BR" and settings.texts == {"site_description": "Our benchmarks"}
    assert settings.theme == {
        "favicon": "pages/icon.png",
        "palette": [
            {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
            {"scheme": "default", "primary": "teal"},
        ],
    }
    assert (settings.home_intro, settings.how_we_work) == ("Hello", None)


def test_without_a_name_or_a_language_the_site_has_defaults(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_url: http://partners.example/BOX\nsite_description:\n")
    settings = read_settings(tmp_path).settings
    assert (settings.site.site_name, settings.site.language, settings.site.repo_url) == ("Charters", "en", None)
    assert settings.site.site_url == "http://partners.example/BOX/" and settings.texts == {}


def test_a_logo_must_be_in_pages_even_when_it_exists_elsewhere(tmp_path: Path) -> None:
    for folder in ("images", "pages"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "logo.png").write_bytes(PNG)
    for written in ("images/logo.png", "logo.png"):
        (found,) = problems_of(tmp_path, MINIMAL + f"theme:\n  logo: {written}\n")
        assert found[2:4] == ("settings-value", "`theme.logo` must name a file in pages/ that exists"), written
    assert problems_of(tmp_path, MINIMAL + "theme:\n  logo: pages/logo.png\n") == []


def test_a_site_name_left_empty_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "site_name:\nsite_url: https://x.example/\n") == [
        (1, 11, "settings-value", "`site_name` must be text", "write it as text, e.g. in quotes")
    ]


def test_a_settings_file_of_64_kb_is_read(tmp_path: Path) -> None:
    text = MINIMAL + "# " + "x" * (64 * 1024 - len(MINIMAL) - 3) + "\n"
    assert len(text.encode()) == 64 * 1024
    assert problems_of(tmp_path, text) == []


def test_a_settings_file_larger_than_any_needs_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MINIMAL + "# " + "x" * 70_000 + "\n")
    (problem,) = read_settings(tmp_path).problems
    assert problem == Problem(
        "mkdocs.yml",
        1,
        1,
        Severity.ERROR,
        "settings-value",
        "the settings file is larger than 64 KB",
        "keep long texts short; pages go into pages/",
    )


def test_pages_takes_plain_files_with_plain_names_only(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "team").mkdir(parents=True)
    (pages / "about.md").write_text("# About\n")
    (pages / "linked.md").symlink_to(pages / "about.md")
    (pages / "big.png").write_bytes(PNG + b"\0" * (2 * 1024 * 1024))
    (pages / "just-fits.png").write_bytes(PNG + b"\0" * (2 * 1024 * 1024 - len(PNG)))
    (pages / "logo.min.png").write_bytes(PNG)
    (pages / "bad\u202ename.md").write_text("# x\n")
    (pages / "photo.webp").write_bytes(b"RIFF\0\0\0\0WEBPVP8 ")
    (pages / "fake.webp").write_bytes(b"RIFF\0\0\0\0WAVEfmt ")
    (pages / "SHOUT.GIF").write_bytes(b"GIF89a....")
    (pages / "README").write_bytes(b"GIF89a....")
    files, problems = page_files(tmp_path)
    assert sorted(files) == [
        "pages/SHOUT.GIF",
        "pages/about.md",
        "pages/just-fits.png",
        "pages/logo.min.png",
        "pages/photo.webp",
    ]
    plain = ("not a plain file with a plain name", "keep only files named like contact.md or logo.png in pages/")
    code = (
        "neither a Markdown page nor a PNG, JPEG, GIF, WebP or ICO image",
        "pages/ holds pages (.md) and images only: an SVG, HTML or script file could run code on the site; "
        "convert a logo to PNG",
    )
    expected = {
        "pages/README": code,
        "pages/big.png": ("the file is larger than 2 MB", "make the image smaller"),
        "pages/fake.webp": code,
        "pages/linked.md": plain,
        "pages/team": plain,
    }
    (unsafe,) = [problem for problem in problems if problem.rule == "unsafe-file-name"]
    assert unsafe.hint == "rename it with letters, digits, dots and dashes, e.g. contact.md"
    assert sorted(problem for problem in problems if problem is not unsafe) == [
        Problem(path, 1, 1, Severity.ERROR, "settings-value", message, hint)
        for path, (message, hint) in sorted(expected.items())
    ]


def test_the_theme_languages_are_the_themes_own() -> None:
    languages = theme_languages()
    assert {"en", "de", "fi", "sv", "ja", "es", "pt-BR"} <= set(languages) and list(languages) == sorted(languages)


def test_a_page_whose_address_is_an_images_name_is_refused_at_its_file(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "pages" / "logo.png.md").write_text("# Logo\n", encoding="utf-8")
    _, problems = page_files(tmp_path)
    assert [(problem.path, problem.rule, problem.line) for problem in problems] == [
        ("pages/logo.png.md", "settings-value", 1)
    ]
