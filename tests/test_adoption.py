"""A new partnership adopts the tool, end to end, with nothing from this checkout at run time.

The tool is published the way a release is: a git repository of its own files, tagged
v<version>, whose address is the package's (so init pins the action to the tag's commit
and installs from there). Its wheel goes into a new virtual environment outside the
checkout; `charters init` and `new` make a partners' repository; the generated workflow's
jobs run as a runner would, installing the tool from the action's own checkout into a
second new environment; the site they build is opened in Chromium under a sub-path.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import __version__
from tests.actions import Runner
from tests.browsing import CHROMIUM, CHROMIUM_ARGUMENTS, needs_chromium
from tests.conftest import REPO
from tests.gitrepo import GitRepo
from tests.sites import tree_digest
from tests.test_workflows import PREVIEW_URL

pytestmark = needs_chromium
SUB_PATH = "/riverside/charters/"  # a project site's address carries a sub-path
TAG = f"v{__version__}"


def _files_of_the_checkout() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [path for path in listed.split("\0") if path and (REPO / path).is_file()]


def _release(root: Path) -> tuple[GitRepo, str]:
    """This checkout's files as a tool repository at ``root``, its address in its own
    metadata, tagged like a release; the tag's commit."""
    tool = GitRepo(root)
    for path in _files_of_the_checkout():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / path, root / path)
    project = (root / "pyproject.toml").read_text()
    address = re.search(r'^Repository = "(.+)"$', project, re.MULTILINE)[1]
    (root / "pyproject.toml").write_text(project.replace(address, f"file://{root}"))
    tool.git("add", "-A")
    commit = tool.commit("Release")
    tool.git("tag", "-a", TAG, "-m", f"Release {TAG}")
    return tool, commit


def _environment(folder: Path) -> Path:
    venv.create(folder, with_pip=True, clear=True)
    return folder / "bin"


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


