"""Benchmark: `charters build` of a synthetic repository, split into the generator's part
(check, history, model, render) and MkDocs' part, with the site's size.

Usage: python bench/site_build.py [--charters N] [--revisions M] [--runs R] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_repository
from generator.build import INPUT_FOLDER, prepare, run_mkdocs
from generator.write import write_files

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)


def build_once(root: Path) -> dict[str, float]:
    started = time.perf_counter()
    rendered, _ = prepare(root, TODAY, lambda _: None)
    generated = time.perf_counter()
    shutil.rmtree(root / INPUT_FOLDER, ignore_errors=True)
    write_files(root / INPUT_FOLDER / "docs", rendered.docs)
    (root / INPUT_FOLDER / "mkdocs.yml").write_text(rendered.config)
    written = time.perf_counter()
    shutil.rmtree(root / "site", ignore_errors=True)
    run_mkdocs(root / INPUT_FOLDER / "mkdocs.yml", root / "site")
    finished = time.perf_counter()
    return {
        "generator_s": generated - started,
        "write_s": written - generated,
        "mkdocs_s": finished - written,
        "total_s": finished - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charters", type=int, default=300)
    parser.add_argument("--revisions", type=int, default=30)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = make_repository(Path(folder) / "repo", options.charters, options.revisions)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        subprocess.run(["git", "-C", str(root), "checkout", "-q", "-B", "main"], check=True)
        runs = [build_once(root) for _ in range(options.runs)]
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        pages = list((root / "site").rglob("*.html"))
        figures["html_pages"] = len(pages)
        figures["html_bytes_per_page"] = statistics.mean(page.stat().st_size for page in pages)
        figures["site_bytes"] = sum(path.stat().st_size for path in (root / "site").rglob("*") if path.is_file())
        figures["search_index_bytes"] = (root / "site" / "search" / "search_index.json").stat().st_size
    print(f"{options.charters} charters x {options.revisions} revisions; median of {options.runs} runs")
    for key in ("generator_s", "write_s", "mkdocs_s", "total_s"):
        print(f"  {key:22} {figures[key]:8.1f}")
    print(f"  html pages             {figures['html_pages']:8d}")
    print(f"  HTML bytes per page    {figures['html_bytes_per_page']:8.0f}")
    print(f"  site size              {figures['site_bytes'] / 1e6:8.1f} MB")
    print(f"  search index           {figures['search_index_bytes'] / 1e6:8.1f} MB")
    if options.json:
        options.json.write_text(
            json.dumps({"charters": options.charters, "revisions": options.revisions, **figures}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
