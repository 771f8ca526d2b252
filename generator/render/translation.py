"""A charter's pages in the languages it is translated into, and the switcher between them.

A translated page speaks, in its labels too, the translation's language when the tool has
texts in it, else the site's. It shows the same terms as the binding page with each
translated text in place; a text left untranslated stays in the binding language, marked
and tagged with that language so that a screen reader reads it in the right voice.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.language.catalog import catalog_for, language
from generator.language.message import Items, Message, items, message
from generator.model.site import CharterView
from generator.model.translation import CharterTranslations, Translated
from generator.model.version_view import TermsView, terms_view
from generator.render.safe_markdown import render_markdown
from generator.render.translated import shown_text

# Fields the page shows apart from the terms template: the title (plain text, for the
# page's title) and the purpose (Markdown).
_APART = {("title",), ("purpose",)}


@dataclass(frozen=True)
class LanguageChoice:
    """One entry of a page's language switcher."""

    language: str  # BCP 47
    name: str  # as the language calls itself
    address: str  # site-relative
    current: bool  # the page being read
    binding: bool
    stale: bool  # a translation that follows an older version than the page's


def label_language(translation: str, site: str) -> str:
    """The language of a translated page's labels: the translation's, when the tool has
    texts in it, else the site's."""
    has_texts = catalog_for(translation) != "en" or translation.split("-", 1)[0] == "en"
    return translation if has_texts else site


def choices(
    translations: CharterTranslations, base: str, reading: str, version: int | None
) -> tuple[LanguageChoice, ...]:
    """The switcher of the charter's page (``version`` None) or of a version's page, read
    in ``reading``; empty when there is nothing to switch to."""
    available = translations.current if version is None else translations.versions.get(version, {})
    if not available:
        return ()
    page = base if version is None else f"{base}v{version}/"
    entries = [(translations.binding, page, None), *((tag, f"{page}{tag}/", available[tag]) for tag in available)]
    return tuple(
        LanguageChoice(tag, _own_name(tag), address, tag == reading, shown is None, shown is not None and shown.stale)
        for tag, address, shown in entries
    )


def _own_name(tag: str) -> str:
    name = language(tag).name_of(tag)
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class TranslatedPage:
    """One page in a translation: where it goes, what it is called, and what the
    translation template shows beyond the labels."""

    path: str  # in the docs folder
    page_title: str
    description: str
    labels: str  # the language of its labels (label_language)
    searchable: bool  # the charter's page is; a version's is not, as the version itself
    translation: Translated
    binding: str  # the binding language's tag
    binding_name: str  # in the page's labels' language
    binding_address: str  # the binding text's page, site-relative
    charter_address: str  # the charter's own page
    untranslated_title: Markup | None  # the binding title, marked, when the translation gives none
    terms: TermsView  # the translated terms, untranslated texts marked
    purpose_html: Markup
    stale: Message | None  # the notice that it fell behind, when it did
    stale_in_binding: Markup | None  # the same in the binding language, when the tool speaks another
    stale_language: str  # the language that is said in
    withdrawn: str | None  # the date the charter was withdrawn
    choices: tuple[LanguageChoice, ...]


def translated_pages(
    charter: CharterView, translations: CharterTranslations, site_language: str
) -> list[TranslatedPage]:
    """The charter's page in each language it is translated into, then each version's."""
    base = f"charters/{charter.id}/"
    pages = [(None, translated) for translated in translations.current.values()]
    pages += [
        (number, translated) for number, by_tag in translations.versions.items() for translated in by_tag.values()
    ]
    parties = items(charter.parties.values())
    return [
        translated_page(translations, translated, base, number, site_language, parties, charter.withdrawn)
        for number, translated in pages
    ]


def translated_page(
    translations: CharterTranslations,
    translation: Translated,
    base: str,
    version: int | None,
    site_language: str,
    parties: Items,
    withdrawn: str | None = None,
) -> TranslatedPage:
    tag = label_language(translation.language, site_language)
    labels = language(tag)
    binding = translations.binding
    mark = labels.text(message("not translated"))
    data = _marked(translation, binding, mark)
    purpose_html = Markup(render_markdown(translation.data["purpose"]))
    if ("purpose",) in translation.untranslated:
        purpose_html = Markup('<div lang="{}">{}</div><p class="charter-untranslated__mark">{}</p>').format(
            binding, purpose_html, mark
        )
    page = base if version is None else f"{base}v{version}/"
    title = translation.data["title"]
    if version is not None:
        title = labels.text(message("%(title)s, version %(number)s", title=title, number=version))
    stale = stale_message(translation) if translation.stale else None
    # Said in the binding language too: a reader who can read it is sent to it. Where the
    # tool speaks neither, both would be the site's language: it is said once.
    stale_language = label_language(binding, site_language)
    in_binding = (
        language(stale_language).html(stale, shown_text) if stale is not None and stale_language != tag else None
    )
    untranslated_title = None
    if ("title",) in translation.untranslated:
        untranslated_title = _mark(translation.data["title"], binding, mark)
    return TranslatedPage(
        f"{page}{translation.language}/index.md",
        title,
        labels.text(message("Ethical benchmarks agreed by %(parties)s", parties=parties)),
        tag,
        version is None,
        translation,
        binding,
        labels.name_of(binding),
        page,
        base,
        untranslated_title,
        terms_view(data),
        purpose_html,
        stale,
        in_binding,
        stale_language,
        withdrawn,
        choices(translations, base, translation.language, version),
    )


def stale_message(translation: Translated) -> Message:
    return message(
        "This translation follows version %(follows)s; the binding text is at version %(shown)s. "
        "Where they differ, the binding text counts.",
        follows=translation.follows,
        shown=translation.shown,
    )


def _marked(translation: Translated, binding: str, mark: str) -> dict[str, Any]:
    """The translated terms, each untranslated text (but the title and purpose) as HTML that
    says it is in the binding language, and marks it."""
    data = copy.deepcopy(translation.data)
    for path in sorted(translation.untranslated - _APART, key=repr):
        *within, field = path
        holder = data
        for step in within:
            holder = holder[step]
        holder[field] = _mark(holder[field], binding, mark)
    return data


def _mark(text: str, binding: str, mark: str) -> Markup:
    return Markup('<span class="charter-untranslated"><span lang="{}">{}</span> <small>({})</small></span>').format(
        binding, shown_text(text), mark
    )