class _LikePages(http.server.SimpleHTTPRequestHandler):
    """Serves the site under SUB_PATH, with its 404 page for any address it lacks, as
    GitHub Pages does."""

    site: Path

    def __init__(self, *arguments, **options) -> None:
        super().__init__(*arguments, directory=str(self.site), **options)

    def log_message(self, *arguments) -> None:
        pass

    def translate_path(self, path: str) -> str:
        address = path.split("?", 1)[0]
        if not address.startswith(SUB_PATH):
            return str(self.site / "no-such-file")
        return super().translate_path("/" + address[len(SUB_PATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    work = tmp_path_factory.mktemp("adoption")
    tool, release_commit = _release(work / "tool")
    dist = work / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(tool.root)], work)
    (wheel,) = dist.glob("benchmark_charters-*.whl")
    partner_tools = _environment(work / "partner-venv")
    _run([str(partner_tools / "pip"), "install", "--quiet", str(wheel)], work)
    clean = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    clean["PATH"] = f"{partner_tools}:{clean['PATH']}"
    partners = GitRepo(work / "partners")
    site_url = f"http://127.0.0.1:{{port}}{SUB_PATH}"
    yield {
        "work": work,
        "tool": tool,
        "release_commit": release_commit,
        "partners": partners,
        "env": clean,
        "site_url": site_url,
    }


def test_a_partnership_adopts_the_tool_from_its_wheel_to_a_published_site(adopted: dict) -> None:
    from playwright.sync_api import sync_playwright

    work, partners, env = adopted["work"], adopted["partners"], adopted["env"]
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LikePages) as server:
        port = server.server_address[1]
        site_url = adopted["site_url"].format(port=port)
        # 1. init, first charter, approvals: the wheel's `charters`, in the partners' repository.
        init = _run(
            ["charters", "init", "--name", "Riverside and Greenmill", "--site-url", site_url], partners.root, env
        )
        assert "could not ask" not in init.stderr, init.stderr
        workflow_text = (partners.root / ".github/workflows/charters.yml").read_text()
        assert f"@{adopted['release_commit']} # {TAG}" in workflow_text, "pinned to the release tag's commit"
        written = tree_digest(partners.root)
        again = _run(["charters", "init"], partners.root, env)
        assert tree_digest(partners.root) == written and "differ" not in again.stdout, "init twice changes nothing"
        _run(
            [
                "charters", "new", "riverside-greenmill",
                "--title", "Riverside Foods and Greenmill Co-op oat sourcing",
                "--party", "riverside=Riverside Foods Ltd",
                "--party", "greenmill=Greenmill Co-op",
                "--representative", "riverside=Ada Moss <ada@riverside.example>",
                "--representative", "greenmill=Tomas Berg <tomas@greenmill.example>",
            ],
            partners.root,
            env,
        )  # fmt: skip
        partners.git("add", "-A")
        partners.commit(
            "Start the oat charter",
            approvals=("Ada Moss <ada@riverside.example>", "Tomas Berg <tomas@greenmill.example>"),
        )
        assert partners.git("status", "--porcelain") == "", "nothing the tool writes is left to commit"
        # 2. The generated workflow's jobs, as a runner runs them: the action from its checkout.
        action = work / "action-checkout"
        _run(["git", "clone", "--quiet", str(adopted["tool"].root), str(action)], work)
        _run(["git", "checkout", "--quiet", adopted["release_commit"]], action)
        runner_tools = _environment(work / "runner-python")  # what actions/setup-python provides
        runner_env = {
            **env,
            "PATH": f"{runner_tools}:{os.environ['PATH']}",
            "GITHUB_ACTIONS": "true",
            "RUNNER_TEMP": str(work),
        }
        action_name = re.search(rf"uses: (\S+)@{adopted['release_commit']} # {TAG}", workflow_text)[1]
        runner = Runner(partners.root, runner_env, {action_name: action})
        workflow = yaml.safe_load(workflow_text)
        published = runner.run(workflow["jobs"]["publish"]["steps"], {"github.sha": "x", "github.run_id": "1"})
        assert published.failed is None, [
            (line, done.stdout[-2000:], done.stderr[-2000:]) for line, done in published.commands
        ]
        assert published.used[-2:] == ["actions/upload-pages-artifact", "actions/deploy-pages"]
        installed = subprocess.run(
            [str(runner_tools / "python"), "-c", "import generator; print(generator.__file__)"],
            cwd=partners.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert str(runner_tools.parent) in installed and str(REPO) not in installed
        site = partners.root / "site"
        assert not [path for path in site.rglob("*") if path.is_symlink()]
        # The check job on a pull request that tightens the benchmark, from a copy of the
        # repository (the site above stays as published).
        pull_request = GitRepo(work / "pull-request", clone_of=partners)
        pull_request.branch("tighten", "origin/main")
        charter = (pull_request.root / "charters/riverside-greenmill.yaml").read_text()
        tighter = charter.replace("version: 1", "version: 2").replace(
            "{value: 48, unit: hours", "{value: 24, unit: hours"
        )
        pull_request.commit("Notice within 24 hours", {"charters/riverside-greenmill.yaml": tighter})
        checked = Runner(pull_request.root, runner_env, {action_name: action}).run(
            workflow["jobs"]["check"]["steps"],
            {"github.base_ref": "main", "github.sha": "y", "steps.preview.outputs.artifact-url": PREVIEW_URL},
        )
        assert checked.failed is None, [
            (line, done.stdout[-2000:], done.stderr[-2000:]) for line, done in checked.commands
        ]
        comment = (pull_request.root / "pr-check.md").read_text()
        assert "Version 1 → 2." in comment and "tightened" in comment and f"]({PREVIEW_URL})" in comment
        # 3. The published site, under its sub-path, in Chromium.
        _LikePages.site = site
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGUMENTS)
            page = browser.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
            page.goto(site_url)
            assert page.locator(".md-header").is_visible(), "the Material theme"
            own_css = "[...document.styleSheets].some(s => (s.href || '').endsWith('assets/charters.css') && s.cssRules.length > 0)"
            assert page.evaluate(own_css), "the tool's CSS, from the package"
            assert page.evaluate("[...document.scripts].some(s => s.src.endsWith('assets/charters.js'))")
            page.get_by_role("link", name="Riverside Foods and Greenmill Co-op oat sourcing").first.click()
            page.wait_for_url(f"**{SUB_PATH}charters/riverside-greenmill/")
            assert "Ratified" in page.content() or "ratified" in page.content()
            page.goto(site_url)
            page.locator(".md-search__input").click()
            page.keyboard.type("delay")
            page.locator(".md-search-result__item").first.wait_for()
            assert "oat sourcing" in page.locator(".md-search-result").inner_text()
            assert failed == [], f"every file the pages load is there: {failed}"
            missing = page.goto(f"http://127.0.0.1:{port}{SUB_PATH}charters/no-such-charter/v9/")
            assert missing.status == 404
            assert "404" in page.locator("h1").inner_text() and page.locator(".md-header").is_visible()
            failed.remove(missing.url)
            assert failed == [], f"the 404 page's theme and CSS load at any depth: {failed}"
            browser.close()
        server.shutdown()
