"""A synthetic partners' repository: N charters × M revisions, built with git fast-import.

Each charter is a realistic ~8 KB file (an example charter with its id changed); every
revision is one commit, as a merged pull request would be, with an Approved-by trailer.
Every fifth revision changes the terms (a threshold) and raises the version; the others
move the next review date, as most real commits do. After each revision comes one position
on the version it holds, from another party's representative, outside `charters/`: an
`Approves:` commit after even revisions, a new line in the ledger `approvals/<id>.yaml`
after odd ones. Each charter is the example with a record, so every charter has one, and
all of them share the example's organisations.
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


# Representatives of the example's parties other than the one in every revision's trailer.
APPROVERS = (
    ("Oliver Hughes", "oliver.hughes@brightwell.example"),
    ("Wanjiru Mutua", "wanjiru@kisima.example"),
    ("Priya Natarajan", "priya.natarajan@brightwell.example"),
)


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _commit(mark: int, author: tuple[str, str], message: str, path: str | None, content: str) -> bytes:
    name, email = author
    when = START_EPOCH + mark * 60
    chunks = [b"commit refs/heads/main\nmark :%d\n" % mark]
    chunks.append(f"author {name} <{email}> {when} +0000\n".encode())
    chunks.append(f"committer {name} <{email}> {when} +0000\n".encode())
    chunks.append(_data(message.encode()))
    if mark > 1:
        chunks.append(b"from :%d\n" % (mark - 1))
    if path is not None:
        chunks.append(f"M 100644 inline {path}\n".encode() + _data(content.encode()))
    return b"".join(chunks)


def fast_import_stream(charters: int, revisions: int, positions: bool = True) -> bytes:
    chunks = []
    ledgers: dict[str, str] = {}
    mark = 0
    partner = ("Partner", "partner@example.org")
    for revision in range(revisions):
        version = 1 + revision // 5
        for index in range(charters):
            charter_id = f"charter-{index:04d}"
            mark += 1
            message = f"Update {charter_id} (#{mark})\n\nApproved-by: Rosa Quispe Mamani <rosa.quispe@ceramica-andina.example>\n"
            chunks.append(
                _commit(mark, partner, message, f"charters/{charter_id}.yaml", charter_text(charter_id, revision))
            )
            if not positions:
                continue
            mark += 1
            name, email = approver = APPROVERS[(index + revision) % len(APPROVERS)]
            if revision % 2 == 0:
                message = f"Approve {charter_id} v{version}\n\nApproves: {charter_id} v{version}\nApproved-by: {name} <{email}>\n"
                chunks.append(_commit(mark, approver, message, None, ""))
            else:
                ledger = ledgers.get(charter_id, "") + f"- {{version: {version}, position: approve, by: {email}}}\n"
                ledgers[charter_id] = ledger
                message = f"Approve {charter_id} v{version} in the ledger (#{mark})\n"
                chunks.append(_commit(mark, approver, message, f"approvals/{charter_id}.yaml", ledger))
    return b"".join(chunks)


def make_repository(root: Path, charters: int, revisions: int, positions: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = fast_import_stream(charters, revisions, positions)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)
    return root
