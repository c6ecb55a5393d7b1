r"""Sweep engine: the closed-form game kernel over millions of parameter points, chunk by chunk.

:func:`sweep` checks its arguments and the size of the sweep (before anything is allocated), cuts
the grid or sample into chunks and runs the loop: the backend's runner
(:mod:`endodec.sweep.backends`: ``"numpy"``, ``"jax"``, ``"dask"``) evaluates each chunk
(:mod:`endodec.sweep.points`: validation by the rule of :func:`endodec.model.game.solve`, the
continuation value, the outputs and Proposition 1 status per point), and each result goes to the
sink: the Parquet stream or the in-memory frame (:mod:`endodec.sweep.output`) and the streaming
statistics (:mod:`endodec.sweep.stats`). What comes back is a :class:`SweepResult`.

Memory bound
------------
Per point the numpy backend holds the inputs (up to 9 float64), the kernel's temporaries and
the 19 output columns: the peak traced allocation while evaluating a chunk is about 350 bytes per
point (measured with ``tracemalloc``; ``tests/sweep`` asserts it stays below
``BYTES_PER_POINT`` = 400). The numpy backend (and each dask task) evaluates a chunk in blocks
of :data:`~endodec.sweep.backends.NUMPY_BLOCK` = 8192 points, so the kernel's working set is
about 3 MiB whatever the size of the sweep, plus the retained result: ~170 bytes per point for a
DataFrame (so use ``out=...parquet`` or ``reduce="summary"`` beyond ~10^7 points). The dask
backend holds at most ``2 n_workers + 2`` chunks in flight (x 400 bytes x chunk_size).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from endodec._io import check_file_target
from endodec._limits import check_size, max_points
from endodec.errors import ParameterError, SizeLimitError
from endodec.results import ResultBase
from endodec.sweep.backends import BACKENDS, DEFAULT_CHUNK, RUNNERS
from endodec.sweep.grid import PARAMS, Grid, load_samples
from endodec.sweep.output import (
    _frame,
    _ParquetSink,
    _Progress,
    _remove_stale_parts,
    parquet_is_own,
)
from endodec.sweep.points import (
    _KERNEL_COLS,
    PROP1_STATUS,
    REASONS,
    SUMMARY_COLS,
    _resolve_convention,
    resolve_outputs,
)
from endodec.sweep.stats import chunk_stats, merge_stats, stats_frame

__all__ = ["BYTES_PER_POINT", "MAX_CHUNK", "MAX_WORKERS", "SweepResult", "max_points", "sweep"]

#: Measured peak traced bytes per point of a numpy chunk (see module docstring).
BYTES_PER_POINT = 400

#: Largest ``chunk_size`` accepted (a chunk's memory is about ``BYTES_PER_POINT`` x its size and
#: is also checked against ``ENDODEC_MAX_BYTES``).
MAX_CHUNK = 2**31
#: Largest ``n_workers`` of a LocalCluster.
MAX_WORKERS = 1024
#: Points per second per core used for the time estimate in messages (kernel benchmark).
_RATE = 4e6


def _count(name: str, v, lo: int, hi: int) -> int:
    """``v`` as an integer in ``[lo, hi]`` (ints, or floats with an integer value), else
    :class:`ParameterError` naming ``name``."""
    ok = not isinstance(v, (bool, np.bool_)) and isinstance(v, (int, float, np.integer, np.floating))
    if ok:
        fv = float(v)
        ok = fv == fv and lo <= fv <= hi and fv == int(fv)
    if not ok:
        raise ParameterError(name, v, f"an integer in [{lo}, {hi}]")
    return int(v)


def _check_sweep_size(src, M: int, chunk_size: int, mode: str, out, backend: str,
                      n_workers: int, n_outputs: int) -> None:
    """Refuse, before any allocation, sweeps whose time, memory or output is absurd.

    - more than :func:`max_points` points (:class:`SizeLimitError`, with the time estimate);
    - a per-point result held in memory (no ``out``, no ``reduce``) above ``ENDODEC_MAX_BYTES``:
      the chunks and their concatenation coexist, so about ``2 x`` the frame's bytes;
    - chunks in flight above ``ENDODEC_MAX_BYTES`` (``BYTES_PER_POINT`` each point);
    - a Parquet output larger than the free space of its directory (uncompressed estimate / 4).
    """
    limit = max_points()
    if M > limit:
        hours = M / _RATE / 3600
        raise SizeLimitError(
            f"a sweep of {M:,} points is above the limit of {limit:,} points (about {hours:,.3g} "
            f"hours at {_RATE:.0e} points/s per core; set ENDODEC_MAX_POINTS to raise it, e.g. for "
            f"a Dask cluster); use fewer grid values")
    n_params = len(src.columns) if isinstance(src, Grid) else len(src.columns)
    row = 8 * (n_params + 1 + n_outputs) + 3  # params + S + float outputs + 3 int8 codes
    cs = min(chunk_size, max(M, 1))
    in_flight = 2 * n_workers + 2 if backend == "dask" else 2
    check_size(f"sweep chunks of {cs:,} points ({in_flight} in flight)",
               float(cs) * BYTES_PER_POINT * in_flight, "use a smaller chunk_size (--chunk-size)")
    if mode == "points" and out is None:
        check_size(f"a sweep of {M:,} points held in memory", 2.0 * M * row,
                   "stream it to Parquet with out='x.parquet' (--out x.parquet) or keep only "
                   "the summary with reduce='summary'")
    if mode == "points" and out is not None:
        import shutil

        parent = Path(out).resolve().parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        try:
            free = shutil.disk_usage(parent).free
        except OSError:  # pragma: no cover - unusual file systems
            return
        need = M * row / 4  # Parquet compresses sweep columns ~4x (dictionary/RLE + snappy)
        if need > free:
            from endodec._limits import human_bytes

            raise SizeLimitError(f"a sweep of {M:,} points streamed to {out} needs about "
                                 f"{human_bytes(need)} of disk, {human_bytes(free)} free; keep "
                                 f"only the summary (reduce='summary') or sweep fewer points")



# ---------------------------------------------------------------------------------------------
# result
# ---------------------------------------------------------------------------------------------
@dataclass(repr=False)
class SweepResult(ResultBase):
    """What :func:`sweep` returns (the result protocol of :mod:`endodec.results`).

    Attributes
    ----------
    frame : DataFrame or None
        One row per point (parameters + outputs; ``reason`` and ``prop1`` categorical), unless
        the sweep was streamed to ``path`` or reduced to ``stats``.
    path : Path or None
        Parquet file written (atomically) when ``out`` was given.
    stats : dict or None
        Streaming summary (counts per code / reason / Prop. 1 status; n, mean, M2, min, max per
        output over valid points); always present for ``out=`` and ``reduce="summary"``.
    n_points, elapsed_s, backend, convention, source : metadata.
    outputs : tuple of str
        The output columns computed (``sweep(..., outputs=...)``; default all of
        :data:`~endodec.sweep.points.OUTPUTS`).

    Notes
    -----
    ``to_frame()`` is the per-point frame (read back from ``path`` when the sweep was streamed;
    a :class:`ParameterError` after ``reduce="summary"``); ``to_dict()`` is the summary the
    CLI's ``sweep --json`` prints (counts and per-output statistics, no per-point rows).
    """

    n_points: int
    elapsed_s: float
    backend: str
    convention: str
    source: str
    frame: pd.DataFrame | None = None
    path: Path | None = None
    stats: dict | None = None
    info: dict = field(default_factory=dict)
    outputs: tuple = tuple(_KERNEL_COLS.values())

    _summary_title = "Parameter sweep"

    @property
    def points_per_second(self) -> float:
        return self.n_points / self.elapsed_s if self.elapsed_s > 0 else float("inf")

    def _st(self) -> dict:
        if self.stats is None:
            f = self.frame
            cols = {c: f[c].to_numpy() for c in SUMMARY_COLS if c in f.columns}
            cols["code"] = f["code"].to_numpy()
            cols["reason"] = f["reason"].cat.codes.to_numpy().astype(np.int8)
            cols["prop1"] = f["prop1"].cat.codes.to_numpy().astype(np.int8)
            self.stats = chunk_stats(cols)
        return self.stats

    @property
    def n_valid(self) -> int:
        return int(self._st()["codes"][0])

    def stats_frame(self) -> pd.DataFrame:
        """Per-output n / mean / std / min / max over the valid points."""
        return stats_frame(self._st(), [c for c in SUMMARY_COLS if c in self.outputs])

    def counts(self) -> dict[str, dict[str, int]]:
        """Points per ``reason`` and per ``prop1`` status (non-zero entries)."""
        st = self._st()
        return {"reason": {(REASONS[i] or "valid"): int(c) for i, c in enumerate(st["reasons"]) if c},
                "prop1": {PROP1_STATUS[i]: int(c) for i, c in enumerate(st["prop1"]) if c}}

    def _frame(self) -> pd.DataFrame:
        """The per-point frame (reads the Parquet file back when the sweep was streamed)."""
        if self.frame is not None:
            return self.frame.copy(deep=False)  # to_frame renames columns: not self.frame's
        if self.path is not None:
            return pd.read_parquet(self.path)
        raise ParameterError("to_frame", "reduce='summary'", "a sweep that kept its points")

    def _dict_fields(self) -> dict[str, Any]:
        return {"n_points": self.n_points, "n_valid": self.n_valid, "elapsed_s": self.elapsed_s,
                "points_per_second": self.points_per_second, "backend": self.backend,
                "convention": self.convention, "source": self.source,
                "out": str(self.path) if self.path else None, **self.counts(),
                "stats": self.stats_frame().to_dict(orient="records")}

    def _scalars(self) -> dict[str, Any]:
        return {"n_points": self.n_points, "n_valid": self.n_valid, "backend": self.backend,
                "convention": self.convention, "elapsed_s": self.elapsed_s}

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        c = self.counts()
        rows = [("reason", k, v) for k, v in c["reason"].items()]
        rows += [("Proposition 1 at x0", k, v) for k, v in c["prop1"].items()]
        counts = pd.DataFrame(rows, columns=["count of", "category", "points"])
        return [("Points by reason and Proposition 1 status", counts),
                ("Outputs over the valid points", self.stats_frame())]

    def _summary_text(self) -> str:
        c = self.counts()
        lines = [f"Sweep of {self.n_points:,} points ({self.source}), backend {self.backend!r}, "
                 f"convention {self.convention!r}: {self.elapsed_s:.3g} s "
                 f"({self.points_per_second:.3g} points/s)",
                 f"  valid: {self.n_valid:,}"]
        for k, v in c["reason"].items():
            if k != "valid":
                lines.append(f"  {v:,} x {k}")
        lines.append("  Proposition 1 at x0: " + ", ".join(f"{k}: {v:,}" for k, v in c["prop1"].items()))
        lines.append(self.stats_frame().to_string(index=False, float_format=lambda x: f"{x:.6g}"))
        if self.path is not None:
            lines.append(f"  written to {self.path}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()



def _check_options(backend, scheduler, reduce, out, overwrite: bool) -> None:
    """Check :func:`sweep`'s backend, scheduler, reduce and out (may remove stale parts of out)."""
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise ParameterError("backend", backend, f"one of {BACKENDS}")
    if scheduler is not None and backend != "dask":
        raise ParameterError("scheduler", scheduler, "used only with backend='dask'")
    if reduce not in (None, "summary"):
        raise ParameterError("reduce", reduce, "None or 'summary'")
    if out is not None and not (isinstance(out, (str, Path)) or hasattr(out, "__fspath__")):
        raise ParameterError("out", out, "a path to a Parquet file (or None)")
    if out is not None:
        check_file_target(out, option="out (--out)", overwrite=overwrite, is_own=parquet_is_own)
        _remove_stale_parts(Path(out))


