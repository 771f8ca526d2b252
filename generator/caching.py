"""Where the caches live, and what every cached result depends on besides its own input.

The caches are pickles in the repository's git-ignored .charters-cache/ folder, written
only by this tool; deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.resources import resource

CACHE_FOLDER = ".charters-cache"
# The libraries whose behaviour shapes what is cached: parsing, validation messages,
# Markdown and the page templates. Another version of any of them starts afresh.
_LIBRARIES = ("pyyaml", "jsonschema", "fastjsonschema", "markdown", "jinja2", "markupsafe")


@functools.cache
def tool_fingerprint() -> str:
    """This tool's code and schema, the Python and the libraries it runs with."""
    versions = [f"{name}=={metadata.version(name)}" for name in _LIBRARIES]
    digest = hashlib.sha256(repr((__version__, sys.version_info[:2], versions)).encode())
    package = Path(__file__).resolve().parent
    for path in sorted([*package.rglob("*.py"), resource("schema") / "charter.schema.json"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()
