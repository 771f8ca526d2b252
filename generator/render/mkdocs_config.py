"""The settings MkDocs builds with: the partners' own (settings.py) and everything the site
needs to work, which the tool decides: the theme and its features, the search plugin, the
Markdown extensions, the CSS and JavaScript, the navigation.

Written whole (no `INHERIT:` of the repository's file), so nothing in that file reaches
MkDocs unchecked; dumped by PyYAML's safe dumper, which quotes what needs quoting.
"""

from __future__ import annotations

import html
from typing import Any

import yaml

from generator.language.catalog import language
from generator.language.message import Message, message
from generator.render.translated import script_texts
from generator.settings import Settings

THEME_FOLDER = "overrides"  # beside the generated mkdocs.yml
ASSETS = ("assets/charters.css", "assets/charters.js")
GUIDE_TITLE = message("How we work")
REFERENCE_TITLE = message("Field reference")
# Each page is the index.md of its own folder, so that a link relative to its address is
# relative to its file too: Zensical resolves links in a page's HTML from its file.
GUIDE_PAGE = "how-partners-work/index.md"
REFERENCE_PAGE = "reference/index.md"


def in_its_folder(path: str) -> str:
    """``pages/contact.md`` → ``pages/contact/index.md``: the same address, from its own folder."""
    return path if path.rsplit("/", 1)[-1] == "index.md" else path.removesuffix(".md") + "/index.md"


def feed_title(title: str) -> Message:
    """A feed's name: the charter's title, or the site's name."""
    return message("%(title)s: revisions, approvals and objections", title=title)


# Words in these languages are not parted by spaces: the search index parts them at their
# punctuation too (the theme's own Japanese separator), and its script segments them.
_UNSPACED_SEPARATOR = "[\\s\\-　、。，．]+"
_UNSPACED = ("ja", "zh", "th")


def _search(site_language: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """The search plugin's languages: the site's first, then every other one pages are in,
    by their base language (the theme's search knows "pt", not "pt-BR"); those it does not
    know it leaves to English, and says so in its log."""
    bases = dict.fromkeys(tag.split("-", 1)[0] for tag in (site_language, *sorted(languages)))
    settings: dict[str, Any] = {"lang": list(bases)}
    if any(base in _UNSPACED for base in bases):
        settings["separator"] = _UNSPACED_SEPARATOR
    return settings


def mkdocs_config(settings: Settings, extra_pages: list[tuple[str, str]], languages: tuple[str, ...] = ()) -> str:
    """``extra_pages``: (title, path in the docs folder) of the partners' own pages;
    ``languages``: those the charters are written or translated in, which search must know."""
    say = language(settings.site.language).text
    theme: dict[str, Any] = {
        "name": "material",
        "custom_dir": THEME_FOLDER,
        "language": settings.site.language,
        # System fonts: no request to a font service, so readers are not tracked and the
        # site works offline.
        "font": False,
        "features": ["search.highlight"],
        **settings.theme,
    }
    # The navigation is the same few entries on every page: listing charters (let alone
    # their versions) there would make every page grow with the repository. The home
    # page lists the charters; each charter page links its history and versions.
    nav: list[dict[str, str]] = [
        {html.escape(say(message("Charters"))): "index.md"},
        {html.escape(say(GUIDE_TITLE)): GUIDE_PAGE},
        {html.escape(say(REFERENCE_TITLE)): REFERENCE_PAGE},
        # The theme prints navigation titles as HTML; a page's title is the partners' text.
        *({html.escape(title): path} for title, path in extra_pages),
    ]
    config: dict[str, Any] = {
        # The theme prints these texts as HTML, unescaped: they are handed to it escaped.
        "site_name": html.escape(settings.site.site_name),
        "site_url": settings.site.site_url,
        **{key: html.escape(text) for key, text in settings.texts.items()},
        # repo_url stays out: the theme would ask GitHub's API for the repository's stars
        # from every reader's browser. The pages link commits and pull requests themselves.
        "docs_dir": "docs",
        "strict": True,
        # The pages are generated: an edit link would point at build/docs, not at a charter.
        "edit_uri": "",
        "theme": theme,
        "plugins": [{"search": _search(settings.site.language, languages)}],
        "markdown_extensions": [{"toc": {"permalink": True}}, "admonition"],
        "extra_css": [ASSETS[0]],
        "extra_javascript": [ASSETS[1]],
        "nav": nav,
        # The theme's page (site_templates/overrides/main.html) prints these texts of ours.
        "extra": {
            # The theme's "Made with Material for MkDocs" is English in every language.
            "generator": False,
            "charters_texts": script_texts(settings.site.language),
            "charters_feed": html.escape(say(feed_title("%s"))),
            "charters_preview_error": html.escape(
                say(
                    message(
                        "This preview is out of date: the last change could not be built."
                        " The page below is the last good one. Fix the problem and save; the preview reloads."
                    )
                )
            ),
        },
        "not_in_nav": "/charters/\n",
    }
    header = (
        "# Generated by `charters build`: do not edit. The partners' settings are in the repository's mkdocs.yml.\n"
    )
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def with_preview_error(config: str, message: str) -> str:
    """``config`` for `charters serve` when the site could not be made anew: the theme's page
    (site_templates/overrides/main.html) shows ``message`` on top of the last good one."""
    header, _, body = config.partition("\n")
    settings = yaml.safe_load(body)
    settings["extra"]["preview_error"] = message
    return header + "\n" + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000)
