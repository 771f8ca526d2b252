"""A tiny run of each benchmark script, so that they cannot rot. Their figures are not tested."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_load_validate_benchmark_runs(tmp_path: Path) -> None:
    output = tmp_path / "figures.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "load_validate.py"),
            "--runs",
            "1",
            "--calls",
            "1",
            "--json",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    figures = json.loads(output.read_text())["median_ms"]
    assert set(figures) >= {"charters_load", "charters_validate", "pyyaml_pure_safe_load"}
    assert all(value > 0 for value in figures.values())


def test_history_benchmark_runs(tmp_path: Path) -> None:
    output = tmp_path / "history.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "history_read.py"),
            "--charters",
            "3",
            "--revisions",
            "2",
            "--sample",
            "1",
            "--runs",
            "1",
            "--json",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    figures = json.loads(output.read_text())
    assert figures["charters"] == 3 and figures["full_history_s"] > 0 and figures["naive_scaled_s"] > 0


def test_site_benchmark_runs(tmp_path: Path) -> None:
    output = tmp_path / "site.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "site_build.py"),
            "--charters",
            "2",
            "--revisions",
            "2",
            "--json",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    figures = json.loads(output.read_text())
    assert figures["html_pages"] >= 8 and figures["mkdocs_s"] > 0 and figures["generator_s"] > 0
