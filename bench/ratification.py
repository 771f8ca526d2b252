"""Benchmark: what reading ratification costs a build, against reading the charters' history.

Ratification asks git for the whole repository, not only the charters folder: the main
line (commit ids, parents, times) and every commit naming a version (`Approves:`/`Objects:`,
found by `git log --grep`), plus the ledgers. Measured on the synthetic repository, with
one `Approves:` commit per charter and one ledger line per charter added after the merges.
The baseline is the same run's plain git reading of the charters' revisions.

    python bench/ratification.py [--charters N] [--revisions M] [--runs R] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.history_read import git_only, timed
from bench.synthetic import make_repository
from generator.history import read_history, read_lineages
from generator.history.mainline import read_main_line
from generator.history.positions import read_named_positions
from generator.model.history import charter_history

TODAY = dt.date(2026, 11, 25)
APPROVER = "Wanjiru Mutua <wanjiru@kisima.example>"  # a representative in the synthetic charters


def add_positions(root: Path, charters: int) -> None:
    """One `Approves:` commit per charter, then one commit adding a ledger line for each."""
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Wanjiru Mutua",
        "GIT_AUTHOR_EMAIL": "wanjiru@kisima.example",
        "GIT_COMMITTER_NAME": "Wanjiru Mutua",
        "GIT_COMMITTER_EMAIL": "wanjiru@kisima.example",
    }
    for index in range(charters):
        message = f"Approve\n\nApproves: charter-{index:04d} v1\nApproved-by: {APPROVER}\n"
        subprocess.run(
            ["git", "-C", str(root), "commit", "-q", "--allow-empty", "-m", message], env=environment, check=True
        )
    ledgers = root / "approvals"
    ledgers.mkdir()
    for index in range(charters):
        line = "- {version: 1, position: approve, by: wanjiru@kisima.example}\n"
        (ledgers / f"charter-{index:04d}.yaml").write_text(line, encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "approvals"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "Ledgers"], env=environment, check=True)


def full_history(root: Path) -> None:
    for lineage in read_lineages(root, "charters"):
        charter_history(lineage, TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charters", type=int, default=300)
    parser.add_argument("--revisions", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        make_repository(root, options.charters, options.revisions, positions=False)
        add_positions(root, options.charters)

        def median(action) -> float:
            return statistics.median(timed(action) for _ in range(options.runs))

        order = read_main_line(root, "HEAD").order
        named = read_named_positions(root, "HEAD", "charters", None, order)
        found = sum(len(positions) for positions in named.values())
        figures = {
            "positions_found": found,
            "git_reading_of_charters_s": median(lambda: git_only(root)),
            "main_line_s": median(lambda: read_main_line(root, "HEAD")),
            "named_positions_and_ledgers_s": median(
                lambda: read_named_positions(root, "HEAD", "charters", None, order)
            ),
            "read_history_s": median(lambda: read_history(root, "charters")),
            "full_history_with_ratification_s": median(lambda: full_history(root)),
        }
    ratification = figures["main_line_s"] + figures["named_positions_and_ledgers_s"]
    figures["ratification_reading_s"] = ratification
    commits = options.charters * options.revisions + options.charters + 1
    print(
        f"{options.charters} charters x {options.revisions} revisions, {commits:,} commits, {found} positions; median of {options.runs} runs:"
    )
    print(f"  git reading of the charters (baseline)   {figures['git_reading_of_charters_s']:7.3f} s")
    print(f"  main line                                {figures['main_line_s']:7.3f} s")
    print(f"  positions naming a version, and ledgers  {figures['named_positions_and_ledgers_s']:7.3f} s")
    print(f"  = ratification's own reading             {ratification:7.3f} s")
    print(f"    ({ratification / figures['git_reading_of_charters_s']:.2f}x the baseline)")
    print(f"  read_history (all git reading)           {figures['read_history_s']:7.3f} s")
    print(f"  full history, ratification included      {figures['full_history_with_ratification_s']:7.3f} s")
    print(f"    (ratification's reading is {ratification / figures['full_history_with_ratification_s']:.0%} of it)")
    if options.json:
        options.json.write_text(
            json.dumps({"charters": options.charters, "revisions": options.revisions, **figures}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
