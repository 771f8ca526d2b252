"""What a shipped catalog must hold, checked for its maintainers and by the tests: every
text of the template (charters.pot) translated, in every plural form the language has,
none fuzzy; each translation with the same placeholders and the same HTML tags as its
English; and the glossary's legal terms used wherever the English says those words.

    python -m generator.language.review de     # one language; no argument: every one
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from generator.language.catalog import DOMAIN, LOCALE_FOLDER, TEMPLATE, catalog_languages, forms

GLOSSARY = Path(__file__).parent / "glossary.yaml"
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
_TAG = re.compile(r"<[^>]*>")
# Outside its tags, a translation holds no more of these than its English: each would
# break an attribute, a feed or the markup it is printed into.
_MARKUP = ('"', "&", "<", ">")


@dataclass(frozen=True)
class Finding:
    language: str
    english: str
    problem: str

    def __str__(self) -> str:
        return f"{self.language}: {self.english[:70]!r}: {self.problem}"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


def glossary() -> dict:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]


def _fills(form: str, placeholders: list[str]) -> bool:
    """Whether the site can fill `form` with the values its English is given (a text
    without placeholders is shown as it is, so a "%" in it is only a sign)."""
    if not placeholders:
        return True
    try:
        form % {name[2:-2]: 1 for name in placeholders}
    except (ValueError, TypeError, KeyError):
        return False
    return True


def review(language: str) -> list[Finding]:
    """Everything the catalog of `language` gets wrong; empty when it is complete."""
    template = read_catalog(TEMPLATE)
    catalog = read_catalog(LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po", language)
    terms = glossary()
    findings: list[Finding] = []
    wanted = {message.id for message in template if message.id}
    for message in catalog:
        if message.id and message.id not in wanted:
            findings.append(Finding(language, forms(message.id)[0], "not in the template: run `pybabel update`"))
    for expected in template:
        if not expected.id:
            continue
        english = forms(expected.id)
        message = catalog.get(expected.id)
        if message is None:
            findings.append(Finding(language, english[0], "missing: run `pybabel update`"))
            continue
        translated = forms(message.string)
        if message.fuzzy:
            findings.append(Finding(language, english[0], "fuzzy: check the translation and remove the flag"))
        if len(english) > 1 and len(translated) != catalog.num_plurals:
            findings.append(
                Finding(language, english[0], f"{len(translated)} plural forms, the language has {catalog.num_plurals}")
            )
        for form in translated:
            if not form.strip():
                findings.append(Finding(language, english[0], "not translated"))
                continue
            if set(_PLACEHOLDER.findall(form)) - set(_PLACEHOLDER.findall(" ".join(english))):
                findings.append(Finding(language, english[0], f"a placeholder the English lacks: {form!r}"))
            if not _fills(form, _PLACEHOLDER.findall(" ".join(english))):
                findings.append(Finding(language, english[0], f"not a format the site can fill: {form!r}"))
            # A plural form may leave the number out ("one day"), never anything else.
            needed = set(_PLACEHOLDER.findall(english[-1])) - ({"%(count)s", "%(num)s"} if len(english) > 1 else set())
            if not needed <= set(_PLACEHOLDER.findall(form)):
                findings.append(Finding(language, english[0], f"a placeholder is missing: {form!r}"))
            if Counter(_TAG.findall(form)) != Counter(_TAG.findall(english[0])):
                findings.append(Finding(language, english[0], f"HTML tags differ: {form!r}"))
            bare, bare_english = _TAG.sub("", form), _TAG.sub("", english[-1])
            if any(bare.count(sign) > bare_english.count(sign) for sign in _MARKUP):
                findings.append(Finding(language, english[0], f"a sign that acts in markup: {form!r}"))
        said = " ".join(english).casefold()
        for name, term in terms.items():
            if any(word in said for word in term["english"]) and language in term:
                allowed = term[language]["forms"]
                for form in translated:
                    if form.strip() and not any(stem.casefold() in form.casefold() for stem in allowed):
                        findings.append(
                            Finding(
                                language, english[0], f"says {name!r} without the glossary's {term[language]['term']!r}"
                            )
                        )
    return findings


def main(languages: list[str]) -> int:
    findings = [finding for language in languages or catalog_languages()[1:] for finding in review(language)]
    for finding in findings:
        print(finding)
    print(f"{len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