def _source(grid_or_samples, fixed):
    """The points of :func:`sweep`: ``(src, parameter names, number of points, description)``;
    ``src`` is a :class:`Grid` or a samples DataFrame."""
    if isinstance(grid_or_samples, Grid):
        src = grid_or_samples
    elif isinstance(grid_or_samples, (list, tuple)):
        src = Grid.from_specs(list(grid_or_samples), fixed)
    else:
        src = load_samples(grid_or_samples)
    names = src.columns if isinstance(src, Grid) else [c for c in src.columns if c in PARAMS]
    M = src.size if isinstance(src, Grid) else len(src)
    source = src.describe() if isinstance(src, Grid) else f"{M:,} sampled points"
    return src, names, M, source


def sweep(grid_or_samples, backend: str = "numpy", chunk_size: int | None = None, scheduler=None,
          progress: bool = True, out=None, *, convention: str | None = None,
          reduce: str | None = None, n_workers: int = 2, processes: bool = True,
          fixed: dict | None = None, overwrite: bool = False, outputs=None) -> SweepResult:
    """Evaluate the game over a grid or a sample of parameter points.

    Implements the exact closed forms of seed 000 §3.4 (C-exact, N-exact) through
    :func:`endodec.model.kernel.game_kernel` at every point; Proposition 1 (seed 000 §3.5) is
    checked cheaply at x0 (:mod:`endodec.sweep.points`).

    Parameters
    ----------
    grid_or_samples : Grid, list of str, DataFrame, or path
        A :class:`~endodec.sweep.grid.Grid`, axis specs like ``["N=2:50", "delta=0.05:0.8:100"]``,
        or points: a DataFrame / CSV / Parquet file with parameter columns (others carried
        through).
    backend : {"numpy", "jax", "dask"}
        Where the kernel runs (:mod:`endodec.sweep.backends`). All give the same numbers to 1e-12.
    chunk_size : int, optional
        Points per chunk (default :data:`~endodec.sweep.backends.DEFAULT_CHUNK` of the
        backend); memory is bounded by about ``BYTES_PER_POINT * chunk_size`` (x the number of
        chunks in flight for dask) plus whatever result is retained.
    scheduler : str or distributed.Client, optional
        Dask only: an existing scheduler's address or client (default: a new LocalCluster).
    progress : bool
        Show a rich progress bar.
    out : path, optional
        Stream the per-point results to this Parquet file (written to a temporary file and
        renamed into place at the end); the result then holds ``path`` and ``stats``. An
        existing file is replaced only if it is an earlier endodec sweep (its Parquet metadata
        says so) or ``overwrite`` is True; a directory is refused.
    overwrite : bool
        Replace an existing ``out`` that endodec did not write (the CLI's ``--overwrite``).
    outputs : sequence of str, optional
        The output columns wanted (default all): kernel names such as ``["T_N", "T_C"]`` or the
        column names (``"T_nash"``); :func:`~endodec.sweep.points.resolve_outputs`. The kernel
        computes only what they and the validity test need; ``code``, ``reason`` and ``prop1``
        are always there and the same, and the requested columns equal those of a full sweep.
    convention : {"code", "paper", "direct"}, optional
        Continuation-value convention of :class:`~endodec.model.game.GameParams`.
    reduce : {None, "summary"}
        ``"summary"``: keep only streaming statistics (for 10^8+ points without ``out``).
    n_workers, processes : int, bool
        LocalCluster size and whether its workers are processes (dask, no ``scheduler``).
    fixed : dict, optional
        Values of non-varied parameters when ``grid_or_samples`` is a list of axis specs.

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        Unknown backend/convention/reduce/outputs, bad axis specs, ``chunk_size`` or ``n_workers`` not an
        integer in ``[1, MAX_CHUNK]`` / ``[1, MAX_WORKERS]``.
    DataError
        Unreadable or empty samples.
    OutputError
        ``out`` is a directory, or an existing file endodec did not write (without
        ``overwrite``).
    SizeLimitError
        More than :func:`max_points` points, or the result / chunks would exceed
        ``ENDODEC_MAX_BYTES`` (checked before anything is allocated; see
        :func:`_check_sweep_size`).
    """
    want = resolve_outputs(outputs)
    _check_options(backend, scheduler, reduce, out, overwrite)
    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK[backend]
    chunk_size = _count("chunk_size", chunk_size, 1, MAX_CHUNK)
    n_workers = _count("n_workers", n_workers, 1, MAX_WORKERS)
    src, names, M, source = _source(grid_or_samples, fixed)
    convention = _resolve_convention(convention, names)
    mode = "summary" if reduce == "summary" else "points"
    _check_sweep_size(src, M, chunk_size, mode, out, backend, n_workers, len(want))
    bounds = [(i, min(i + chunk_size, M)) for i in range(0, M, chunk_size)]
    meta = {"backend": backend, "convention": convention, "source": source,
            "chunk_size": chunk_size, "reasons": list(REASONS), "prop1": list(PROP1_STATUS)}
    sink = _ParquetSink(out, meta) if (out is not None and mode == "points") else None
    want_stats = sink is not None or mode == "summary"
    chunks: list[dict] = []
    stats = None
    bar = _Progress(progress, M, f"sweep ({backend})")
    t0 = time.perf_counter()

    def consume(res, n):
        nonlocal stats
        if mode == "summary":
            stats = merge_stats(stats, res)
        else:
            if want_stats:
                stats = merge_stats(stats, chunk_stats(res))
            if sink is not None:
                sink.write(res)
            else:
                chunks.append(res)
        bar.advance(n)

    ok = False
    info: dict[str, Any] = {}
    try:
        RUNNERS[backend](src, bounds, convention, mode, consume, info=info,
                         scheduler=scheduler, n_workers=n_workers, processes=processes,
                         outputs=want)
        ok = True
    finally:
        bar.close()
        if sink is not None:
            sink.close(ok)
    elapsed = time.perf_counter() - t0
    frame = _frame(chunks) if (mode == "points" and sink is None) else None
    return SweepResult(n_points=M, elapsed_s=elapsed, backend=backend, convention=convention,
                       source=source, frame=frame, path=sink.path if sink is not None else None,
                       stats=stats, info=info, outputs=tuple(_KERNEL_COLS[k] for k in want))
