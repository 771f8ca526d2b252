"""One `charters build` of the repository in the current folder, timed stage by stage.

Prints JSON: seconds from each progress message the build reports to the next, named by
the message's first word, and the total. scale.py runs it for the cold and the warm build,
with each engine.

    python bench/stages.py [mkdocs|zensical]
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

started = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import build  # noqa: E402 (timed from before the import)
from generator.clock import today  # noqa: E402
from generator.engines import Engine  # noqa: E402

# A progress message's first word → the stage it starts.
STAGES = {
    "imports": "start Python and import",
    "reading": "read charters, history and cache",
    "checking": "check, parse, model and render changed charters",
    "running": "engine",
    "finishing": "direct pages, data files, swap",
}


def main() -> None:
    marks = [("imports", started)]
    engine = Engine(sys.argv[1]) if len(sys.argv) > 1 else None
    build(
        Path.cwd(),
        Path.cwd() / "site",
        today(),
        lambda message: marks.append((message, time.perf_counter())),
        engine=engine,
    )
    marks.append(("end", time.perf_counter()))
    stages = {
        STAGES.get(name.split()[0], name): round(following - at, 3)
        for (name, at), (_, following) in itertools.pairwise(marks)
    }
    print(json.dumps({**stages, "total": round(marks[-1][1] - started, 3)}))


if __name__ == "__main__":
    main()
