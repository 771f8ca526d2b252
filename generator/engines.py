"""The engines that make HTML of the generated input: MkDocs with Material for MkDocs, and
Zensical, its makers' successor, which reads the same `mkdocs.yml`.

Material for MkDocs is in maintenance mode (security fixes until 2027-05-05) and MkDocs 2.0
will not run it, so a partnership can move its site by one setting (`engine: zensical`).
The tool stays outside either engine's plugin API: it hands an engine the pages, the theme
overrides and the settings, and finishes the site itself. What an engine does not do, the
tool does or checks itself, so that either engine publishes the same site or none:

- Zensical's strict mode stops at every anchor in the record's HTML (which the tool puts
  back after the engine ran), so it runs without it; for either engine the tool checks
  every link and anchor of the finished pages (links.py);
- Zensical writes no sitemap.xml.gz, so the tool writes it (build.py);
- its search index is `search.json`, MkDocs' `search/search_index.json`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from enum import StrEnum
from pathlib import Path

import yaml

from generator import lifeline

_ZENSICAL_SITE = "zensical-site"  # inside the generated input, where Zensical builds


class Engine(StrEnum):
    MKDOCS = "mkdocs"
    ZENSICAL = "zensical"

    @property
    def label(self) -> str:
        return {"mkdocs": "MkDocs", "zensical": "Zensical"}[self.value]

    @property
    def search_index(self) -> str:
        """Where in the site the engine writes its search index."""
        return "search/search_index.json" if self is Engine.MKDOCS else "search.json"


ENGINES = tuple(engine.value for engine in Engine)


class EngineFailed(RuntimeError):
    """The engine could not build the site; the message holds what it said."""


def engine_environment() -> dict[str, str]:
    """The environment an engine runs in: without colours, and without Material's banner
    about MkDocs 2.0, which is for the tool's maintainers (MAINTAINING.md, "Engines"),
    not for partners. The theme reads this variable for that purpose."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "true", "NO_COLOR": "1"}


def run_engine(engine: Engine, config_file: Path, site_dir: Path) -> None:
    """Build the site in ``site_dir`` from the generated settings ``config_file``."""
    if engine is Engine.MKDOCS:
        # MkDocs would take a relative --site-dir from the settings file's folder.
        arguments = [
            "build",
            "--strict",
            "--config-file",
            str(config_file.resolve()),
            "--site-dir",
            str(site_dir.resolve()),
        ]
    else:
        arguments = ["build", "--config-file", str(_zensical_settings(config_file).resolve())]
    completed = subprocess.run(
        lifeline.command(engine.value, *arguments),
        capture_output=True,
        text=True,
        env=engine_environment(),
        check=False,
    )
    if completed.returncode != 0:
        said = (completed.stdout + completed.stderr).splitlines()
        details = [
            line for line in said if "WARNING" in line or "ERROR" in line or "Error" in line or "Warning" in line
        ]
        raise EngineFailed(f"{engine.label} could not build the site:\n" + "\n".join(details or said[-20:]))
    if engine is Engine.ZENSICAL:
        built = config_file.parent / _ZENSICAL_SITE
        for entry in sorted(built.iterdir()):
            shutil.move(entry, site_dir / entry.name)
        built.rmdir()


def _zensical_settings(config_file: Path) -> Path:
    """The settings for Zensical beside MkDocs' own: the site's folder named in them (it
    takes no --site-dir, and builds only inside the settings' folder, from where the site
    is moved), strict mode off (the tool checks the links itself), and no search languages."""
    header, _, body = config_file.read_text(encoding="utf-8").partition("\n")
    settings = yaml.safe_load(body)
    settings.update(strict=False, site_dir=_ZENSICAL_SITE)
    for plugin in settings.get("plugins", []):
        if isinstance(plugin, dict) and isinstance(plugin.get("search"), dict):
            plugin["search"].pop("lang", None)  # Zensical segments every language's words itself, and refuses it
    written = config_file.with_name("zensical.yml")
    written.write_text(
        header + "\n" + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return written
