"""`charters serve` as a real process: it serves the site and follows an edited charter."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import TODAY_EPOCH
from tests.gitrepo import PATH
from tests.sites import partnership_repository


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 30, *, gone: bool = False) -> str:
    """The page at ``url`` once it shows ``text`` (once it no longer does, when ``gone``)."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=2).read().decode()
            if (text in body) != gone:
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last answer began {body[:200]!r}")


def test_serve_rebuilds_when_a_charter_changes(tmp_path: Path) -> None:
    repo = partnership_repository(tmp_path / "repo")
    port = _free_port()
    environment = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--address", f"127.0.0.1:{port}"],
        cwd=repo.root,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/charters/riverside-greenmill/"
        _wait_for(url, "Riverside Foods and Greenmill Co-op sourcing partnership")
        path = repo.root / PATH
        path.write_text(
            path.read_text().replace(
                "title: Riverside Foods and Greenmill", "title: Riverside Foods and Greenmill Cooperative"
            )
        )
        _wait_for(url, "Riverside Foods and Greenmill Cooperative Co-op sourcing partnership")
        path.write_text(path.read_text().replace("cadence: quarterly", "cadence: fortnightly"))
        page = _wait_for(url, "This preview is out of date")
        assert "Riverside Foods and Greenmill Cooperative" in page, "the last good preview stays"
        assert re.search(r'role="alert">.*charters/riverside-greenmill\.yaml:\d+:\d+: error: .*fortnightly', page, re.S)
        path.write_text(path.read_text().replace("cadence: fortnightly", "cadence: quarterly"))
        page = _wait_for(url, "This preview is out of date", gone=True)
        assert "Riverside Foods and Greenmill Cooperative" in page, "the error goes once the charter is mended"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=20)
    assert "not updated: the charters have errors" in errors
    assert "MkDocs 2.0" not in errors, "the theme's banner is for the tool's maintainers"
    assert "fortnightly" in errors
