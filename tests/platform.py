"""Stand-ins for a platform's web interface, which signs the commits it makes for an edit a
person made in the browser (author: that person, committer: the platform): an OpenPGP key
like GitHub's, or an SSH key like GitLab's. Its public key is given to the tool as the
partners' CI gives the platform's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.gitrepo import GitRepo, ssh_key

PLATFORM = "GitHub <noreply@github.com>"


class WebInterface:
    """What both platforms do: commit a person's edit, signed with the platform's key.
    ``signing``: git settings naming the key; ``environment``: the committer and the rest."""

    signing: tuple[str, ...]
    environment: dict[str, str]

    def commit(self, repo: GitRepo, message: str, files: dict[str, str | None], author: str) -> str:
        """The commit the platform makes for ``author``'s edit in its web interface."""
        name, email = author.rsplit(" <", 1)
        for path, text in files.items():
            repo.write(path, text)
            repo.git("add", path)
        repo.minute += 1
        settings = [part for setting in self.signing for part in ("-c", setting)]
        repo.git(
            *settings,
            "commit",
            "-q",
            "-S",
            "-m",
            message,
            "--author",
            author,
            env={**os.environ, **self.environment, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email.rstrip(">")},
        )
        return repo.git("rev-parse", "HEAD")


class Platform(WebInterface):
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
        self.signing = ("gpg.format=openpgp", f"user.signingkey={self.fingerprint}")
        self.environment = {
            "GNUPGHOME": str(home),
            "GIT_COMMITTER_NAME": "GitHub",
            "GIT_COMMITTER_EMAIL": "noreply@github.com",
        }

    def stop(self) -> None:
        subprocess.run(["gpgconf", "--homedir", str(self.home), "--kill", "all"], capture_output=True, check=False)

    def _gpg(self, *arguments: str) -> bytes:
        return subprocess.run(
            ["gpg", "--homedir", str(self.home), "--batch", "--quiet", *arguments], capture_output=True, check=True
        ).stdout


class SshPlatform(WebInterface):
    """GitLab's way: an SSH key signs its web commits; ``public_key`` is the line GitLab
    gives at /api/v4/web_commits/public_key."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        key, self.public_key = ssh_key(folder, "web-commits")
        self.signing = ("gpg.format=ssh", f"user.signingkey={key}")
        self.environment = {"GIT_COMMITTER_NAME": "GitLab", "GIT_COMMITTER_EMAIL": "noreply@gitlab.com"}
