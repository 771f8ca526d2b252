"""Benchmark: reading every revision of every charter from git, against the naive way.

The naive way asks git per file (`git log --follow`) and per revision (`git show`), as a
first implementation would. It is timed on a sample of charters and scaled up; ours reads
the whole repository. Usage: python bench/history_read.py [--charters N] [--revisions M]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_repository
from generator.history import read_lineages
from generator.history.git import read_blobs
from generator.history.log import read_log
from generator.model.history import charter_history

TODAY = dt.date(2026, 11, 25)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def git_only(root: Path) -> None:
    logged = read_log(root, "HEAD", "charters", first_parent=True)
    read_blobs(root, (change.blob for item in logged for change in item.changes if change.blob))


def full_history(root: Path) -> None:
    for lineage in read_lineages(root, "charters"):
        charter_history(lineage, TODAY)


def naive(root: Path, sample: list[str]) -> None:
    for path in sample:
        # --name-only gives the file's name at each commit, which --follow may have changed.
        listing = subprocess.run(
            ["git", "-C", str(root), "log", "--follow", "--format=%H", "--name-only", "--", path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for commit, name in zip(listing[::2], listing[1::2], strict=True):
            subprocess.run(["git", "-C", str(root), "show", f"{commit}:{name}"], capture_output=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charters", type=int, default=300)
    parser.add_argument("--revisions", type=int, default=30)
    parser.add_argument("--sample", type=int, default=10, help="charters read the naive way")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        built = timed(lambda: make_repository(root, options.charters, options.revisions))
        sample = [f"charters/charter-{index:04d}.yaml" for index in range(min(options.sample, options.charters))]
        figures = {
            "git_log_and_cat_file_s": statistics.median(timed(lambda: git_only(root)) for _ in range(options.runs)),
            "full_history_s": statistics.median(timed(lambda: full_history(root)) for _ in range(options.runs)),
            "naive_sample_s": statistics.median(timed(lambda: naive(root, sample)) for _ in range(options.runs)),
        }
    figures["naive_scaled_s"] = figures["naive_sample_s"] * options.charters / len(sample)
    revisions = options.charters * options.revisions
    print(
        f"{options.charters} charters x {options.revisions} revisions = {revisions:,} revisions (repository built in {built:.1f} s)"
    )
    print(f"median of {options.runs} runs:")
    print(f"  git log + cat-file only         {figures['git_log_and_cat_file_s']:8.2f} s")
    print(f"  full history (parse, validate,  {figures['full_history_s']:8.2f} s")
    print("    versions, changes, drift)")
    print(f"  naive, {len(sample)} charters               {figures['naive_sample_s']:8.2f} s")
    print(f"  naive, scaled to all            {figures['naive_scaled_s']:8.2f} s")
    print(f"  git reading: {figures['naive_scaled_s'] / figures['git_log_and_cat_file_s']:.0f}x faster than naive")
    print(
        f"  full history: {figures['naive_scaled_s'] / figures['full_history_s']:.1f}x faster than naive git reading alone"
    )
    if options.json:
        options.json.write_text(
            json.dumps({"charters": options.charters, "revisions": options.revisions, **figures}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
