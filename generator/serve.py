"""`charters serve`: a live preview. MkDocs' own server watches the generated input and
reloads the browser; this loop regenerates that input whenever a charter, a template or
the settings change. A charter with errors keeps the last good preview and says why, in
the terminal and on top of every page."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import ipaddress
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from generator import lifeline
from generator.build import INPUT_FOLDER, BuildFailed, input_folder_of, prepare
from generator.build_lock import one_build_at_a_time
from generator.caching import CacheFolder
from generator.engines import engine_environment
from generator.history import GitError
from generator.output_folder import KEPT_FOLDERS, OutputRefused, check_replaceable, mark, recover, seal
from generator.own_pages import PAGES_FOLDER
from generator.render.mkdocs_config import THEME_FOLDER, with_preview_error
from generator.render.rendered import RenderedSite
from generator.resources import resource
from generator.settings import SETTINGS_FILE
from generator.workspace import CHARTERS_FOLDER
from generator.write import sync_folder

POLL_SECONDS = 1.0
_HOST_AND_PORT = re.compile(r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})")


class AddressError(ValueError):
    """An address to serve on that is not HOST:PORT; the message says what to give."""


def server_address(address: str) -> tuple[str, int]:
    """HOST and PORT of ``address`` (``127.0.0.1:8000``, ``localhost:8000``, ``[::1]:8000``)."""
    match = _HOST_AND_PORT.fullmatch(address.strip())
    if match is None:
        raise AddressError(f"{address[:80]!r} is not HOST:PORT; give e.g. 127.0.0.1:8000")
    host, port = match["host"], int(match["port"])
    if not 1 <= port <= 65535:
        raise AddressError(f"port {port} is not between 1 and 65535; give e.g. 127.0.0.1:8000")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError as error:
            raise AddressError(f"{host} is not an IPv6 address; give e.g. [::1]:8000") from error
    return host, port


def _fingerprint(root: Path) -> tuple:
    """What the site depends on, as modification times: cheap enough to poll every second."""
    watched = [
        root / CHARTERS_FOLDER,
        resource("site_templates"),
        root / SETTINGS_FILE,
        root / PAGES_FOLDER,
        root / ".git" / "HEAD",
        root / ".git" / "refs",
    ]
    stamps = []
    for place in watched:
        paths = sorted(place.rglob("*")) if place.is_dir() else [place]
        stamps += [(str(path), path.stat().st_mtime_ns) for path in paths if path.exists()]
    return tuple(stamps)


def regenerate(
    root: Path, today: dt.date, say: Callable[[str], None], last_good: RenderedSite | None = None
) -> RenderedSite | None:
    """Bring build/ up to date for MkDocs' server, in place (a swap would leave the server
    watching the old folder), and return what it now holds. When the site cannot be made,
    ``last_good`` stays, with the error shown on top of every page; None when there is none
    to show. A `charters build` meanwhile does swap build/: a preview that runs beside
    builds may need restarting to follow."""
    folder = root / INPUT_FOLDER
    with one_build_at_a_time(root, say) as caching:
        try:
            recover(input_folder_of(root), say)
            check_replaceable(input_folder_of(root), root, KEPT_FOLDERS)
        except OutputRefused as error:
            say(f"not updated: {error}")
            return last_good
        try:
            rendered, _ = prepare(root, today, lambda _: None, CacheFolder(root if caching else None, say))
            changed = _sync(folder, rendered, rendered.config)
        except (BuildFailed, GitError) as error:
            say(f"not updated: {error}")
            if last_good is not None:
                _sync(folder, last_good, with_preview_error(last_good.config, str(error)))
            return last_good
        except OSError as error:
            say(f"not updated: cannot write {error.filename}: {error.strerror}")
            return last_good
    say(f"updated {changed} files" if changed else "no change")
    return rendered


def _sync(folder: Path, rendered: RenderedSite, config_text: str) -> int:
    folder.mkdir(exist_ok=True)
    mark(folder)
    changed = sync_folder(folder / "docs", rendered.preview_docs())
    changed += sync_folder(folder / THEME_FOLDER, rendered.theme)
    config = folder / "mkdocs.yml"
    if not config.is_file() or config.read_text(encoding="utf-8") != config_text:
        config.write_text(config_text, encoding="utf-8")
        changed += 1
    seal(folder)
    return changed


def serve(root: Path, host: str, port: int, today: Callable[[], dt.date], say: Callable[[str], None]) -> int:
    """Serve until Ctrl-C or a kill (exit status 0), or until MkDocs' server stops (its status)."""
    shown = regenerate(root, today(), say)
    if shown is None:
        raise BuildFailed("the first preview could not be built; fix the charters and run `charters serve` again")
    address = f"{host}:{port}"
    server = subprocess.Popen(
        lifeline.command(
            "mkdocs",
            "serve",
            "--config-file",
            str(root / INPUT_FOLDER / "mkdocs.yml"),
            "--dev-addr",
            address,
            "--no-strict",
        ),
        env=engine_environment(),
    )
    # MkDocs serves the site under the path of its address, as it will be published.
    say(f"serving on http://{address}{urlsplit(shown.site_url).path} (Ctrl-C stops)")
    seen = _fingerprint(root)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = _fingerprint(root)
            if current != seen:
                seen = current
                shown = regenerate(root, today(), say, shown)
    except KeyboardInterrupt:  # Ctrl-C, or a kill (see entry.py)
        return 0
    finally:
        server.terminate()
        server.wait()
    say(f"MkDocs' server stopped (exit status {server.returncode}); is {address} free to serve on?")
    return server.returncode or 1


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments: object) -> None:
        pass  # a line per request would bury what the command has to say


def serve_folder(folder: Path, host: str, port: int, say: Callable[[str], None]) -> int:
    """Serve the built site in ``folder`` as it is, until Ctrl-C or a kill (exit status 0)."""
    handler = functools.partial(_QuietFiles, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer((host.strip("[]"), port), handler)
    except OSError as error:
        say(f"cannot serve on {host}:{port}: {error.strerror}; is it free? Give another with --address")
        return 2
    say(f"serving {folder} on http://{host}:{port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C, or a kill (see entry.py)
        return 0
    finally:
        server.server_close()
    return 0
