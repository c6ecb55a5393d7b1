"""Incremental re-runs of ``endodec reproduce`` on the packaged data (issue: run configuration).

Run on demand (never from the test suite)::

    python benchmarks/bench_rerun.py [--out FILE]

Three fresh processes of ``python -m endodec reproduce`` share one cache directory:

1. *cold*: an empty cache (every analysis computed);
2. *warm*: the same configuration again (every analysis from the cache);
3. *set*: ``--set game.delta=0.2`` (only the analyses that read ``[game]`` recomputed).

Writes wall and CPU seconds of each, the cache states (hits / computed) and the load average to
``benchmarks/results/rerun_vm.json``. Goals on the 2-core VM: cold <= 30 s, warm <= 3 s,
set <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(out: Path, cache: Path, *extra: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "endodec", "reproduce", "--out", str(out), "--cache",
                    str(cache), *extra], check=True, capture_output=True, cwd=out.parent)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    states = json.loads((out / "manifest.json").read_text())["cache"]["states"]
    return {"wall_s": round(wall, 2),
            "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
            "from_cache": sum(v == "hit" for v in states.values()),
            "computed": sum(v != "hit" for v in states.values()),
            "recomputed": sorted(k for k, v in states.items() if v != "hit"),
            "load_before": round(load0, 2), "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "rerun_vm.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        res = {"cold": _run(t / "a", t / "cache"), "warm": _run(t / "b", t / "cache"),
               "set_game_delta_0.2": _run(t / "c", t / "cache", "--set", "game.delta=0.2")}
    res["cores"] = os.cpu_count()
    res["commit"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                   text=True).stdout.strip()
    args.out.write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
