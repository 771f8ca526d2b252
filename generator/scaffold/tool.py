"""Which tool the partners' files install, at which version, and from where.

The repository's address is one value in the package metadata (pyproject.toml,
`[project.urls] Repository`): a fork or a mirror changes it there, and every file that
`charters init` writes follows.
"""

from __future__ import annotations

import functools
import importlib.metadata
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator import __version__

DISTRIBUTION = "benchmark-charters"


@dataclass(frozen=True)
class Tool:
    repository: str  # https://github.com/OWNER/NAME, without a trailing slash
    version: str

    @property
    def ref(self) -> str:
        """The release tag every written file pins: `uses: …@v0.1.0`, `rev: v0.1.0`."""
        return f"v{self.version}"

    @property
    def action_name(self) -> str:
        """The GitHub Action, as `uses:` names it before the @: OWNER/NAME."""
        return urlsplit(self.repository).path.strip("/")

    @property
    def requirement(self) -> str:
        """What pip installs the tool from: the repository at the release tag."""
        return f"{DISTRIBUTION} @ git+{self.repository}@{self.ref}"

    def raw_file(self, path: str) -> str:
        """The address of ``path`` in the repository at the release tag, as a file."""
        parts = urlsplit(self.repository)
        if parts.hostname == "github.com":
            return f"https://raw.githubusercontent.com{parts.path}/{self.ref}/{path}"
        return f"{self.repository}/-/raw/{self.ref}/{path}"  # GitLab and its mirrors


@functools.cache
def this_tool() -> Tool:
    urls = importlib.metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    # Each entry is "Label, address", as the core metadata specification writes it.
    repositories = [url.partition(",")[2].strip() for url in urls if url.partition(",")[0].strip() == "Repository"]
    return Tool(repositories[0].rstrip("/"), __version__)
