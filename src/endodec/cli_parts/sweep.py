"""``endodec sweep``: evaluate the game over a parameter grid or a sample (numpy / jax / dask)."""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli_parts.common import console, fail, friendly_errors, print_json

#: Allowed ranges of the count options (also in --help).
MAX_WORKERS = 1024
MAX_CHUNK = 2**31


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep_cmd)


def sweep_cmd(
    vary: list[str] = typer.Option(
        None, "--vary", help="Grid axis 'name=start:stop[:num]' or 'name=v1,v2,...' (repeatable); "
        "N=2:50 is every integer 2..50, delta=0.05:0.8:100 is 100 points. Numbers must be finite; "
        "num is an integer in [1, 2**40]. Parameters: N a b r delta x0 S_T S_I S (ranges: N an "
        "integer in [2, 2**53]; a, b, r, delta > 0; x0, S_T, S_I, S >= 0; out-of-range grid "
        "values are kept as invalid points with a reason). Others keep the baseline N=5 a=10 "
        "b=0.5 r=0.05 delta=0.3 x0=10."),
    fix: list[str] = typer.Option(None, "--fix", help="Fix a non-varied parameter of a --vary grid, "
                                  "'name=value' (repeatable); the value must be in the "
                                  "parameter's range (see --vary)."),
    samples: Path = typer.Option(None, "--samples", help="CSV or Parquet file of parameter points "
                                 "(columns named like the parameters; other columns are carried "
                                 "through) instead of --vary."),
    backend: str = typer.Option("numpy", "--backend", help="numpy (default), jax (float64, jit; "
                                "GPU when present) or dask (LocalCluster, or --scheduler)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Address of an existing Dask "
                                  "scheduler, e.g. tcp://host:8786 (implies --backend dask)."),
    workers: int = typer.Option(2, "--workers", help="LocalCluster workers (dask, no --scheduler), "
                                "an integer in [1, 1024]."),
    chunk_size: int = typer.Option(None, "--chunk-size", help="Points per chunk, an integer in "
                                   "[1, 2**31] (default: numpy 65536, jax and dask 262144); memory "
                                   "is about 400 bytes x chunk size per chunk in flight (checked "
                                   "against ENDODEC_MAX_BYTES)."),
    convention: str = typer.Option(None, "--convention", help="Continuation value S: code "
                                   "(default), paper (S_T + S_I/(N(r+delta))) or direct (an S axis "
                                   "or column)."),
    out: Path = typer.Option(None, "--out", help="Stream per-point results to this Parquet file "
                             "(written atomically). Without it only the summary is kept. Sweeps "
                             "above ENDODEC_MAX_POINTS points (default 1e10) are refused. An "
                             "existing file is replaced only if it is an earlier endodec sweep."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --out file "
                                   "that endodec did not write."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Solve the game at every point of a grid or sample and print a summary.

    Outputs per point (in --out): V_N, V_P, T_nash, T_coop, welfare_loss, delta_W, acceleration,
    ratio (Q_N/Q_C at x0), Proposition 1 status at x0, code and reason (invalid points are kept).
    Seed 000 §3.2-3.5 / seed 001 §3.2-3.5.
    """
    from endodec.errors import ParameterError
    from endodec.sweep import sweep
    from endodec.sweep.grid import Grid, parse_spec

    if scheduler:
        backend = "dask"
    with friendly_errors():
        if not 1 <= workers <= MAX_WORKERS:
            raise ParameterError("--workers", workers, f"an integer in [1, {MAX_WORKERS}]")
        if chunk_size is not None and not 1 <= chunk_size <= MAX_CHUNK:
            raise ParameterError("--chunk-size", chunk_size, "an integer in [1, 2**31]")
        fixed = {}
        for f in fix or []:
            name, vals = parse_spec(f, option="--fix")
            if vals.size != 1:
                raise ParameterError(f"--fix {name}", f, "a single value, name=value")
            fixed[name] = float(vals[0])
        if samples is not None:
            if vary:
                fail("give either --vary or --samples, not both")
            if fix:
                fail("--fix applies to --vary grids; put fixed values in the samples file")
            src = samples
        else:
            if not vary:
                fail("nothing to sweep: give --vary name=start:stop[:num] (repeatable) or --samples FILE")
            axes = {}
            for v in vary:
                name, vals = parse_spec(v, option="--vary")
                if name in axes:
                    raise ParameterError(f"--vary {name}", v, "varied at most once")
                axes[name] = vals
            for k in fixed:
                if k in axes:
                    raise ParameterError(f"--fix {k}", fixed[k], "a parameter not also varied")
            try:
                src = Grid(axes, fixed)
            except ParameterError as e:  # name the option
                raise ParameterError(f"--fix {e.name.removeprefix('fixed ')}", e.value,
                                     e.allowed) from None
        res = sweep(src, backend=backend, chunk_size=chunk_size, scheduler=scheduler,
                    progress=progress and not as_json, out=out, convention=convention,
                    reduce=None if out is not None else "summary", n_workers=workers,
                    overwrite=overwrite)
    if as_json:
        print_json({"n_points": res.n_points, "n_valid": res.n_valid, "elapsed_s": res.elapsed_s,
                    "points_per_second": res.points_per_second, "backend": res.backend,
                    "convention": res.convention, "source": res.source,
                    "out": str(res.path) if res.path else None, **res.counts(),
                    "stats": res.stats_frame().to_dict(orient="records")})
        return
    console.print(res.summary(), highlight=False, markup=False)
