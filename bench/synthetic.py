"""A synthetic partners' repository: N charters × M revisions, built with git fast-import.

Each charter is a realistic ~8 KB file (an example charter with its id changed); every
revision is one commit, as a merged pull request would be, with an Approved-by trailer.
Every fifth revision changes the terms (a threshold) and raises the version; the others
move the next review date, as most real commits do.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = (REPO / "charters" / "maji-safi-filter-venture.yaml").read_text(encoding="utf-8")
START_EPOCH = 1767225600  # 2026-01-01 00:00 UTC


def charter_text(charter_id: str, revision: int) -> str:
    version = 1 + revision // 5
    text = TEMPLATE.replace("id: maji-safi-filter-venture", f"id: {charter_id}")
    text = text.replace("version: 4", f"version: {version}")
    text = text.replace("{value: 60, unit: days", f"{{value: {60 + version}, unit: days")
    return text.replace("next: 2027-01-28", f"next: 2027-{1 + revision % 12:02d}-{1 + revision % 28:02d}")


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def fast_import_stream(charters: int, revisions: int) -> bytes:
    chunks = []
    mark = 0
    for revision in range(revisions):
        for index in range(charters):
            mark += 1
            charter_id = f"charter-{index:04d}"
            when = START_EPOCH + mark * 60
            message = f"Update {charter_id} (#{mark})\n\nApproved-by: Rosa Quispe Mamani <rosa.quispe@ceramica-andina.example>\n"
            chunks.append(b"commit refs/heads/main\nmark :%d\n" % mark)
            chunks.append(b"author Partner <partner@example.org> %d +0000\n" % when)
            chunks.append(b"committer Partner <partner@example.org> %d +0000\n" % when)
            chunks.append(_data(message.encode()))
            if mark > 1:
                chunks.append(b"from :%d\n" % (mark - 1))
            chunks.append(f"M 100644 inline charters/{charter_id}.yaml\n".encode())
            chunks.append(_data(charter_text(charter_id, revision).encode()))
    return b"".join(chunks)


def make_repository(root: Path, charters: int, revisions: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"], input=fast_import_stream(charters, revisions), check=True
    )
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)
    return root
