"""What rendering gives the build: MkDocs' input and the files that go on the site as they
are, the whole site's (RenderedSite) or one charter's, which the build cache keeps
(CharterFiles).

Their contents are mappings of path → bytes: dictionaries while a charter renders, and
files held on disk (held.py) once a big site's would not fit in memory together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.engines import Engine
from generator.render.direct import SHELLS_FOLDER, DirectPage
from generator.render.fragments import inline


@dataclass(frozen=True)
class CharterFiles:
    """Everything one charter puts on the site, which depends on that charter alone."""

    docs: Mapping[str, bytes]  # MkDocs' input: path in the docs folder → content
    files: Mapping[str, bytes]  # data files that go on the site as they are: path → content
    direct: tuple[DirectPage, ...]
    bodies: Mapping[str, bytes]  # each direct page's source → its body, HTML in UTF-8


class Together(Mapping[str, bytes]):
    """Several mappings with no path in common, read as one without copying what they hold."""

    def __init__(self, parts: list[Mapping[str, bytes]]) -> None:
        self._owner = {path: part for part in parts for path in part}

    def __getitem__(self, path: str) -> bytes:
        return self._owner[path][path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._owner)

    def __len__(self) -> int:
        return len(self._owner)


@dataclass(frozen=True)
class RenderedSite:
    docs: Mapping[str, bytes]  # MkDocs' input, shells included
    files: Mapping[str, bytes]  # data files that go on the site as they are
    config: str  # the generated mkdocs.yml: the partners' settings and the tool's
    theme: dict[str, bytes]  # the theme's templates the tool overrides: path in the overrides folder → content
    site_url: str
    direct: tuple[DirectPage, ...]
    bodies: Mapping[str, bytes]  # each direct page's source → its body
    shells: dict[tuple[str, ...], str]  # a direct page's headings → the address of its shell
    engine: Engine  # the settings' (engines.py); a build may be told another

    def preview_docs(self) -> dict[str, bytes]:
        """Every page as Markdown, for MkDocs' live server, which renders each page itself."""
        docs = {
            path: content for path, content in inline(self.docs).items() if not path.startswith(f"{SHELLS_FOLDER}/")
        }
        docs.update(
            (page.source, page.markdown(self.bodies[page.source].decode("utf-8")).encode()) for page in self.direct
        )
        return dict(sorted({**docs, **self.files}.items()))
