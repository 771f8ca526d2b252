"""`charters serve`: a live preview. MkDocs' own server watches the generated input and
reloads the browser; this loop regenerates that input whenever a charter, a template or
the settings change. A charter with errors keeps the last good preview and says why."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.build import INPUT_FOLDER, BuildFailed, prepare
from generator.history import GitError
from generator.resources import resource
from generator.workspace import CHARTERS_FOLDER
from generator.write import sync_folder

POLL_SECONDS = 1.0


def _fingerprint(root: Path) -> tuple:
    """What the site depends on, as modification times: cheap enough to poll every second."""
    watched = [
        root / CHARTERS_FOLDER,
        resource("site_templates"),
        root / "mkdocs.yml",
        root / ".git" / "HEAD",
        root / ".git" / "refs",
    ]
    stamps = []
    for place in watched:
        paths = sorted(place.rglob("*")) if place.is_dir() else [place]
        stamps += [(str(path), path.stat().st_mtime_ns) for path in paths if path.exists()]
    return tuple(stamps)


def regenerate(root: Path, today: dt.date, say: Callable[[str], None]) -> bool:
    try:
        rendered, _ = prepare(root, today, lambda _: None)
    except (BuildFailed, GitError) as error:
        say(f"not updated: {error}")
        return False
    folder = root / INPUT_FOLDER
    changed = sync_folder(folder / "docs", rendered.preview_docs())
    config = folder / "mkdocs.yml"
    if not config.is_file() or config.read_text(encoding="utf-8") != rendered.config:
        config.write_text(rendered.config, encoding="utf-8")
        changed += 1
    say(f"updated {changed} files" if changed else "no change")
    return True


def serve(root: Path, address: str, today: Callable[[], dt.date], say: Callable[[str], None]) -> None:
    if not regenerate(root, today(), say):
        raise BuildFailed("the first preview could not be built; fix the charters and run `charters serve` again")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(root / INPUT_FOLDER / "mkdocs.yml"),
        "--dev-addr",
        address,
        "--no-strict",
    ]
    server = subprocess.Popen(command)
    # A plain kill (CI, an editor's task runner) must stop MkDocs' server too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    say(f"serving on http://{address}/ (Ctrl-C stops)")
    seen = _fingerprint(root)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = _fingerprint(root)
            if current != seen:
                seen = current
                regenerate(root, today(), say)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
