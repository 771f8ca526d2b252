"""The partners' site settings: `mkdocs.yml` in their repository, read and checked.

The file keeps MkDocs' name and layout (MkDocs and Zensical users know it) but holds only
what is the partners': the site's name and address, the repository link, the language, a
logo and colours, their own home-page intro and "how we work" text. Everything the site
needs to work (the theme, its features, plugins, Markdown extensions, CSS and JavaScript)
comes from the tool: a setting that would change it is an error with a hint, never a
silently broken site. Pages of their own live in `pages/` (own_pages.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.engines import ENGINES, Engine
from generator.load import Document, load_charter
from generator.model.site import SiteConfig
from generator.own_pages import NAME, PAGES_FOLDER
from generator.problems import Problem, Severity, has_errors
from generator.settings_theme import check_theme

SETTINGS_FILE = "mkdocs.yml"
MAX_SETTINGS_BYTES = 64 * 1024

# Every rule a settings problem can carry (README, "Site settings").
SETTINGS_RULES: dict[str, str] = {
    "settings-missing": "a setting the site cannot do without is missing",
    "settings-unknown": "a setting this tool does not know (often a typo)",
    "settings-by-the-tool": "a setting the tool makes itself, so that the site works",
    "settings-theme": "a theme other than the one the site is made for",
    "settings-plugin": "a plugin that is not installed with the tool, or search left out",
    "settings-value": "a setting's value has the wrong type or form, or names a missing file",
    "settings-language": "the tool has no texts in the site's language: its labels stay English (warning)",
}

# What the tool sets, with why: the hint for anyone who sets it themselves.
_BY_THE_TOOL = {
    "docs_dir": "the build writes the pages itself",
    "site_dir": "give the folder to `charters build --out`",
    "strict": "every build is strict",
    "markdown_extensions": "the pages need exactly the tool's extensions",
    "extra_css": "the site's CSS comes with the tool",
    "extra_javascript": "the site's JavaScript comes with the tool",
    "extra_templates": "the site's templates come with the tool",
    "hooks": "no code of the repository runs in a build",
    "INHERIT": "the tool writes the full settings for MkDocs",
    "nav": "the navigation lists the charters' pages and then every page in pages/",
    "not_in_nav": "the navigation lists the charters' pages and then every page in pages/",
    "exclude_docs": "the build writes the pages itself",
    "draft_docs": "the build writes the pages itself",
    "edit_uri": "pages are generated: an edit link would not lead to the charter",
    "edit_uri_template": "pages are generated: an edit link would not lead to the charter",
    "use_directory_urls": "published addresses end in / and never change",
    "validation": "every build is strict",
    "watch": "`charters serve` watches what the site is made from",
    "dev_addr": "give the address to `charters serve --address`",
    "remote_branch": "the CI publishes the site",
    "remote_name": "the CI publishes the site",
}
_TEXTS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
_URL = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]+")


@dataclass(frozen=True)
class Settings:
    site: SiteConfig  # its language is the site's: theme.language
    texts: dict[str, str] = field(default_factory=dict)  # site_description, copyright, … as given
    theme: dict[str, Any] = field(default_factory=dict)  # logo, favicon, palette as given
    home_intro: str | None = None  # Markdown, shown inert like a charter's purpose
    how_we_work: str | None = None
    engine: Engine = Engine.MKDOCS  # what makes HTML of the pages (engines.py)


@dataclass(frozen=True)
class SettingsRead:
    settings: Settings | None  # None when a problem is an error
    problems: tuple[Problem, ...]


class _Checker:
    def __init__(self, document: Document, root: Path) -> None:
        self.document = document
        self.root = root
        self.problems: list[Problem] = []

    def problem(
        self,
        path: tuple,
        rule: str,
        message: str,
        hint: str,
        *,
        of_key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(self.document.problem(path, severity, rule, message, hint, of_key=of_key))

    def text(self, path: tuple, value: Any, *, required: bool = False) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        if value is None and not required:
            return None
        self.problem(
            path, "settings-value", f"`{'.'.join(map(str, path))}` must be text", "write it as text, e.g. in quotes"
        )
        return None

    def url(self, path: tuple, value: Any) -> str | None:
        text = self.text(path, value)
        if text is None:
            return None
        try:
            parts = urlsplit(text)
            hostname = parts.hostname
        except ValueError:  # e.g. an unclosed [ of an IPv6 address
            hostname = None
        # Only the characters an address needs: the theme writes site_url into attributes as it is.
        if hostname is None or parts.scheme not in ("http", "https") or not _URL.fullmatch(text):
            self.problem(
                path,
                "settings-value",
                f"`{path[-1]}` is not an http or https address",
                "write the whole address, e.g. https://partners.github.io/charters/",
            )
            return None
        return text

    def page_file(self, path: tuple, value: Any) -> str | None:
        """A file in pages/, given as `pages/NAME`, that exists."""
        text = self.text(path, value)
        if text is None:
            return None
        name = text.removeprefix(f"{PAGES_FOLDER}/")
        if name == text or not NAME.fullmatch(name) or not (self.root / PAGES_FOLDER / name).is_file():
            self.problem(
                path,
                "settings-value",
                f"`{'.'.join(path)}` must name a file in {PAGES_FOLDER}/ that exists",
                f"put the image into {PAGES_FOLDER}/ and write e.g. `{PAGES_FOLDER}/logo.png`",
            )
            return None
        return text

    def unknown(self, path: tuple, key: str, known: tuple[str, ...]) -> None:
        close = difflib.get_close_matches(key, known)
        hint = f"did you mean `{close[0]}`?" if close else f"the settings are {', '.join(known)}"
        self.problem(
            (*path, key),
            "settings-unknown",
            f"`{'.'.join(map(str, (*path, key)))}` is not a setting of the site",
            hint,
            of_key=True,
        )

    def mapping(self, key: str, value: Any) -> dict:
        if isinstance(value, dict):
            return value
        if value is not None:
            self.problem(
                (key,),
                "settings-value",
                f"`{key}` must be a mapping of settings",
                "indent its settings below it",
            )
        return {}


_TOP = (*_TEXTS, "site_url", "repo_url", "engine", "theme", "plugins", "extra")
_EXTRA = ("home_intro", "how_we_work")


def _check(checker: _Checker, data: dict) -> Settings | None:
    for key in data:
        if key in _BY_THE_TOOL:
            checker.problem(
                (key,),
                "settings-by-the-tool",
                f"`{key}` is set by the tool",
                f"remove it: {_BY_THE_TOOL[key]}",
                of_key=True,
            )
        elif key not in _TOP:
            checker.unknown((), key, _TOP)
    texts = {
        key: text
        for key in _TEXTS
        if (text := checker.text((key,), data.get(key), required=key == "site_name" and key in data))
    }
    site_url = checker.url(("site_url",), data.get("site_url"))
    if "site_url" not in data:
        checker.problems.append(
            Problem(
                checker.document.path,
                1,
                1,
                Severity.ERROR,
                "settings-missing",
                "`site_url` is missing: feeds, calendars and the sitemap need the site's address",
                "add e.g. `site_url: https://partners.github.io/charters/` (a project site's address carries its sub-path)",
            )
        )
    repo_url = checker.url(("repo_url",), data.get("repo_url"))
    theme = check_theme(checker, checker.mapping("theme", data.get("theme")))
    _plugins(checker, data.get("plugins"))
    extra = checker.mapping("extra", data.get("extra"))
    for key in extra:
        if key not in _EXTRA:
            checker.unknown(("extra",), key, _EXTRA)
    engine = _engine(checker, data.get("engine", Engine.MKDOCS.value))
    intro = checker.text(("extra", "home_intro"), extra.get("home_intro"))
    how = checker.text(("extra", "how_we_work"), extra.get("how_we_work"))
    if has_errors(checker.problems) or site_url is None:
        return None
    language = theme.pop("language", "en")
    site = SiteConfig(texts.pop("site_name", "Charters"), site_url.rstrip("/") + "/", repo_url, language)
    return Settings(site, texts, theme, intro, how, engine)


def _engine(checker: _Checker, value: Any) -> Engine:
    if value in ENGINES:
        return Engine(value)
    checker.problem(
        ("engine",),
        "settings-value",
        f"no engine is called {str(value)[:40]!r}",
        "write `engine: mkdocs` (MkDocs with Material for MkDocs) or `engine: zensical`",
    )
    return Engine.MKDOCS


def _plugins(checker: _Checker, value: Any) -> None:
    if value is None:
        return
    names = (
        [next(iter(entry)) if isinstance(entry, dict) and len(entry) == 1 else entry for entry in value]
        if isinstance(value, list)
        else None
    )
    if names is None or not all(isinstance(name, str) for name in names):
        checker.problem(
            ("plugins",),
            "settings-value",
            "`plugins` must be a list of plugin names",
            "remove it: the tool sets the plugins",
        )
        return
    for index, name in enumerate(names):
        if name != "search":
            checker.problem(
                ("plugins", index),
                "settings-plugin",
                f"the plugin {name[:40]!r} is not installed with the tool",
                "remove it: the site is built with the theme's search plugin only",
            )
    if "search" not in names:
        checker.problem(
            ("plugins",),
            "settings-plugin",
            "`plugins` leaves out search",
            "remove `plugins`: the tool sets them, search included",
        )


def read_settings(root: Path) -> SettingsRead:
    """The settings in ``root``'s mkdocs.yml, or the problems that keep them from use."""
    path = root / SETTINGS_FILE
    try:
        with open(path, "rb") as stream:
            source = stream.read(MAX_SETTINGS_BYTES + 1)  # pragma: no mutate (any more only costs memory)
    except OSError as error:
        return SettingsRead(
            None,
            (
                Problem(
                    SETTINGS_FILE,
                    1,
                    1,
                    Severity.ERROR,
                    "settings-missing",
                    f"cannot read the site settings: {error.strerror}",
                    "run `charters init` to write them, or create mkdocs.yml with `site_name:` and `site_url:`",
                ),
            ),
        )
    if len(source) > MAX_SETTINGS_BYTES:
        return SettingsRead(
            None,
            (
                Problem(
                    SETTINGS_FILE,
                    1,
                    1,
                    Severity.ERROR,
                    "settings-value",
                    "the settings file is larger than 64 KB",
                    "keep long texts short; pages go into pages/",
                ),
            ),
        )
    return settings_from(source, root)


def settings_from(source: bytes, root: Path) -> SettingsRead:
    """The settings in ``source`` (the bytes of root's mkdocs.yml), checked."""
    loaded = load_charter(SETTINGS_FILE, source)
    if loaded.document is None:
        return SettingsRead(None, loaded.problems)
    checker = _Checker(loaded.document, root)
    settings = _check(checker, loaded.document.data)
    return SettingsRead(settings, tuple(sorted(checker.problems)))
