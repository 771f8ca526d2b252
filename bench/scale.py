"""The scale benchmark: every stage of `charters build` on a synthetic partners' repository,
against a plain MkDocs build of as many ordinary pages (B), measured in one run.

B's pages are ordinary documentation pages as large as the site's pages are in Markdown;
B of 2 KB pages is printed beside it.

Prints a table and writes JSON. Medians over --runs. Default 300 charters x 30 revisions,
and a 30-charter repository for HTML bytes per page. A tiny run is in the test suite. The
synthetic repository (synthetic.py) holds a position outside charters/ after every
revision, a record in every charter, and organisations all charters share.

    .venv/bin/python bench/scale.py --runs 3 --json scale.json
    .venv/bin/python bench/scale.py --charters 2000 --json scale-2000.json   # a company and its suppliers
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.history_read import git_only, naive
from bench.synthetic import charter_text, make_repository
from generator.build import prepare
from generator.caching import CacheFolder

TODAY = dt.date(2026, 11, 25)

REPO = Path(__file__).resolve().parent.parent
# The processes measured run this checkout's code, whatever else is installed.
ENVIRONMENT = {**os.environ, "SOURCE_DATE_EPOCH": "1795608000", "PYTHONPATH": str(REPO)}


def timed_process(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak memory of the process tree (KB) and output of ``command``."""
    script = (
        "import resource, subprocess, sys, time; started = time.perf_counter();"
        "completed = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "elapsed = time.perf_counter() - started;"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(elapsed, peak, completed.returncode); print(completed.stdout + completed.stderr)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, *command], cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True, check=True
    )
    first, _, output = completed.stdout.partition("\n")
    elapsed, peak, code = first.split()
    if code != "0":
        raise RuntimeError(f"{command} failed:\n{output}")
    return float(elapsed), int(peak), output


def charters(cwd: Path, *arguments: str) -> tuple[float, int, str]:
    return timed_process([sys.executable, "-m", "generator", *arguments], cwd)


ORDINARY_SECTION = """## Section {number}

Partners agree on **observable benchmarks** and review them together. Each side reports
problems within `48 hours`, and the [review](#section-{number}) looks at what happened and why.
The retailer shares forecasts; the supplier shares capacity and sourcing risks early.

- Tell the other side about a supplier problem within 48 hours
- Pay invoices within *30 days* of delivery
- Review the indicators every quarter, with both parties present

| Indicator | Target | Review |
|-----------|--------|--------|
| Days to report | 2 | quarterly |
| Days to pay | 30 | monthly |

"""


def plain_site(folder: Path, pages: int, page_bytes: int) -> Path:
    """A MkDocs project of ``pages`` ordinary documentation pages (headings, prose, lists,
    a table) of about ``page_bytes`` of Markdown each, with a short navigation."""
    docs = folder / "docs"
    for index in range(pages):
        page = docs / f"section-{index // 100}" / f"page-{index}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        text = f"# Page {index}\n\n"
        while len(text) < page_bytes:
            text += ORDINARY_SECTION.format(number=text.count("## ") + 1)
        page.write_text(text)
    (docs / "index.md").write_text("# Home\n")
    (folder / "mkdocs.yml").write_text(
        "site_name: Plain\nsite_url: https://example.org/\ntheme:\n  name: material\n  font: false\n"
        "nav:\n  - Home: index.md\nnot_in_nav: |\n  /section-*/\n"
    )
    return folder


def plain_mkdocs(folder: Path, pages: int, page_bytes: int) -> float:
    elapsed, _, _ = timed_process(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")],
        plain_site(folder, pages, page_bytes),
    )
    return elapsed


