"""Cold ``endodec reproduce`` on the packaged data: wall and CPU time of fresh processes.

Run on demand (never from the test suite)::

    python benchmarks/bench_reproduce.py [--repeats 3] [--src SRC] [--out FILE]

Each repeat runs ``python -m endodec reproduce --out <tmp>`` in a new process (imports, data
loading, every analysis, figures, report), so caches of an earlier run do not help. The JSON
written to ``benchmarks/results/reproduce_vm.json`` holds the per-repeat wall and CPU seconds
(children included), their medians, the per-analysis ``timings_s`` of the median run, the load
average before and after each repeat (``os.getloadavg()``), the number of cores and the git
commit. The machine may be shared: read the times together with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commit(src: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_once(src: Path) -> dict:
    """One cold ``endodec reproduce`` in a fresh process; wall, CPU and the manifest timings."""
    env = dict(os.environ, PYTHONPATH=str(src / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        load0 = os.getloadavg()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "endodec", "reproduce", "--out", str(out)],
                       env=env, check=True, capture_output=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_before": load0,
            "load_after": os.getloadavg(), "total_seconds": manifest.get("total_seconds"),
            "timings_s": manifest.get("timings_s", {})}


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark and write its JSON; return the record."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--src", type=Path, default=ROOT, help="checkout whose src/ is timed")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/reproduce_vm.json")
    args = ap.parse_args(argv)
    runs = [run_once(args.src) for _ in range(args.repeats)]
    walls = [r["wall_s"] for r in runs]
    median = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
    rec = {
        "benchmark": "cold `endodec reproduce --out <tmp>` on the packaged data, fresh process",
        "commit": _commit(args.src),
        "cores": os.cpu_count(),
        "repeats": args.repeats,
        "median_wall_s": statistics.median(walls),
        "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "goal_wall_s": 20.0,
        "runs": [{k: v for k, v in r.items() if k != "timings_s"} for r in runs],
        "timings_s_of_median_run": median["timings_s"],
        "note": "shared machine: compare times with load_before/load_after (1-min load average)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rec, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: rec[k] for k in ("commit", "cores", "median_wall_s", "median_cpu_s")}
                     | {"loads": [r["load_before"][0] for r in runs]}))
    return rec


if __name__ == "__main__":
    main()
