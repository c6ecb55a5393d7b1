"""Cold ``endodec reproduce`` on the packaged data: wall and CPU time of fresh processes.

Run on demand (never from the test suite)::

    python benchmarks/bench_reproduce.py [--repeats 3] [--jobs auto 1] [--src SRC] [--out FILE]
                                         [--base BASE_SRC] [--base-jobs J]

Each repeat runs ``python -m endodec reproduce --out <tmp> --jobs J`` for each ``J`` of
``--jobs`` (default: ``auto``, the command's default, and ``1``, everything in one process),
interleaved, in a new process (with ``--base``, a run of another checkout, e.g. the commit
before a change, ``git archive <commit> | tar -x -C BASE_SRC``, with ``--jobs 1``, or
``--base-jobs``, joins each repeat, so before and after are timed under the same load; imports, data
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
    except (OSError, subprocess.CalledProcessError):  # an exported tree: its COMMIT file
        f = src / "COMMIT"
        return f.read_text(encoding="utf-8").strip() if f.is_file() else "unknown"


def run_once(src: Path, jobs: str = "auto", label: str | None = None) -> dict:
    """One cold ``endodec reproduce --jobs JOBS`` in a fresh process; wall, CPU (the workers'
    included) and the manifest timings."""
    env = dict(os.environ, PYTHONPATH=str(src / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        load0 = os.getloadavg()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "endodec", "reproduce", "--out", str(out),
                        "--jobs", str(jobs)], env=env, check=True, capture_output=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"jobs": label or str(jobs), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_before": load0,
            "load_after": os.getloadavg(), "total_seconds": manifest.get("total_seconds"),
            "timings_s": manifest.get("timings_s", {})}


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark and write its JSON; return the record."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--jobs", nargs="+", default=["auto", "1"],
                    help="--jobs settings to time (each repeat runs them all, interleaved)")
    ap.add_argument("--src", type=Path, default=ROOT, help="checkout whose src/ is timed")
    ap.add_argument("--base", type=Path, default=None,
                    help="another checkout timed in each repeat (label 'base')")
    ap.add_argument("--base-jobs", default="1", help="--jobs of the base runs (default 1)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/reproduce_vm.json")
    args = ap.parse_args(argv)
    runs = []
    for _ in range(args.repeats):
        if args.base is not None:
            runs.append(run_once(args.base, args.base_jobs, label="base"))
        runs += [run_once(args.src, j) for j in args.jobs]
    labels = (["base"] if args.base is not None else []) + [str(j) for j in args.jobs]
    by_jobs = {}
    for j in labels:
        rs = [r for r in runs if r["jobs"] == str(j)]
        median = sorted(rs, key=lambda r: r["wall_s"])[len(rs) // 2]
        by_jobs[str(j)] = {"median_wall_s": statistics.median(r["wall_s"] for r in rs),
                           "median_cpu_s": statistics.median(r["cpu_s"] for r in rs),
                           "walls_s": [r["wall_s"] for r in rs],
                           "timings_s_of_median_run": median["timings_s"]}
    first = by_jobs[str(args.jobs[0])]
    rec = {
        "benchmark": "cold `endodec reproduce --out <tmp> --jobs J` on the packaged data, "
                     "fresh process",
        "commit": _commit(args.src),
        "base": None if args.base is None else {"src": str(args.base),
                                                 "commit": _commit(args.base),
                                                 "jobs": str(args.base_jobs)},
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "repeats": args.repeats,
        "median_wall_s": first["median_wall_s"],
        "median_cpu_s": first["median_cpu_s"],
        "goal_wall_s": 20.0,
        "by_jobs": by_jobs,
        "runs": [{k: v for k, v in r.items() if k != "timings_s"} for r in runs],
        "note": "shared machine: compare times with load_before/load_after (1-min load "
                "average); median_* are those of the first --jobs setting",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rec, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: rec[k] for k in ("commit", "cores", "median_wall_s", "median_cpu_s")}
                     | {"by_jobs": {j: v["walls_s"] for j, v in by_jobs.items()},
                        "loads": [r["load_before"][0] for r in runs]}))
    return rec


if __name__ == "__main__":
    main()
