"""The templates in the site's language: Jinja's i18n extension with the tool's catalogs,
and every value a template prints made safe for the page.

The gettext callables are installed new-style (values as keywords, `%(name)s` in the
text), and are the tool's own rather than Jinja's wrappers, so that a value from a charter
or a commit is made visible (render/visible.py) before it is escaped, exactly as a value
printed with `{{ }}` is. A Message from the model prints in the site's language wherever a
template shows it.
"""

from __future__ import annotations

import functools
import json

import jinja2
from babel.messages.extract import extract_javascript
from markupsafe import Markup, escape

from generator.language.catalog import Language, language
from generator.language.message import Day, Message, Number
from generator.language.vocabulary import word
from generator.render.visible import visible
from generator.resources import resource


def shown_text(value: str) -> str:
    """Text from git or a charter as it may be printed: every character that could act on
    the page or break the feed shown as an escape."""
    return value if isinstance(value, Markup) else visible(value, keep="\n\t")


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiling the templates costs a build 0.15 s: Jinja keeps the compiled code in a
    private temporary folder, checked against each template's source. None where there
    is no such folder to be had."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


class _Speaker:
    """The callables and filters of one language."""

    def __init__(self, spoken: Language) -> None:
        self.spoken = spoken

    def value(self, value: object) -> object:
        """A value for a template's text: Messages said, dates and figures written as the
        language writes them, hostile text made visible and escaped."""
        if isinstance(value, Message):
            return self.spoken.html(value, shown_text)
        if isinstance(value, Day):
            return escape(self.spoken.day(value.iso))
        if isinstance(value, Number):
            return escape(self.spoken.number(value.value))
        if isinstance(value, str):
            return escape(shown_text(value))
        return value

    def finalize(self, value: object) -> object:
        """Every `{{ }}`: autoescaping then escapes what is not Markup yet."""
        if isinstance(value, str):
            return shown_text(value)
        return self.value(value) if isinstance(value, Message | Day | Number) else value

    def gettext(self, text: str, **values: object) -> Markup:
        chosen = Markup(self.spoken.gettext(text))
        # Text without placeholders is not a format: a "%" in it is just a per cent sign.
        return chosen % {name: self.value(value) for name, value in values.items()} if values else chosen

    def ngettext(self, singular: str, plural: str, num: int, **values: object) -> Markup:
        values.setdefault("num", num)
        chosen = self.spoken.ngettext(singular, plural, num)
        return Markup(chosen) % {name: self.value(value) for name, value in values.items()}

    def sentence(self, value: object) -> Markup:
        """A message at the start of a sentence: its first letter capitalised, as the
        language does (a language without capitals keeps it as it is)."""
        said = Markup(self.value(value))
        return said if said.startswith("<") else Markup(said[:1].upper() + said[1:])

    def day(self, iso: str | None) -> Markup | str:
        """A date of the record or of git (ISO 8601) as the language writes it; "" for none."""
        return escape(self.spoken.day(iso)) if iso else ""

    def number(self, value: float) -> Markup:
        return escape(self.spoken.number(value))

    def percent(self, value: int) -> Markup:
        """A share in per cent (0 to 100) as the language writes it: "75 %", "75%"."""
        return escape(self.spoken.percent(value))

    def listed(self, parts: list[object]) -> Markup:
        """Parts of a sentence (Markup, or text to escape) joined as the language joins a list."""
        return Markup(self.spoken.join([str(self.value(part)) for part in parts]))

    def country(self, code: str) -> str:
        """An ISO 3166 code (the schema's enum) as the language names the country."""
        return self.spoken.locale.territories.get(code, code)


def _names(ids: list[str], names: dict[str, str]) -> list[str]:
    """Each id's name in `names`; the id itself where it has none."""
    return [names.get(each, each) for each in ids]


@functools.cache
def environment(code: str) -> jinja2.Environment:
    """The templates' environment for a site in the language `code` (BCP 47)."""
    speaker = _Speaker(language(code))
    built = jinja2.Environment(
        finalize=speaker.finalize,
        loader=jinja2.FileSystemLoader(resource("site_templates") / "pages"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    built.globals.update(_=speaker.gettext, gettext=speaker.gettext, ngettext=speaker.ngettext)
    built.newstyle_gettext = True  # type: ignore[attr-defined]
    built.filters.update(
        day=speaker.day,
        number=speaker.number,
        percent=speaker.percent,
        country=speaker.country,
        sentence=speaker.sentence,
        listed=speaker.listed,
    )
    built.filters["names"] = _names
    built.globals["word"] = word
    built.globals["language"] = speaker.spoken
    return built


@functools.cache
def script_texts(code: str) -> str:
    """The texts of the site's script (assets/charters.js, each written `t("…")`) in the
    language `code`, as JSON for a `<script type="application/json">` element: keyed by
    the English, with every "<" escaped so that no text can close the element."""
    script = resource("site_templates") / "assets" / "charters.js"
    spoken = language(code)
    with script.open("rb") as source:
        # The extractor gives a call's literal arguments: the text, then None for the values.
        found = [
            said if isinstance(said, str) else said[0] for _, _, said, _ in extract_javascript(source, ["t"], [], {})
        ]
    texts = sorted(set(found))
    return json.dumps({text: spoken.gettext(text) for text in texts}, ensure_ascii=False).replace("<", "\\u003c")
