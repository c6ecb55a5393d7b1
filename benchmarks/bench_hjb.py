"""Benchmark of the numerical MPE solver (run on demand, not a test).

    python benchmarks/bench_hjb.py [--n 2000] [--repeat 20]

Times one :func:`endodec.model.hjb.solve_hjb` call (both regimes, the paper's baseline, order 2)
at ``n`` grid points on one core (OMP/BLAS threads = 1), and records the relative error against
the closed form. Goal: <= 50 ms at 2,000 points. Writes benchmarks/results/hjb_vm.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

import endodec as ed  # noqa: E402
from endodec.model.hjb import solve_hjb  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "hjb_vm.json"))
    a = ap.parse_args()
    p = ed.GameParams()
    solve_hjb(p, n=a.n)  # warm-up (imports)
    times = []
    for _ in range(a.repeat):
        t = time.perf_counter()
        sol = solve_hjb(p, n=a.n)
        times.append(time.perf_counter() - t)
    nash, coop = ed.nash(p), ed.cooperative(p)
    err = max(float(np.max(np.abs(sol.V_N / nash.V(sol.x) - 1))),
              float(np.max(np.abs(sol.V_P / coop.V(sol.x) - 1))),
              float(np.max(np.abs(sol.Q_C / coop.Q(sol.x) - 1))),
              abs(sol.T_C0 / float(coop.crossing_time()) - 1))
    res = {"n": a.n, "repeat": a.repeat, "median_ms": 1e3 * float(np.median(times)),
           "min_ms": 1e3 * float(np.min(times)), "goal_ms": 50.0,
           "newton_iterations": {"nash": sol.nash.iterations, "coop": sol.coop.iterations},
           "max_rel_error_vs_closed_form": err, "python": platform.python_version(),
           "machine": platform.machine(), "cpus_visible": os.cpu_count()}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
