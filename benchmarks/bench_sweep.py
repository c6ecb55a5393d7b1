"""Benchmark of parameter sweeps (run on demand, not a test).

    python benchmarks/bench_sweep.py [--max-m 1e8] [--backends numpy jax dask1 dask2]
                                     [--chunk-size 65536] [--kernel-only] [--out DIR]

Measures points/second of :func:`endodec.sweep.sweep` end to end (grid generation, S via
GameParams, the closed-form kernel, Proposition-1 status, streaming summary statistics:
``reduce="summary"``, so nothing of size M is kept) at M = 1e4, 1e5, ... up to ``--max-m``, for

- ``numpy``: one process, one thread (OMP_NUM_THREADS=1);
- ``jax``: jax.numpy float64 + jit on the default JAX device (CPU here; the GPU when JAX sees one
  -- then it is reported as ``jax-gpu``); compile time is measured separately and excluded;
- ``dask1`` / ``dask2``: dask.distributed LocalCluster with 1 / 2 worker processes (1 thread each);
  cluster start-up is excluded.

Each (backend, M) runs in a fresh subprocess so that its peak resident memory (``ru_maxrss`` of
the process, and of its terminated children = dask workers) is its own. ``--kernel-only`` adds the
kernel throughput with inputs already in place (numpy: ``bench_game.throughput``; jax: arrays
resident on the device, ``block_until_ready``), which is the number to compare with the GPU target.

On a CUDA machine (after ``pip install "jax[cuda12]"``) the same command measures the GPU::

    python benchmarks/bench_sweep.py --backends jax --max-m 1e8 --kernel-only --kernel-max-m 1e9

The fused JAX sweep (every step of a chunk in one compiled function, ``endodec.sweep.fused``)
against its kernel-only rate at M = 1e7, with the ratio end-to-end / kernel-only per backend
(``e2e_over_kernel``; the goal for JAX CPU is >= 0.8), pinned to one core and one XLA thread so
that both numbers are per core and measured back to back in the same conditions::

    taskset -c 1 env XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \
        python benchmarks/bench_sweep.py --backends numpy jax --min-m 1e7 --max-m 1e7 \
        --kernel-only --kernel-max-m 1e7 --paired 5 --name sweep_fused_vm

``--paired 5`` adds five rounds, each one sweep then one kernel-only pass at each call size, in
the sweep's own process (``runs[0]["paired"]``: each round's ratio and their median): the two
rates under the same conditions (the median ratio is robust to the load drifting between them).

The jax kernel-only rate is the kernel at its best call size (8192 to 65536 points per call on
CPU, each measured best of 3; the fastest counts) computing the outputs the sweep computes. The
end-to-end rate follows the same rule: ``--repeats`` sweeps (default 3) after the compile, the
fastest counts (``points_per_s``); their median is kept too (``points_per_s_median``,
``e2e_median_over_kernel``). A single run, as before this rule, is ``--repeats 1``.

``--outputs T_N,T_C`` passes ``outputs=`` to the sweep (outputs on demand); ``--source samples``
sweeps a random sample of the grid's ranges (:func:`sample_frame`) instead of the grid: N, delta,
x0 and r vary per point, where the grid of M = 1e7 has three axes (N, delta, x0) and r fixed;
``--sample-columns N,delta,x0`` samples the grid's three, so both sweeps ask the same of the
kernel (a fixed value is one scalar for XLA: what depends only on fixed values is computed once).

Per-core figures: pin the whole run to one CPU (XLA otherwise spreads a call over all cores)::

    taskset -c 0 python benchmarks/bench_sweep.py --backends numpy jax --max-m 1e6 --kernel-only --tag 1core

Writes ``benchmarks/results/sweep_<host>[_<tag>].json`` (or ``<name>.json``) and prints the same
JSON to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

HERE = Path(__file__).resolve().parent


def grid_specs(M: int) -> list[str]:
    """Axis specs of a grid with exactly M points (M a power of ten >= 1e4)."""
    specs = ["N=2:101", "delta=0.05:0.8:100"]  # 1e4 points
    rest = M // 10_000
    if rest > 1000:
        specs += ["x0=0.1:200:1000", f"r=0.01:0.2:{rest // 1000}"]
    elif rest > 1:
        specs += [f"x0=0.1:200:{rest}"]
    return specs


#: the columns of :func:`sample_frame` (``--sample-columns``: any of them)
SAMPLE_COLUMNS = ("N", "delta", "x0", "r")


def sample_frame(M: int, seed: int = 0, columns=SAMPLE_COLUMNS):
    """A sample of M random points over the ranges of :func:`grid_specs` (``N`` integer), so
    each point is validated and its S computed per point (no axis tables); ``columns``: those
    of :data:`SAMPLE_COLUMNS` to keep (the others take their defaults)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"N": rng.integers(2, 102, M).astype(float),
                       "delta": rng.uniform(0.05, 0.8, M), "x0": rng.uniform(0.1, 200.0, M),
                       "r": rng.uniform(0.01, 0.2, M)})
    return df[[c for c in SAMPLE_COLUMNS if c in columns]]


