"""Golden test: the generator's output (the MkDocs input) for one small repository must stay
byte for byte what tests/golden/ holds. MkDocs' own HTML is not golden: it belongs to the
pinned theme.

After an intended change, regenerate the files and review the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from generator.build import prepare
from tests.conftest import TODAY
from tests.sites import partnership_repository

GOLDEN = Path(__file__).parent / "golden" / "site-input"
# Copies of files kept elsewhere in the repository: comparing them here would say nothing.
COPIES = ("assets/", "schema/")


def test_generated_site_input_matches_the_golden_files(tmp_path: Path) -> None:
    repo = partnership_repository(tmp_path / "repo")
    rendered, _ = prepare(repo.root, TODAY, lambda _: None)
    # The MkDocs input (shells included) and each direct page in its Markdown form.
    every = {**rendered.docs, **rendered.preview_docs()}
    files = {path: content for path, content in sorted(every.items()) if not path.startswith(COPIES)}
    files["mkdocs.yml"] = rendered.config.encode()
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, content in files.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(content)
    expected = {
        str(path.relative_to(GOLDEN)): path.read_bytes() for path in sorted(GOLDEN.rglob("*")) if path.is_file()
    }
    assert sorted(files) == sorted(expected), "files added or removed: regenerate (see the module docstring)"
    for path, content in files.items():
        if content != expected[path]:
            diff = difflib.unified_diff(
                expected[path].decode().splitlines(),
                content.decode().splitlines(),
                f"golden/{path}",
                f"built/{path}",
                lineterm="",
            )
            raise AssertionError("\n".join(list(diff)[:60]))
