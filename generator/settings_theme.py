"""The partners' `theme:` settings: the language, a logo and favicon, a palette; the
rest of the theme is the tool's (settings.py reads the file and checks the rest)."""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
from typing import TYPE_CHECKING, Any

from generator.problems import Severity

if TYPE_CHECKING:
    from generator.settings import _Checker

_THEME_BY_THE_TOOL = {
    "custom_dir": "the site's templates come with the tool",
    "features": "the site needs exactly the tool's theme features",
    "font": "the site uses system fonts: no request to a font service tracks its readers",
    "static_templates": "the site's templates come with the tool",
    "locale": "set theme.language",
}
_PALETTE_KEYS = ("scheme", "primary", "accent", "media")
_PALETTE_VALUE = re.compile(r"[A-Za-z0-9 ():-]{1,60}")

_THEME = ("name", "language", "logo", "favicon", "palette")


@functools.cache
def theme_languages() -> tuple[str, ...]:
    """The languages the theme has its own texts in (search, navigation, dates)."""
    languages = importlib.resources.files("material") / "templates" / "partials" / "languages"
    return tuple(
        sorted(entry.name.removesuffix(".html") for entry in languages.iterdir() if entry.name.endswith(".html"))
    )


def _untranslated(checker: _Checker, path: tuple, language: str) -> None:
    """A language the theme speaks and the tool does not: the site works, half in English."""
    from generator.language.catalog import catalog_for, catalog_languages  # Babel, only for a site in it

    if catalog_for(language) == "en" and not language.startswith("en"):
        checker.problem(
            path,
            "settings-language",
            f"the tool has no texts in {language!r}: the theme's own texts, dates and figures follow it, "
            "the charters' labels stay English",
            f'choose one of {", ".join(catalog_languages())}, or add a catalog for it (MAINTAINING.md, "Languages")',
            severity=Severity.WARNING,
        )


def check_theme(checker: _Checker, theme: dict) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    for key, value in theme.items():
        path = ("theme", key)
        if key in _THEME_BY_THE_TOOL:
            checker.problem(
                path,
                "settings-by-the-tool",
                f"`theme.{key}` is set by the tool",
                f"remove it: {_THEME_BY_THE_TOOL[key]}",
                of_key=True,
            )
        elif key == "name":
            if value != "material":
                checker.problem(
                    path,
                    "settings-theme",
                    f"the site is made for the Material theme, not {str(value)[:40]!r}",
                    "remove `theme.name` (or write `name: material`): the pages, CSS and search need that theme",
                )
        elif key == "language":
            languages = theme_languages()
            if value not in languages:
                # Equivalent mutant: the cut's length (the other mutants here are killed).
                close = difflib.get_close_matches(str(value)[:40], languages)
                checker.problem(
                    path,
                    "settings-value",
                    f"the theme has no texts in the language {str(value)[:40]!r}",
                    f"write one of {', '.join(close or ('en', 'de', 'fi', 'sv', 'ja', 'es'))} (a code the theme knows)",
                )
            else:
                chosen[key] = value
                _untranslated(checker, path, value)
        elif key in ("logo", "favicon"):
            if (file := checker.page_file(path, value)) is not None:
                chosen[key] = file
        elif key == "palette":
            if (palette := _palette(checker, value)) is not None:
                chosen[key] = palette
        else:
            checker.unknown(("theme",), key, _THEME)
    return chosen


def _palette(checker: _Checker, value: Any) -> dict | list | None:
    entries = value if isinstance(value, list) else [value]
    for index, entry in enumerate(entries):
        path = ("theme", "palette", index) if isinstance(value, list) else ("theme", "palette")
        # The theme writes these values into attributes as they are: names and media queries only.
        if not isinstance(entry, dict) or not all(
            isinstance(item, str) and _PALETTE_VALUE.fullmatch(item) for item in entry.values()
        ):
            checker.problem(
                path,
                "settings-value",
                "a palette is a mapping of colours",
                "write e.g. `palette: {primary: teal, accent: amber}`",
            )
            return None
        for key in entry:
            if key not in _PALETTE_KEYS:
                checker.unknown(path, key, _PALETTE_KEYS)
    return value