def _maxrss_mib(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: KiB


def run_one(backend: str, M: int, chunk_size: int, outputs: str | None = None,
            source: str = "grid", repeats: int = 1, paired: int = 0,
            sample_columns=SAMPLE_COLUMNS) -> dict:
    """One measurement in this process (called in a subprocess by ``main``); ``source``:
    ``"grid"`` (:func:`grid_specs`) or ``"samples"`` (:func:`sample_frame`, built untimed).
    The sweep runs ``repeats`` times back to back; ``points_per_s`` is the fastest run (the
    rule of the kernel-only rate, best of 3), ``points_per_s_median`` the median, and
    ``elapsed_all_s`` every run. ``paired`` > 0 (jax): then that many rounds of one sweep
    followed by one kernel-only pass at each call size (:func:`_jax_kernel_fn`), in this
    process, so each round's ratio compares the two under the same conditions (``paired``:
    the rates, the ratios and their median)."""
    import numpy as np  # noqa: F401

    from endodec.sweep import sweep
    from endodec.sweep.grid import Grid

    grid = (Grid.from_specs(grid_specs(M)) if source == "grid"
            else sample_frame(M, columns=sample_columns))
    assert len(grid) == M if source != "grid" else grid.size == M
    from endodec.sweep.backends import DEFAULT_CHUNK

    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK["dask" if backend.startswith("dask") else backend]
    rec: dict = {"backend": backend, "M": M, "chunk_size": chunk_size, "outputs": outputs,
                 "source": source}
    if source == "samples":
        rec["sample_columns"] = list(grid.columns)
    kw: dict = {"chunk_size": chunk_size, "progress": False, "reduce": "summary",
                "outputs": outputs.split(",") if outputs else None}
    client = cluster = None
    if backend == "jax":
        import jax

        from endodec.sweep.backends import _jax_kernel

        _jax_kernel()
        rec["device"] = str(jax.devices()[0])
        if jax.default_backend() == "gpu":
            rec["backend"] = "jax-gpu"
        t = time.perf_counter()
        # compile for this sweep: the grid's layout and chunk shape min(chunk, M) (chunks are
        # padded to it): the first chunk of the same grid
        from endodec.sweep.fused import run_fused
        from endodec.sweep.points import resolve_outputs

        run_fused(grid, [(0, min(chunk_size, M))], "code", "summary", lambda res, n: None,
                  info={}, outputs=resolve_outputs(kw["outputs"]))
        rec["compile_s"] = time.perf_counter() - t
        kw["backend"] = "jax"
    elif backend.startswith("dask"):
        from distributed import Client, LocalCluster

        n = int(backend[4:] or 2)
        t = time.perf_counter()
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        kw.update(backend="dask", scheduler=client)
        sweep(Grid.from_specs(["x0=1:10:64"]), **kw)  # workers import endodec
        rec["startup_s"] = time.perf_counter() - t
    else:
        kw["backend"] = "numpy"
    rec["loadavg_1min_before"] = os.getloadavg()[0]
    elapsed = []
    for _ in range(max(1, repeats)):
        t = time.perf_counter()
        res = sweep(grid, **kw)
        elapsed.append(time.perf_counter() - t)
    rec["elapsed_all_s"] = elapsed
    rec["elapsed_s"] = min(elapsed)
    rec["jax_block"] = res.info.get("jax_block")
    rec["loadavg_1min_after"] = os.getloadavg()[0]
    rec["points_per_s"] = M / rec["elapsed_s"]
    rec["points_per_s_median"] = M / statistics.median(elapsed)
    if paired and backend == "jax":
        f, dev, _, want, batches = _jax_kernel_fn(outputs)
        args = {b: _jax_kernel_args(dev, min(M, b)) for b in batches}
        e2e, ko = [], []
        for _ in range(paired):
            t = time.perf_counter()
            sweep(grid, **kw)
            e2e.append(M / (time.perf_counter() - t))
            ko.append(max(_kernel_pass(f, args[b], M) for b in batches))
        ratios = [e / k for e, k in zip(e2e, ko, strict=True)]
        rec["paired"] = {"rounds": paired, "e2e_points_per_s": e2e,
                         "kernel_points_per_s": ko, "kernel_outputs": list(want),
                         "ratios": ratios, "median_ratio": statistics.median(ratios)}
    rec["n_valid"] = res.n_valid
    if client is not None:
        client.close()
        cluster.close()
    rec["peak_rss_mib"] = _maxrss_mib(resource.RUSAGE_SELF)
    rec["peak_rss_children_mib"] = _maxrss_mib(resource.RUSAGE_CHILDREN)
    return rec


def _jax_kernel_fn(outputs: str | None = None):
    """The jitted kernel computing the outputs the sweep computes for ``outputs`` (those and
    the Proposition 1 inputs), its device, the backend name, those outputs and the call sizes
    to try. CPU: the kernel at its best call size (cache-resident; 2^20-point calls run ~4x
    slower): each of 8192-65536 points is measured and the fastest is the kernel-only rate, so
    the sweep's own block size (JAX_CPU_BLOCK) never handicaps the denominator."""
    import jax
    import jax.numpy as jnp

    from endodec.model import kernel
    from endodec.sweep.backends import JAX_CPU_BLOCK, _jax_kernel
    from endodec.sweep.points import _kernel_request, resolve_outputs

    _jax_kernel()  # float64
    want = _kernel_request(resolve_outputs(outputs.split(",") if outputs else None))
    f = jax.jit(lambda *a: kernel.game_kernel(*a, xp=jnp, outputs=want))
    dev = jax.devices()[0]
    name = "jax-gpu" if jax.default_backend() == "gpu" else "jax-cpu"
    batches = [1 << 26] if name == "jax-gpu" else sorted({8192, 16384, 32768, 65536,
                                                           JAX_CPU_BLOCK})
    return f, dev, name, want, batches


def _jax_kernel_args(dev, batch: int):
    """``batch`` random kernel inputs (bench_game.random_points), resident on ``dev``."""
    import jax
    import jax.numpy as jnp

    sys.path.insert(0, str(HERE))
    from bench_game import random_points

    return [jax.device_put(jnp.asarray(a), dev) for a in random_points(batch, seed=3)]


def _kernel_pass(f, args, M: int) -> float:
    """Points/s of one pass of ``f`` over about ``M`` points in calls of ``len(args[0])``
    (compiled on first use, untimed); every call is blocked on, so the outputs of queued calls
    never pile up."""
    import jax

    batch = int(args[0].shape[0])
    jax.block_until_ready(f(*args))  # compile (cached after the first call)
    reps = max(1, M // batch)
    t = time.perf_counter()
    for _ in range(reps):
        jax.block_until_ready(f(*args))
    return reps * batch / (time.perf_counter() - t)


def kernel_only(backends, max_m: int, outputs: str | None = None) -> dict:
    """Kernel throughput with inputs in place (numpy: bench_game.throughput, all outputs; jax: on
    device, the outputs the sweep computes for ``outputs``: those and the Proposition 1 inputs).
    """
    sys.path.insert(0, str(HERE))
    from bench_game import throughput

    out: dict = {}
    if "numpy" in backends:
        out["numpy"] = {str(m): throughput(m) for m in (10**6,)}
    if "jax" in backends:
        f, dev, name, want, batches = _jax_kernel_fn(outputs)
        res = {"device": str(dev), "kernel_outputs": list(want)}
        M = 10**6
        while M <= max(max_m, 10**6):
            per = {}
            for batch_max in batches:
                args = _jax_kernel_args(dev, min(M, batch_max))
                per[str(min(M, batch_max))] = max(_kernel_pass(f, args, M) for _ in range(3))
            res[str(M)] = max(per.values())
            res[f"{M}_by_batch"] = per
            M *= 10
        out[name] = res
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-m", type=float, default=1e8, help="largest sweep size (power of ten)")
    ap.add_argument("--min-m", type=float, default=1e4)
    ap.add_argument("--backends", nargs="*", default=["numpy", "jax", "dask1", "dask2"])
    ap.add_argument("--chunk-size", type=int, default=None,
                    help="points per chunk (default: the backend's DEFAULT_CHUNK)")
    ap.add_argument("--kernel-only", action="store_true", help="also measure kernel-only throughput")
    ap.add_argument("--kernel-max-m", type=float, default=None,
                    help="largest M of the kernel-only jax measurement (default --max-m)")
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--tag", default="", help="suffix of the result file (sweep_<host>_<tag>.json)")
    ap.add_argument("--name", default=None, help="name of the result file (<name>.json)")
    ap.add_argument("--outputs", default=None, help="comma-separated sweep outputs (default all)")
    ap.add_argument("--source", choices=("grid", "samples"), default="grid",
                    help="sweep a grid (default) or a random sample of the same ranges")
    ap.add_argument("--sample-columns", default=",".join(SAMPLE_COLUMNS),
                    help="--source samples: the columns that vary per point (default "
                         "N,delta,x0,r; the grid's axes are N,delta,x0)")
    ap.add_argument("--repeats", type=int, default=3,
                    help="end-to-end runs per (backend, M) after the first compile; the fastest "
                         "counts, as in the kernel-only rate (default 3)")
    ap.add_argument("--paired", type=int, default=0,
                    help="jax: also N rounds of one sweep then one kernel-only pass, in the same "
                         "process; reports each round's ratio and their median")
    ap.add_argument("--one", nargs=2, metavar=("BACKEND", "M"), help=argparse.SUPPRESS)
    ap.add_argument("--one-chunk", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        cs = None if a.one_chunk in (None, "None") else int(a.one_chunk)
        print(json.dumps(run_one(a.one[0], int(float(a.one[1])), cs, a.outputs, a.source,
                                a.repeats, a.paired, a.sample_columns.split(","))))
        return
    import numpy as np

    res = {"host": socket.gethostname(), "cpu": platform.processor() or platform.machine(),
           "cpu_count": os.cpu_count(), "numpy": np.__version__, "python": platform.python_version(),
           "loadavg_start": os.getloadavg(), "threads": os.environ.get("OMP_NUM_THREADS"),
           "chunk_size": a.chunk_size, "cpus_usable": len(os.sched_getaffinity(0)),
           "xla_flags": os.environ.get("XLA_FLAGS"), "source": a.source, "runs": []}
    try:
        import jax

        res["jax"] = jax.__version__
        res["jax_devices"] = [str(d) for d in jax.devices()]
    except ImportError:
        res["jax"] = None
    M = int(a.min_m)
    sizes = []
    while M <= int(a.max_m):
        sizes.append(M)
        M *= 10
    for backend in a.backends:
        for M in sizes:
            cmd = [sys.executable, __file__, "--one", backend, str(M), "--one-chunk",
                   str(a.chunk_size), "--source", a.source, "--repeats", str(a.repeats),
                   "--paired", str(a.paired), "--sample-columns", a.sample_columns] + (
                       ["--outputs", a.outputs]
                                                                if a.outputs else [])
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                rec = {"backend": backend, "M": M, "error": p.stderr.strip().splitlines()[-1:]}
            else:
                rec = json.loads(p.stdout.strip().splitlines()[-1])
            res["runs"].append(rec)
            print(json.dumps(rec), file=sys.stderr, flush=True)
    if a.kernel_only:
        kb = [b for b in a.backends if b in ("numpy", "jax")]
        res["kernel_only_points_per_s"] = ko = kernel_only(kb, int(a.kernel_max_m or a.max_m), a.outputs)
        # end to end / kernel only at each M measured both ways (the fused JAX goal: >= 0.8)
        res["e2e_over_kernel"] = {}
        for rec in res["runs"]:
            name = "jax-cpu" if rec["backend"] == "jax" else rec["backend"]
            k = ko.get(name, {}).get(str(rec["M"])) or ko.get(name, {}).get("1000000")
            if k and "points_per_s" in rec:
                key = f"{rec['backend']}@{rec['M']:.0e}"
                res["e2e_over_kernel"][key] = rec["points_per_s"] / k
                res.setdefault("e2e_median_over_kernel", {})[key] = rec["points_per_s_median"] / k
    res["loadavg_end"] = os.getloadavg()
    res["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    Path(a.out).mkdir(parents=True, exist_ok=True)
    path = Path(a.out) / (f"{a.name}.json" if a.name else
                          f"sweep_{res['host']}{'_' + a.tag if a.tag else ''}.json")
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(res, indent=1))
    os.replace(tmp, path)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
