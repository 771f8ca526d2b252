"""The schema in an editor: the YAML language server (what VS Code's YAML extension runs),
installed from npm and spoken to over the Language Server Protocol, reads the examples'
modeline and reports a typo where the validator does."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

SERVER_VERSION = "1.25.0"  # 2.x needs Node.js 22; the machines have 20


def _workspace_schemas() -> dict[str, str]:
    """The repository's own `.vscode/settings.json` mapping (what `charters init` writes),
    its schema paths made absolute as VS Code does for the server."""
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    return {(REPO / path).resolve().as_uri(): glob for path, glob in settings["yaml.schemas"].items()}


EDITOR_SETTINGS = {"validate": True, "schemaStore": {"enable": False}, "schemas": _workspace_schemas()}

pytestmark = pytest.mark.skipif(not shutil.which("npm") or not shutil.which("node"), reason="needs Node.js and npm")


class LanguageServer:
    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, method: str, params: dict, request: bool = False) -> int | None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def receive(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().strip()) != b"":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def answer_requests(self, message: dict) -> None:
        """The server asks the client for settings; an editor would answer from its own."""
        if "id" in message and "method" in message:
            result = [EDITOR_SETTINGS] * len(message.get("params", {}).get("items", [None]))
            body = json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": message["id"],
                    "result": result if message["method"] == "workspace/configuration" else None,
                }
            ).encode()
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def diagnostics(self, path: Path, text: str, seconds: float = 30) -> list[dict]:
        uri = path.as_uri()
        self.send(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
        )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = self.receive()
            self.answer_requests(message)
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]
        raise AssertionError(f"no diagnostics for {uri}")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("yaml-language-server")
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(folder),
            "--no-audit",
            "--no-fund",
            "--silent",
            f"yaml-language-server@{SERVER_VERSION}",
        ],
        check=True,
        timeout=300,
    )
    running = LanguageServer(
        ["node", str(folder / "node_modules/yaml-language-server/bin/yaml-language-server"), "--stdio"]
    )
    request = running.send(
        "initialize",
        {"processId": None, "rootUri": REPO.as_uri(), "capabilities": {"workspace": {"configuration": True}}},
        request=True,
    )
    while (message := running.receive()).get("id") != request:
        running.answer_requests(message)
    running.send("initialized", {})
    running.send("workspace/didChangeConfiguration", {"settings": {"yaml": EDITOR_SETTINGS}})
    yield running
    running.close()


@pytest.mark.parametrize("example", sorted((REPO / "charters").glob("*.yaml")), ids=lambda path: path.stem)
def test_example_charters_are_clean_in_the_editor(server: LanguageServer, example: Path) -> None:
    assert server.diagnostics(example, example.read_text(encoding="utf-8")) == []


def test_a_typo_is_reported_in_the_editor_on_its_line(server: LanguageServer) -> None:
    case = EXAMPLES / "negative" / "unknown-field.yaml"
    # Opened as if it lived in charters/, so that the modeline's relative path finds the schema.
    text = case.read_text(encoding="utf-8").replace("../../../schema/", "../schema/")
    diagnostics = server.diagnostics(REPO / "charters" / "typo-in-editor.yaml", text)
    reported = sorted((item["range"]["start"]["line"] + 1, item["message"]) for item in diagnostics)
    # The editor also says the benchmark lacks "cadence"; `charters validate` folds that into
    # its did-you-mean on the typo.
    assert [line for line, _ in reported] == [20, 27]
    assert "cadence" in reported[0][1] and "cadance" in reported[1][1]


def test_a_ledger_line_is_checked_in_the_editor_by_the_workspace_mapping(server: LanguageServer) -> None:
    text = (
        "- {version: 2, position: approve, by: ada@riverside.example}\n"
        "- {version: 2, positon: approve, by: tomas@greenmill.example}\n"
    )
    diagnostics = server.diagnostics(REPO / "approvals" / "nordvik-virtanen-oats.yaml", text)
    assert {item["range"]["start"]["line"] + 1 for item in diagnostics} == {2}
    assert any("positon" in item["message"] for item in diagnostics), diagnostics


@pytest.mark.parametrize("translation", sorted((REPO / "translations").glob("*.yaml")), ids=lambda path: path.stem)
def test_example_translations_are_clean_in_the_editor(server: LanguageServer, translation: Path) -> None:
    assert server.diagnostics(translation, translation.read_text(encoding="utf-8")) == []


def test_a_translation_is_checked_in_the_editor_by_the_workspace_mapping(server: LanguageServer) -> None:
    text = "format: 1\ntranslates: nordvik-virtanen-oats\nlanguage: fi\nversion: 3\ntitel: Kaura\n"
    diagnostics = server.diagnostics(REPO / "translations" / "nordvik-virtanen-oats.de.yaml", text)
    assert {item["range"]["start"]["line"] + 1 for item in diagnostics} == {5}
    assert any("titel" in item["message"] for item in diagnostics), diagnostics
