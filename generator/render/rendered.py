"""What rendering gives the build: MkDocs' input and the files that go on the site as they
are, the whole site's (RenderedSite) or one charter's, which the build cache keeps
(CharterFiles)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.engines import Engine
from generator.render.direct import SHELLS_FOLDER, DirectPage
from generator.render.fragments import inline


@dataclass(frozen=True)
class RenderedSite:
    docs: dict[str, bytes]  # MkDocs' input, shells included: path in the docs folder → content
    files: dict[str, bytes]  # data files that go on the site as they are: path → content
    config: str  # the generated mkdocs.yml: the partners' settings and the tool's
    theme: dict[str, bytes]  # the theme's templates the tool overrides: path in the overrides folder → content
    site_url: str
    direct: tuple[DirectPage, ...]
    shells: dict[tuple[str, ...], str]  # a direct page's headings → the address of its shell
    engine: Engine  # the settings' (engines.py); a build may be told another

    def preview_docs(self) -> dict[str, bytes]:
        """Every page as Markdown, for MkDocs' live server, which renders each page itself."""
        docs = {
            path: content for path, content in inline(self.docs).items() if not path.startswith(f"{SHELLS_FOLDER}/")
        }
        docs.update((page.source, page.markdown().encode()) for page in self.direct)
        return dict(sorted({**docs, **self.files}.items()))


@dataclass(frozen=True)
class CharterFiles:
    """Everything one charter puts on the site, which depends on that charter alone."""

    docs: dict[str, bytes]
    files: dict[str, bytes]
    direct: tuple[DirectPage, ...]