def staged_build(root: Path, engine: str = "mkdocs") -> tuple[float, int, dict[str, float]]:
    """Wall time, peak memory (KB) and stages of one `charters build` with ``engine``."""
    elapsed, peak, output = timed_process([sys.executable, str(REPO / "bench" / "stages.py"), engine], root)
    return elapsed, peak, json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{")))


def change_one_charter(root: Path, number: int, revisions: int, year: int = 2028) -> None:
    """A pull request that moves charter ``number``'s next review into ``year``, merged."""
    changed = root / f"charters/charter-{number:04d}.yaml"
    changed.write_text(charter_text(f"charter-{number:04d}", revisions - 1).replace("next: 2027-", f"next: {year}-"))
    subprocess.run(
        ["git", "-C", str(root), "commit", "-qam", f"Move a review (#{year}{number})"], check=True, env=ENVIRONMENT
    )


def mean_markdown_page(root: Path) -> float:
    """The mean size of the site's pages as Markdown (direct pages in their Markdown form)."""
    rendered, _ = prepare(root, TODAY, lambda _: None, CacheFolder(root))
    return statistics.mean(len(content) for path, content in rendered.preview_docs().items() if path.endswith(".md"))


def search_sizes(index: Path) -> tuple[float, float]:
    """The search index's size and what a reader downloads of it, served compressed (MB)."""
    content = index.read_bytes()
    return len(content) / 1e6, len(gzip.compress(content, 6)) / 1e6


def measure(charter_count: int, revisions: int, small: int, sample: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = make_repository(Path(folder) / "repo", charter_count, revisions)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        started = time.perf_counter()
        git_only(root)
        figures["history_git_s"] = time.perf_counter() - started
        started = time.perf_counter()
        naive(root, [f"charters/charter-{index:04d}.yaml" for index in range(sample)])
        figures["history_naive_scaled_s"] = (time.perf_counter() - started) * charter_count / sample
        figures["validate_current_s"], _, _ = charters(root, "validate")
        figures["validate_kept_s"], _, _ = charters(root, "validate")  # each file's verdict kept
        figures["build_cold_s"], peak, stages = staged_build(root)
        figures["build_cold_peak_mb"] = peak / 1024
        figures.update({f"cold: {stage}": seconds for stage, seconds in stages.items() if stage != "total"})
        pages = list((root / "site").rglob("*.html"))
        figures["html_pages"] = len(pages)
        figures["html_bytes_per_page"] = statistics.mean(page.stat().st_size for page in pages)
        figures["site_mb"] = sum(path.stat().st_size for path in (root / "site").rglob("*") if path.is_file()) / 1e6
        figures["search_index_mb"], figures["search_download_mb"] = search_sizes(root / "site/search/search_index.json")
        # The first warm build after a cold one has no replaced site to delete yet; the
        # second is the steady state, and its figures are the warm build's.
        for number, label in ((0, "first warm"), (1, "warm")):
            change_one_charter(root, number, revisions)
            elapsed, _, stages = staged_build(root)
            key = label.replace(" ", "_")
            figures[f"build_{key}_s"] = elapsed
            figures[f"build_{key}_outside_mkdocs_s"] = elapsed - stages["engine"]
        figures.update({f"warm: {stage}": seconds for stage, seconds in stages.items() if stage != "total"})
        # The same repository with the second engine: a cold build (no cache), then warm ones.
        shutil.rmtree(root / ".charters-cache")
        figures["zensical_cold_s"], peak, stages = staged_build(root, "zensical")
        figures["zensical_cold_peak_mb"] = peak / 1024
        figures["zensical_cold_engine_s"] = stages["engine"]
        figures["zensical_search_index_mb"], figures["zensical_search_download_mb"] = search_sizes(
            root / "site/search.json"
        )
        for number in (0, 1):
            change_one_charter(root, number, revisions, 2029)
            elapsed, _, stages = staged_build(root, "zensical")
        figures["zensical_warm_s"] = elapsed
        figures["zensical_warm_engine_s"] = stages["engine"]
        figures["markdown_bytes_per_page"] = mean_markdown_page(root)
        figures["plain_mkdocs_B_s"] = plain_mkdocs(
            Path(folder) / "plain", len(pages), int(figures["markdown_bytes_per_page"])
        )
        figures["plain_mkdocs_B_light_s"] = plain_mkdocs(Path(folder) / "light", len(pages), 2000)
        small_root = make_repository(Path(folder) / "small", small, revisions)
        shutil.copy(REPO / "mkdocs.yml", small_root / "mkdocs.yml")
        charters(small_root, "build")
        small_pages = list((small_root / "site").rglob("*.html"))
        figures["html_bytes_per_page_small"] = statistics.mean(page.stat().st_size for page in small_pages)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charters", type=int, default=300)
    parser.add_argument("--revisions", type=int, default=30)
    parser.add_argument("--small", type=int, default=30, help="charters in the repository compared for bytes per page")
    parser.add_argument("--sample", type=int, default=10, help="charters read the naive way")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    runs = [
        measure(options.charters, options.revisions, options.small, min(options.sample, options.charters))
        for _ in range(options.runs)
    ]
    figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    b = figures["plain_mkdocs_B_s"]
    print(f"{options.charters} charters x {options.revisions} revisions, median of {options.runs} runs")
    for key, value in figures.items():
        print(f"  {key:44} {value:12.2f}")
    print("targets (issue 16, at 2,000 x 30; the earlier ones at 300 x 30):")
    light = figures["plain_mkdocs_B_light_s"]
    print(
        f"  peak memory MB, cold           {figures['build_cold_peak_mb']:7.0f}  (at most 1024, and 1.3x the 300 figure)"
    )
    print(f"  warm build s                   {figures['build_warm_s']:7.2f}  (at most 3)")
    print(f"    warm outside the engine s    {figures['build_warm_outside_mkdocs_s']:7.2f}")
    print(f"    warm / cold                  {figures['build_warm_s'] / figures['build_cold_s']:7.2f}  (at most 0.3)")
    print(f"  search index MB                {figures['search_index_mb']:7.2f}  (below 10)")
    print(f"    downloaded to search MB      {figures['search_download_mb']:7.2f}  (below 2)")
    print(f"  cold build / B                 {figures['build_cold_s'] / b:7.2f}  (at most 0.5)")
    print(f"    cold build / B of 2 KB pages {figures['build_cold_s'] / light:7.2f}  (at most 1.2)")
    print(f"  validate current s             {figures['validate_current_s']:7.2f}  (at most 3)")
    print(f"    again, verdicts kept s       {figures['validate_kept_s']:7.2f}")
    ratio = figures["html_bytes_per_page"] / figures["html_bytes_per_page_small"]
    print(f"  bytes/page, large / small      {ratio:7.2f}  (within 1.2)")
    naive_ratio = figures["history_naive_scaled_s"] / figures["history_git_s"]
    print(f"  history naive / ours           {naive_ratio:7.0f}  (at least 50)")
    print("second engine (Zensical), same repository:")
    print(f"    cold build / MkDocs' cold    {figures['zensical_cold_s'] / figures['build_cold_s']:7.2f}")
    print(f"    warm build s                 {figures['zensical_warm_s']:7.2f}  (at most 3)")
    print(f"    warm build / MkDocs' warm    {figures['zensical_warm_s'] / figures['build_warm_s']:7.2f}")
    print(f"    peak memory MB               {figures['zensical_cold_peak_mb']:7.0f}")
    print(f"    search index MB              {figures['zensical_search_index_mb']:7.2f}  (below 10)")
    print(f"    downloaded to search MB      {figures['zensical_search_download_mb']:7.2f}  (below 2)")
    if options.json:
        options.json.write_text(
            json.dumps(
                {"charters": options.charters, "revisions": options.revisions, "runs": options.runs, **figures},
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
