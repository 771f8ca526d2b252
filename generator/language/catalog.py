"""The site's language: the tool's texts from gettext catalogs, dates, figures and lists
as the language writes them (Babel, with the Unicode CLDR's data).

The catalogs are the `.po` files under `locale/`, read as they are shipped: a catalog is
compiled in memory when the site first needs it, so no compiled file can fall behind its
source. English is the text written in the templates and the code; its catalog is empty.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import babel
import babel.dates
import babel.lists
import babel.numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from generator.language.message import Day, Items, Message, Number

DOMAIN = "charters"


LOCALE_FOLDER = Path(__file__).parent / "locale"
TEMPLATE = Path(__file__).parent / f"{DOMAIN}.pot"


@functools.cache
def catalog_languages() -> tuple[str, ...]:
    """The languages the tool has texts in, English first."""
    shipped = sorted(entry.name for entry in LOCALE_FOLDER.iterdir() if (entry / "LC_MESSAGES").is_dir())
    return ("en", *(code for code in shipped if code != "en"))


def catalog_for(language: str) -> str:
    """The catalog a site language uses: its own, else its base language's ("pt" for
    "pt-BR"), else English."""
    shipped = catalog_languages()
    if language in shipped:
        return language
    base = language.replace("_", "-").split("-", 1)[0]  # a tag the settings checked against the theme's list
    return base if base in shipped else "en"


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as the settings give it: what <html lang> says
    locale: babel.Locale
    translations: NullTranslations

    def gettext(self, text: str) -> str:
        return self.translations.gettext(text)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def day(self, iso: str) -> str:
        return _day(self.locale, iso)

    def month(self, iso: str) -> str:
        """The month of a date, as the language writes a month and year: "Apr 2025"."""
        return babel.dates.format_skeleton("yMMM", datetime.date.fromisoformat(iso), locale=self.locale)

    def number(self, value: float) -> str:
        return _number(self.locale, value)

    def percent(self, value: int) -> str:
        return babel.numbers.format_percent(value / 100, locale=self.locale)

    def join(self, parts: list[str]) -> str:
        return babel.lists.format_list(parts, locale=self.locale) if parts else ""

    def name_of(self, code: str) -> str:
        """What this language calls the language ``code`` (BCP 47): "suomi" in Finnish for
        "fi"; the code itself where CLDR has no name for it."""
        try:
            named = babel.Locale.parse(code.replace("-", "_")).get_display_name(self.locale)
        except (ValueError, babel.UnknownLocaleError):
            return code
        return named or code

    def text(self, said: Message) -> str:
        """The message as plain text (a calendar, a feed's title)."""
        return self._say(said, str, str)

    def html(self, said: Message, shown: Callable[[str], str] = str) -> Markup:
        """The message as HTML: each text value is prepared by `shown` (made visible) and
        escaped; the catalog's own text is the tool's and is kept as it is."""
        return self._say(said, lambda value: escape(shown(value)), Markup)

    def _chosen(self, said: Message) -> str:
        if said.plural is None:
            return self.gettext(said.text)
        return self.ngettext(said.text, said.plural, said.count())

    def _say(self, said: Message, leaf: Callable[[str], str], trusted: Callable[[str], str]) -> str:
        if said.text not in known_texts():  # not the tool's own: shown as text, never as markup
            return leaf(said.text)
        chosen = self._chosen(said)
        if not said.values:  # not a format: a "%" in it is just a per cent sign
            return trusted(chosen)
        return trusted(chosen) % {name: self._value(value, leaf, trusted) for name, value in said.values}

    def _value(self, value: object, leaf: Callable[[str], str], trusted: Callable[[str], str]) -> object:
        if isinstance(value, Message):
            return self._say(value, leaf, trusted)
        if isinstance(value, Day):
            return leaf(self.day(value.iso))
        if isinstance(value, Number):
            return leaf(self.number(value.value))
        if isinstance(value, Items):
            parts = [str(self._value(item, leaf, trusted)) for item in value.items]
            return trusted(value.separator.join(parts) if value.separator else self.join(parts))
        if isinstance(value, int):
            return value
        return leaf(str(value))


# A site says the same few hundred dates and figures on thousands of pages: each is
# formatted once (Babel takes some 10 µs a call).
@functools.lru_cache(maxsize=65536)
def _day(locale: babel.Locale, iso: str) -> str:
    return babel.dates.format_date(datetime.date.fromisoformat(iso), "medium", locale=locale)


@functools.lru_cache(maxsize=65536)
def _number(locale: babel.Locale, value: float) -> str:
    # Every decimal as written: a threshold of 0.0001 must not read "0".
    return babel.numbers.format_decimal(value, locale=locale, decimal_quantization=False)


@functools.cache
def known_texts() -> frozenset[str]:
    """Every text the tool says (the catalogs' template): only these are its own markup."""
    with TEMPLATE.open("rb") as source:
        template = read_po(source, domain=DOMAIN)
    return frozenset(text for message in template if message.id for text in forms(message.id))


def forms(text: str | tuple | list) -> list[str]:
    """A catalog entry's texts: its one text, or each plural form."""
    return [text] if isinstance(text, str) else list(text)


@functools.cache
def language(code: str) -> Language:
    """The language of a site whose settings say `code` (checked against the theme's
    languages when the settings were read): dates and figures as CLDR writes them for
    it, the tool's texts from its catalog, or its base language's, or English."""
    try:
        locale = babel.Locale.parse(code.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        locale = babel.Locale.parse("en")
    chosen = catalog_for(code)
    if chosen == "en":
        return Language(code, locale, NullTranslations())
    path = LOCALE_FOLDER / chosen / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=chosen, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Language(code, locale, Translations(compiled, domain=DOMAIN))
