"""Benchmark: loading and validating one charter, against PyYAML and jsonschema baselines.

Every figure is the median of several runs measured in this same process, so ratios hold
on whatever machine runs it. Usage: python bench/load_validate.py [--runs N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.clock import today  # noqa: E402
from generator.load import load_charter  # noqa: E402
from generator.schema import charter_schema  # noqa: E402
from generator.validate import validate_document  # noqa: E402

CHARTER = REPO / "charters" / "maji-safi-filter-venture.yaml"


def median_ms(action: Callable[[], object], runs: int, calls: int) -> float:
    """Median over ``runs`` of the mean time of ``calls`` calls, in milliseconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            action()
        timings.append((time.perf_counter() - started) / calls * 1000)
    return statistics.median(timings)


def measure(runs: int, calls: int) -> dict[str, float]:
    source = CHARTER.read_bytes()
    text = source.decode("utf-8")
    document = load_charter(CHARTER.name, source).document
    day = today()
    return {
        "pyyaml_pure_safe_load": median_ms(lambda: yaml.load(text, Loader=yaml.SafeLoader), runs, calls),
        "pyyaml_libyaml_safe_load": median_ms(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs, calls),
        "charters_load": median_ms(lambda: load_charter(CHARTER.name, source), runs, calls),
        "jsonschema_validate_each_call": median_ms(
            lambda: jsonschema.validate(document.data, charter_schema()), runs, calls
        ),
        "charters_validate": median_ms(lambda: validate_document(document, day), runs, calls),
        "charters_load_and_validate": median_ms(
            lambda: validate_document(load_charter(CHARTER.name, source).document, day), runs, calls
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    figures = measure(options.runs, options.calls)
    size = CHARTER.stat().st_size
    print(f"{CHARTER.name}: {size:,} bytes; median of {options.runs} runs of {options.calls} calls")
    for name, milliseconds in figures.items():
        print(f"  {name:32} {milliseconds:8.3f} ms")
    print(
        f"  load vs pure-Python PyYAML:      {figures['pyyaml_pure_safe_load'] / figures['charters_load']:.1f}x faster"
    )
    print(
        f"  load vs libyaml PyYAML:          {figures['charters_load'] / figures['pyyaml_libyaml_safe_load']:.2f}x the time"
    )
    print(
        f"  validate vs jsonschema.validate: {figures['jsonschema_validate_each_call'] / figures['charters_validate']:.1f}x faster"
    )
    if options.json:
        options.json.write_text(json.dumps({"charter_bytes": size, "median_ms": figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
