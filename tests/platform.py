"""A stand-in for a platform's web interface: an OpenPGP key like GitHub's, which signs the
commits it makes for an edit a person made in the browser (author: that person, committer:
the platform). Its public key is given to the tool as the partners' CI gives GitHub's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.gitrepo import GitRepo

PLATFORM = "GitHub <noreply@github.com>"


class Platform:
    def __init__(self, home: Path) -> None:
        self.home = home
        home.mkdir(mode=0o700)
        self._gpg(
            "--quick-generate-key",
            "--passphrase",
            "",
            "--pinentry-mode",
            "loopback",
            PLATFORM,
            "ed25519",
            "sign",
            "never",
        )
        listing = self._gpg("--with-colons", "--list-keys").decode()
        self.fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
        self.public_keys = home / "platform-keys.asc"
        self.public_keys.write_bytes(self._gpg("--armor", "--export", self.fingerprint))

    def stop(self) -> None:
        subprocess.run(["gpgconf", "--homedir", str(self.home), "--kill", "all"], capture_output=True, check=False)

    def _gpg(self, *arguments: str) -> bytes:
        return subprocess.run(
            ["gpg", "--homedir", str(self.home), "--batch", "--quiet", *arguments], capture_output=True, check=True
        ).stdout

    def commit(self, repo: GitRepo, message: str, files: dict[str, str | None], author: str) -> str:
        """The commit the platform makes for ``author``'s edit in its web interface."""
        name, email = author.rsplit(" <", 1)
        environment = {
            "GNUPGHOME": str(self.home),
            "GIT_COMMITTER_NAME": "GitHub",
            "GIT_COMMITTER_EMAIL": "noreply@github.com",
        }
        for path, text in files.items():
            repo.write(path, text)
            repo.git("add", path)
        repo.minute += 1
        repo.git(
            "-c",
            "gpg.format=openpgp",
            "-c",
            f"user.signingkey={self.fingerprint}",
            "commit",
            "-q",
            "-S",
            "-m",
            message,
            "--author",
            author,
            env={**os.environ, **environment, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email.rstrip(">")},
        )
        return repo.git("rev-parse", "HEAD")
