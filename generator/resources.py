"""Files the tool ships beside its code: the schema, the site templates, the example charters.

They live at the top of the repository (editors read the schema from there; designers edit
the templates there). An installed package carries copies inside itself (see
pyproject.toml); an editable install reads the originals.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def resource(name: str) -> Path:
    """The shipped file or folder ``name`` (``schema``, ``site_templates``, ``charters``, ``translations``)."""
    packaged = _PACKAGE / f"_{name}"
    return packaged if packaged.exists() else _PACKAGE.parent / name
