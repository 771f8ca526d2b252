"""Take the screenshots of the README and the "How we work" page from the demo's site.

Builds the site `charters demo` builds, serves it on 127.0.0.1 and photographs pages in
Debian's Chromium. Run it after a change to the site's look, then commit the images:

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build  # noqa: E402
from generator.demo.repository import make_repository  # noqa: E402

OUTPUT = REPO / "site_templates" / "assets" / "screenshots"
SHOTS = {
    "index.png": "",
    "charter.png": "charters/maji-safi-filter-venture/",
    "commitments.png": "charters/maji-safi-filter-venture/#commitments",
    "history.png": "charters/nordvik-virtanen-oats/history/",
    "record.png": "charters/nordvik-virtanen-oats/#each-sides-record",
    "results.png": "charters/nordvik-virtanen-oats/#results-bad-news-48h",
    "organisation.png": "organisations/virtanen.example/",
    "translation.png": "charters/nordvik-virtanen-oats/fi/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        partners = Path(folder) / "partners"
        partners.mkdir()
        story = make_repository(partners)
        site = Path(folder) / "site"
        build(partners, site, story.today)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            for name, address in SHOTS.items():
                page.goto(base + address)
                page.wait_for_timeout(600)  # the header's title fades in once a page scrolls to an anchor
                page.screenshot(path=OUTPUT / name)
                print(f"wrote {(OUTPUT / name).relative_to(REPO)}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
