"""How fast the cache's entries are read and written, in the format the tool uses and in
the ones it could have used: a real charter's build entry and its parsed revisions.

Medians of --runs, each of --calls decodes (and encodes). pickle is the format the caches
used before: fast, but loading it runs whatever code the file names. The standard json
module is shown decoding to plain dicts only: turning them into the build's typed objects
would cost a hand-written decoder per class on top.

    .venv/bin/python bench/cache_format.py --runs 5 --calls 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_repository
from generator.build import prepare
from generator.build_cache import BuildCache, CharterBuild
from generator.caching import CacheFolder
from generator.history.cache import ParseCache, ParsedRevision

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)


def _median_ms(action, runs: int, calls: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            action()
        times.append((time.perf_counter() - started) / calls * 1000)
    return statistics.median(times)


def measure(runs: int, calls: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        root = make_repository(Path(folder) / "repo", 2, 30)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        prepare(root, TODAY, lambda _: None, CacheFolder(root))
        path = "charters/charter-0000.yaml"
        _, built = BuildCache(CacheFolder(root)).read(path)
        revisions = tuple(ParseCache(CacheFolder(root)).entries(path).values())
    return {
        "build entry": _formats(built, CharterBuild, runs, calls),
        "parsed revisions": _formats(revisions, tuple[ParsedRevision, ...], runs, calls),
    }


def _formats(entry: object, kind: object, runs: int, calls: int) -> dict[str, float]:
    packed = msgspec.msgpack.encode(entry)
    as_json = msgspec.json.encode(entry)
    pickled = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    typed_msgpack = msgspec.msgpack.Decoder(kind)
    typed_json = msgspec.json.Decoder(kind)
    return {
        "msgpack_kb": len(packed) / 1024,
        "read msgspec msgpack, typed (used)": _median_ms(lambda: typed_msgpack.decode(packed), runs, calls),
        "read msgspec json, typed": _median_ms(lambda: typed_json.decode(as_json), runs, calls),
        "read stdlib json, dicts only": _median_ms(lambda: json.loads(as_json), runs, calls),
        "read pickle (runs code)": _median_ms(lambda: pickle.loads(pickled), runs, calls),
        "write msgspec msgpack (used)": _median_ms(lambda: msgspec.msgpack.encode(entry), runs, calls),
        "write pickle": _median_ms(lambda: pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), runs, calls),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    figures = measure(options.runs, options.calls)
    for name, values in figures.items():
        print(f"{name} ({values['msgpack_kb']:.0f} KB as MessagePack), ms per entry, median of {options.runs}:")
        for label, value in values.items():
            if label != "msgpack_kb":
                print(f"  {label:40} {value:8.3f}")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
