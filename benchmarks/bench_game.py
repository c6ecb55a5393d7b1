"""Benchmark of the closed-form game kernel (run on demand, not a test).

    python benchmarks/bench_game.py [--sizes 1e3 1e5 1e6] [--accuracy 300] [--peers]

Reports points/second for (V_N(x0), V_P(x0), T_N, T_C) with NumPy on one core (chunked), the
relative error against an mpmath reference on random valid points (including points near the
domain boundaries), and optionally the two peers: fixed-step RK4 + quadrature (like the author's
script) and scipy solve_ivp + quad. Writes benchmarks/results/game_<host>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from endodec.model.kernel import game_kernel  # noqa: E402


def random_points(M: int, seed: int = 0, edge_frac: float = 0.2):
    rng = np.random.default_rng(seed)
    N = rng.integers(2, 50, M).astype(float)
    a = rng.uniform(0.5, 50, M)
    b = rng.uniform(0.05, 5, M)
    r = rng.uniform(0.005, 0.5, M)
    frac = rng.uniform(0, 1, M)
    edge = rng.uniform(size=M) < edge_frac  # near the Nash domain boundary / S -> 0
    frac = np.where(edge, np.where(rng.uniform(size=M) < 0.5, 1 - 10 ** rng.uniform(-12, -3, M),
                                   10 ** rng.uniform(-14, -3, M)), frac)
    S = frac * a * a / (b * r * (N + 1) ** 2)
    x0 = 10 ** rng.uniform(-6, 2.5, M)
    return N, a, b, r, S, x0


def throughput(M: int, chunk: int = 16384, repeat: int = 3) -> float:
    args = random_points(M)
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        for i in range(0, M, chunk):
            game_kernel(*(v[i:i + chunk] for v in args))
        best = min(best, time.perf_counter() - t)
    return M / best


def accuracy(n: int) -> dict:
    from endodec.model.game import GameParams
    from endodec.model.verify import mp_reference

    args = random_points(n, seed=1, edge_frac=0.4)
    out = game_kernel(*args)
    worst = {k: 0.0 for k in ("V_N", "V_P", "T_N", "T_C")}
    for i in range(n):
        p = GameParams(N=args[0][i], a=args[1][i], b=args[2][i], r=args[3][i], S=args[4][i],
                       x0=args[5][i], convention="direct")
        ref = mp_reference(p, dps=30)
        for k in worst:
            worst[k] = max(worst[k], abs(out[k][i] - ref[k]) / abs(ref[k]))
    return {"points": n, "max_rel_error": worst}


def peers(n: int = 20) -> dict:
    from scipy.integrate import quad

    from endodec.model.game import GameParams
    from endodec.model.verify import dV_coop, dV_nash, rk4, solve_ode

    args = random_points(n, seed=2, edge_frac=0.0)
    ps = [GameParams(N=args[0][i], a=args[1][i], b=args[2][i], r=args[3][i], S=args[4][i],
                     x0=min(args[5][i], 50), convention="direct") for i in range(n)]
    t = time.perf_counter()
    for p in ps:
        for kind in ("nash", "coop"):
            sol = rk4(p, kind, 2000)
            f = dV_nash if kind == "nash" else dV_coop
            N, a, b, r = (float(v) for v in (p.N, p.a, p.b, p.r))
            dv = f(sol["V"], N, a, b, r)
            Q = N * (a - dv) / (b * (N + 1)) if kind == "nash" else (a - N * dv) / (2 * b)
            np.trapezoid(1 / Q, sol["x"])
    rk = n / (time.perf_counter() - t)
    t = time.perf_counter()
    for p in ps:
        solve_ode(p, "nash", x=[float(p.x0)], rtol=1e-10, atol=1e-12)
        solve_ode(p, "coop", x=[float(p.x0)], rtol=1e-10, atol=1e-12)
    ivp = n / (time.perf_counter() - t)
    del quad
    return {"rk4_2000_steps_points_per_s": rk, "solve_ivp_quad_points_per_s": ivp}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", nargs="*", type=float, default=[1e3, 1e5, 1e6])
    ap.add_argument("--accuracy", type=int, default=300)
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results"))
    a = ap.parse_args()
    res = {"host": socket.gethostname(), "cpu": platform.processor() or platform.machine(),
           "numpy": np.__version__, "threads": os.environ.get("OMP_NUM_THREADS"),
           "throughput_points_per_s": {}}
    for M in a.sizes:
        res["throughput_points_per_s"][f"{int(M):d}"] = throughput(int(M))
        print(f"M={int(M):>10d}: {res['throughput_points_per_s'][f'{int(M):d}']:.3e} points/s")
    # one call on all M points (what a user calling game_kernel / solve on big arrays gets; the
    # kernel blocks internally in NUMPY_BLOCK points)
    M1 = int(max(a.sizes))
    res["one_call_points_per_s"] = {f"{M1:d}": throughput(M1, chunk=M1)}
    print(f"M={M1:>10d} in one call: {res['one_call_points_per_s'][f'{M1:d}']:.3e} points/s")
    if a.accuracy:
        res["accuracy"] = accuracy(a.accuracy)
        print("max relative error vs mpmath:", res["accuracy"]["max_rel_error"])
    if a.peers:
        res["peers"] = peers()
        print("peers:", res["peers"])
    Path(a.out).mkdir(parents=True, exist_ok=True)
    p = Path(a.out) / f"game_{res['host']}.json"
    tmp = p.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(res, indent=1))
    os.replace(tmp, p)
    print("wrote", p)


if __name__ == "__main__":
    main()
