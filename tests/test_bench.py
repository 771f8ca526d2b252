"""A tiny run of each benchmark script, so that they cannot rot. Their figures are not tested."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def run_benchmark(script: str, tmp_path: Path, *arguments: str) -> dict:
    output = tmp_path / "figures.json"
    command = [sys.executable, str(REPO / "bench" / script), *arguments, "--json", str(output)]
    subprocess.run(command, check=True, capture_output=True)
    return json.loads(output.read_text())


def test_load_validate_benchmark_runs(tmp_path: Path) -> None:
    figures = run_benchmark("load_validate.py", tmp_path, "--runs", "1", "--calls", "1")["median_ms"]
    assert set(figures) >= {"charters_load", "charters_validate", "pyyaml_pure_safe_load"}
    assert all(value > 0 for value in figures.values())


def test_history_benchmark_runs(tmp_path: Path) -> None:
    figures = run_benchmark(
        "history_read.py", tmp_path, "--charters", "3", "--revisions", "2", "--sample", "1", "--runs", "1"
    )
    assert figures["charters"] == 3 and figures["full_history_s"] > 0 and figures["naive_scaled_s"] > 0


def test_scale_benchmark_runs(tmp_path: Path) -> None:
    figures = run_benchmark(
        "scale.py", tmp_path, "--charters", "3", "--revisions", "2", "--small", "2", "--sample", "1"
    )
    assert figures["build_cold_s"] > 0 and figures["plain_mkdocs_B_s"] > 0 and figures["html_pages"] >= 12
    assert figures["cold: engine"] > 0 and figures["warm: check, parse, model and render changed charters"] > 0
    assert 0 < figures["build_warm_outside_mkdocs_s"] < figures["build_warm_s"]
    assert (
        0 < figures["zensical_cold_engine_s"] < figures["zensical_cold_s"] and figures["zensical_search_index_mb"] > 0
    )
    assert 0 < figures["search_download_mb"] < figures["search_index_mb"]


def test_cache_format_benchmark_runs(tmp_path: Path) -> None:
    figures = run_benchmark("cache_format.py", tmp_path, "--runs", "1", "--calls", "1")
    assert set(figures) == {"build entry", "parsed revisions"}
    assert all(value > 0 for entry in figures.values() for value in entry.values())


def test_ratification_benchmark_runs(tmp_path: Path) -> None:
    figures = run_benchmark("ratification.py", tmp_path, "--charters", "3", "--revisions", "2", "--runs", "1")
    assert figures["positions_found"] == 6, "one Approves: commit and one ledger line per charter"
    assert 0 < figures["ratification_reading_s"] < figures["full_history_with_ratification_s"]
