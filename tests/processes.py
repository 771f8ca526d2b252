"""The `charters` command as a real process: plainly, on a pseudo-terminal, and the
processes still running in a folder."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import TODAY_EPOCH

COMMAND = (sys.executable, "-m", "generator")


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, **extra}
    env.pop("GITHUB_ACTIONS", None)
    return env


def charters(root: Path, *arguments: str, timeout: float = 300, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *arguments],
        cwd=root,
        env=environment(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start(root: Path, *arguments: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COMMAND, *arguments],
        cwd=root,
        env=environment(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def on_terminal(root: Path, *arguments: str, **extra: str) -> tuple[int, str]:
    """Exit status and everything `charters ARGUMENTS` wrote to a pseudo-terminal, as a
    person would see it (escape sequences included)."""
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [*COMMAND, *arguments],
        cwd=root,
        env=environment(**extra),
        stdout=terminal,
        stderr=terminal,
    ) as process:
        os.close(terminal)
        output = b""
        while chunk := _read(controller):
            output += chunk
        process.wait()
    os.close(controller)
    return process.returncode, output.decode()


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the terminal closes when the process ends
        return b""


def running_in(folder: Path) -> list[str]:
    """The command lines of processes whose working folder is ``folder`` or inside it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to look at
            continue
        if cwd == folder or folder in cwd.parents:
            found.append(f"{entry.name}: {command}")
    return found
