"""Coverage of the confidence intervals for Wright's-law alpha (run on demand, not a test).

    python benchmarks/bench_coverage.py [--reps 1500] [--boot 999] [--block-boot 499]
                                        [--seed 0] [--out benchmarks/results/coverage.json]

Simulates Wright's-law series ``ln c_t = 3 - alpha ln Q_t + e_t`` with known ``alpha = 0.5``,
``ln Q_t`` the cumulative sum of U(0.2, 0.8) increments (a growing cumulative output, drawn
afresh in every replication), at n = 9 (the paper's packaged DRAM table), 20 and 41 (the
author's annual series), with

- ``iid`` errors: N(0, 0.15^2);
- ``ar1`` errors: stationary AR(1), rho = 0.9, marginal SD 0.15 (the author's DRAM residuals
  have rho1 ~0.86, Durbin-Watson ~0.18);

and records, for every replication, whether each nominal 95% interval contains alpha:

``ols_t``         conventional OLS SE, t(n-2) (the paper's);
``nw_t``          Newey-West HAC SE (Bartlett, floor(4(n/100)^(2/9)) lags, n/(n-2)), t(n-2);
``pairs_percentile``, ``pairs_basic``, ``pairs_bca``, ``pairs_studentized``
                  iid pairs bootstrap (:func:`endodec.empirics.learning_curves.bootstrap_alpha`);
``residual_percentile``
                  residual bootstrap;
``block_moving``, ``block_stationary``
                  moving-block / stationary bootstrap percentile intervals (``arch``; block
                  length from ``optimal_block_length``), :func:`block_bootstrap_alpha`.

Writes the coverage, its Monte Carlo standard error ``sqrt(p(1-p)/reps)`` and the median
interval width per (n, errors, interval) to ``--out`` (JSON) and prints a table. The committed
``benchmarks/results/coverage.json`` was made with the defaults (1,500 replications per cell,
999 iid and 499 block resamples; 550 s on one core of a shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from endodec.empirics.learning_curves import block_bootstrap_alpha, bootstrap_alpha, fit_wright

ALPHA, SD, RHO = 0.5, 0.15, 0.9
NS = (9, 20, 41)
ERRORS = ("iid", "ar1")


def simulate(n: int, errors: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    lq = np.cumsum(rng.uniform(0.2, 0.8, n))
    if errors == "iid":
        e = rng.normal(0.0, SD, n)
    else:
        u = rng.normal(0.0, SD * np.sqrt(1 - RHO**2), n)
        e = np.empty(n)
        e[0] = rng.normal(0.0, SD)
        for t in range(1, n):
            e[t] = RHO * e[t - 1] + u[t]
    return 3.0 - ALPHA * lq + e, lq


def one(n, errors, rng, B, Bb, seed):
    y, x = simulate(n, errors, rng)
    f = fit_wright(y, x, logs=True)
    b = bootstrap_alpha(f, n_resamples=B, seed=seed)
    r = bootstrap_alpha(f, n_resamples=B, seed=seed, method="residual")
    out = {"ols_t": f.ci, "nw_t": f.ci_nw, "pairs_percentile": b.ci, "pairs_basic": b.ci_basic,
           "pairs_bca": b.ci_bca, "pairs_studentized": b.ci_studentized,
           "residual_percentile": r.ci}
    for kind in ("moving", "stationary"):
        bb = block_bootstrap_alpha(f, n_resamples=Bb, seed=seed, kind=kind)
        out[f"block_{kind}"] = bb.ci
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=1500)
    ap.add_argument("--boot", type=int, default=999)
    ap.add_argument("--block-boot", type=int, default=499)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "coverage.json"))
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    cells = []
    for n in NS:
        for errors in ERRORS:
            rng = np.random.default_rng([a.seed, n, ERRORS.index(errors)])
            hits, widths = {}, {}
            t1 = time.perf_counter()
            for i in range(a.reps):
                for k, (lo, hi) in one(n, errors, rng, a.boot, a.block_boot, i).items():
                    ok = bool(np.isfinite(lo) and np.isfinite(hi))
                    hits.setdefault(k, []).append(ok and lo <= ALPHA <= hi)
                    widths.setdefault(k, []).append(hi - lo if ok else np.nan)
            for k in hits:
                p = float(np.mean(hits[k]))
                cells.append({"n": n, "errors": errors, "interval": k, "coverage": p,
                              "mc_se": float(np.sqrt(p * (1 - p) / a.reps)),
                              "median_width": float(np.nanmedian(widths[k])),
                              "reps": a.reps})
            print(f"n = {n:>2}, {errors:>3}: {time.perf_counter() - t1:6.1f} s", flush=True)
    res = {"benchmark": "bench_coverage", "nominal": 0.95, "alpha": ALPHA, "error_sd": SD,
           "ar1_rho": RHO, "reps_per_cell": a.reps, "boot_resamples": a.boot,
           "block_boot_resamples": a.block_boot, "seed": a.seed,
           "seconds": round(time.perf_counter() - t0, 1),
           "host": platform.node(), "python": platform.python_version(), "cells": cells}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(res, indent=1) + "\n")
    names = list(dict.fromkeys(c["interval"] for c in cells))
    print(f"{'interval':<22}" + "".join(f"{f'n={n} {e}':>11}" for n in NS for e in ERRORS))
    for k in names:
        row = {(c["n"], c["errors"]): c["coverage"] for c in cells if c["interval"] == k}
        print(f"{k:<22}" + "".join(f"{row[(n, e)]:>11.3f}" for n in NS for e in ERRORS))
    return res


if __name__ == "__main__":
    main()
