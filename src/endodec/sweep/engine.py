r"""Sweep engine: the closed-form game kernel over millions of parameter points, chunk by chunk.

Every backend evaluates the same function, :func:`endodec.model.kernel.game_kernel` (the single
implementation of the model, seed 000 §3.2-3.5 / seed 001 §3.2-3.5); backends only change *where*
it runs:

``"numpy"`` (default)
    In this process, chunk by chunk (no optional dependency).
``"jax"``
    ``jax.numpy`` with ``jax_enable_x64`` switched on (set process-wide when the backend is first
    used) and ``jax.jit``; runs on a GPU when JAX sees one. On CPU a chunk is evaluated in
    pipelined calls of :data:`JAX_CPU_BLOCK` points (cache-sized: ~4x faster than one large
    call); on a GPU in one call. The last call is padded so one compilation serves the sweep.
``"dask"``
    ``dask.distributed``: a ``LocalCluster`` (``n_workers`` processes, one thread each) by default,
    or the existing cluster at ``scheduler`` (an address like ``"tcp://10.0.0.5:8786"`` or a
    ``distributed.Client``), so the same sweep scales out without code changes. Each task builds its
    own chunk of the grid from a flat index range (the grid is scattered once; nothing of size
    ``M`` is shipped) and returns either the chunk's columns or only its summary statistics.
    At most ``2 n_workers + 2`` chunks are in flight, so memory stays bounded.

Continuation value
------------------
``convention`` is that of :class:`~endodec.model.game.GameParams` (``"code"``, ``"paper"``,
``"direct"``); S is computed per chunk by :func:`endodec.model.continuation.continuation_value`, the
function ``GameParams`` uses, so the sweep never re-implements the formula for S. Default:
``"direct"`` if the points have an ``S`` column, else ``"code"``.

Validity: one rule with :func:`endodec.model.game.solve`
-------------------------------------------------------
Each point is checked by the functions ``GameParams`` and ``solve`` use
(:func:`endodec.model.game.param_violations`, :func:`~endodec.model.continuation.S_breakdown`, the
kernel's overflow-free domain test :func:`endodec.model.kernel.domain_bad` and float64 breakdown
test :func:`endodec.model.kernel.breakdown`), so a point gets the reason that names the error
``solve`` raises there: ``invalid parameter <name>: must be <range>`` (ParameterError), ``no
interior ... solution`` (DomainError) or ``numerical: <quantity> not representable in float64``
(NumericalError). A point with ``code == 0`` has finite outputs (``ratio`` is exactly ``inf`` at
``S = x0 = 0``).

Outputs per point
-----------------
The parameters (incl. the continuation value ``S`` actually used), ``V_N, V_P`` (values at x0),
``T_nash, T_coop`` (crossing times, model units), ``welfare_loss`` (1 - V_N/V_P), ``delta_W``,
``acceleration`` (1 - T_N/T_C), ``ratio`` (Q_N/Q_C at x0), ``Q_N0, Q_C0``, ``dV_N0`` (private
shadow cost V_N'(x0)), ``social_dV_P0`` (N V_P'(x0)), ``code`` (kernel code, see
:data:`endodec.model.kernel.CODES`; 1 also for parameters rejected here, 4 also when S is not
representable), ``reason`` (text,
empty for valid points) and ``prop1`` (below). Invalid points are kept, with NaN outputs and a
reason -- never dropped.

Proposition 1 status (``prop1``), a cheap per-point check at the initial state only
-------------------------------------------------------------------------------------
``"holds"``
    :math:`Q^N(x_0) > Q^C(x_0)` (the statement at :math:`x_0`), :math:`T^N < T^C` (its
    consequence; trivially true at :math:`x_0 = 0`) and :math:`N V^{P\prime}(x_0) > V^{N\prime}(x_0)`
    (step 2 of the proof at :math:`x_0`).
``"holds; proof step 2 fails at x0"``
    Statement and consequence hold but the shadow-cost ordering of the proof fails at x0 (it does
    for large x; see :func:`endodec.model.proposition1.check_proposition1`).
``"fails at x0"``
    :math:`Q^N(x_0) \le Q^C(x_0)` or :math:`T^N \ge T^C`.
``"not evaluated"``
    Invalid point.
The proposition is a statement for *all* :math:`x \in (0, x_0]`; the full check on a state grid is
:func:`endodec.model.proposition1.check_proposition1` (scalar parameters, ~4000 states: too costly per
sweep point).

Memory bound
------------
Per point the numpy backend holds the inputs (up to 9 float64), the kernel's temporaries and
the 19 output columns: the peak traced allocation while evaluating a chunk is about 350 bytes per
point (measured with ``tracemalloc``; ``tests/sweep`` asserts it stays below
``BYTES_PER_POINT`` = 400). The numpy backend (and each dask task) evaluates a chunk in blocks
of ``NUMPY_BLOCK = 8192`` points, so the kernel's working set is about 3 MiB whatever the size of the sweep, plus the retained result: ~170 bytes per point for a
DataFrame (so use ``out=...parquet`` or ``reduce="summary"`` beyond ~10^7 points). The dask
backend holds at most ``2 n_workers + 2`` chunks in flight (x 400 bytes x chunk_size).
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from endodec._io import check_file_target, pid_alive
from endodec._limits import check_size, max_points
from endodec.errors import ParameterError, SizeLimitError
from endodec.model import kernel
from endodec.model.continuation import CONVENTIONS, S_breakdown, continuation_value
from endodec.model.game import (
    NUMERICAL,
    PARAM_ORDER,
    as_real,
    numerical_reason,
    param_reason,
    param_violations,
)
from endodec.sweep.grid import DEFAULTS, PARAMS, Grid, load_samples

__all__ = [
    "BACKENDS",
    "BYTES_PER_POINT",
    "OUTPUTS",
    "PROP1_STATUS",
    "REASONS",
    "SweepResult",
    "evaluate",
    "max_points",
    "sweep",
]

BACKENDS = ("numpy", "jax", "dask")

#: Measured peak traced bytes per point of a numpy chunk (see module docstring).
BYTES_PER_POINT = 400

#: kernel output -> result column
_KERNEL_COLS = {
    "V_N": "V_N", "V_P": "V_P", "T_N": "T_nash", "T_C": "T_coop", "welfare_loss": "welfare_loss",
    "delta_W": "delta_W", "acceleration": "acceleration", "ratio": "ratio", "Q_N0": "Q_N0",
    "Q_C0": "Q_C0", "dV_N0": "dV_N0", "social_dV_P0": "social_dV_P0",
}
#: Float output columns of a sweep.
OUTPUTS = tuple(_KERNEL_COLS.values())
#: Columns summarised by ``reduce="summary"``.
SUMMARY_COLS = ("V_N", "V_P", "T_nash", "T_coop", "welfare_loss", "acceleration", "ratio")

#: ``reason`` categories: index 0 valid, 1-3 kernel codes, then one per invalid parameter (the
#: shared rule :func:`endodec.model.game.param_reason`, checked in ``PARAM_ORDER``), then one per
#: quantity that can break down in float64 (:data:`endodec.model.game.NUMERICAL`; code 4).
#: The same texts as the errors of :func:`endodec.model.game.solve` at the same point.
REASONS = ("", kernel.CODES[1], kernel.CODES[2], kernel.CODES[3]) + tuple(
    param_reason(k) for k in PARAM_ORDER) + tuple(
    numerical_reason(q) for q in NUMERICAL)
_PARAM_BASE = 3  # reason of the parameter PARAM_ORDER[i] is _PARAM_BASE + 1 + i
_NUM_BASE = 4 + len(PARAM_ORDER)  # reason of NUMERICAL[i] is _NUM_BASE + i

#: ``prop1`` categories (module docstring).
PROP1_STATUS = ("holds", "holds; proof step 2 fails at x0", "fails at x0", "not evaluated")

# values substituted at invalid points so that GameParams / the kernel see a valid point
_SAFE = dict(DEFAULTS, S_I=1.0, S=1.0)


# ---------------------------------------------------------------------------------------------
# one chunk
# ---------------------------------------------------------------------------------------------
def _resolve_convention(convention: str | None, names) -> str:
    if convention is None:
        return "direct" if "S" in names else "code"
    if convention not in CONVENTIONS:
        raise ParameterError("convention", convention, f"one of {CONVENTIONS}")
    if convention == "direct" and "S" not in names:
        raise ParameterError("S", None, "a varied or fixed parameter when convention='direct'")
    if convention != "direct" and "S" in names:
        raise ParameterError("S", "given", "absent unless convention='direct'",
                             f"convention {convention!r} computes S itself")
    return convention


def _prepare(params: dict[str, np.ndarray], convention: str):
    """Validate per point (shared rule), compute S, substitute safe values at rejected points.

    The rule is :func:`endodec.model.game.param_violations` over every parameter column present
    (as ``GameParams`` checks every field it is given) and :func:`endodec.model.continuation.S_breakdown`
    on S from :func:`endodec.model.continuation.continuation_value`, the functions ``GameParams`` uses.
    """
    given = {k: as_real(k, params[k]) for k in PARAM_ORDER if k in params}
    if not given or any(v.ndim != 1 for v in given.values()) or len(
            {v.size for v in given.values()}) != 1:
        raise ParameterError("params", sorted(params), "equal-length 1-D arrays of parameters "
                             f"named among {PARAM_ORDER}")
    n = next(iter(given.values())).size
    viol = param_violations(given)
    reason = np.where(viol > 0, viol + np.int8(_PARAM_BASE), 0).astype(np.int8)
    ok = reason == 0
    gp = {k: (v if ok.all() else np.where(ok, v, _SAFE[k])) for k, v in given.items()}
    for k in ("N", "a", "b", "r", "x0", "delta", "S_T"):
        gp.setdefault(k, np.full(n, DEFAULTS[k]))
    S_I = gp.get("S_I") if convention == "paper" else None
    S = np.broadcast_to(continuation_value(convention, gp["N"], gp["a"], gp["b"], gp["r"],
                                           gp["delta"], gp["S_T"], S_I, gp.get("S")), (n,))
    Sbad = S_breakdown(S, convention, gp["S_T"], S_I) & ok
    if Sbad.any():  # numerical: S itself is not representable; evaluate a safe point instead
        reason = np.where(Sbad, np.int8(_NUM_BASE), reason).astype(np.int8)
        ok = reason == 0
        gp = {k: np.where(ok, v, _SAFE[k]) for k, v in gp.items()}
        S = np.where(ok, S, 1.0)
    args = (gp["N"], gp["a"], gp["b"], gp["r"], S, gp["x0"])
    return args, reason, S


def _finish(kout: dict, reason: np.ndarray, x0: np.ndarray) -> dict[str, np.ndarray]:
    cols = {c: np.asarray(kout[k], dtype=float) for k, c in _KERNEL_COLS.items()}
    kcode = np.asarray(kout["code"]).astype(np.int8)
    knum = np.asarray(kout["num"]).astype(np.int8)
    # kernel codes 1-3 are REASONS[1-3]; code 4 names the quantity (NUMERICAL[num])
    kreason = np.where(kcode == 4, knum + np.int8(_NUM_BASE), kcode)
    code = np.where(reason > 0, np.where(reason >= _NUM_BASE, 4, 1), kcode).astype(np.int8)
    reason = np.where(reason > 0, reason, kreason).astype(np.int8)
    valid = code == 0
    if not valid.all():  # points rejected here were evaluated at safe values: mask them
        cols = {k: np.where(valid, v, np.nan) for k, v in cols.items()}
    with np.errstate(invalid="ignore"):
        out_ok = cols["Q_N0"] > cols["Q_C0"]
        cross_ok = (cols["T_nash"] < cols["T_coop"]) | (x0 == 0)
        shadow_ok = cols["social_dV_P0"] > cols["dV_N0"]
    prop = np.where(out_ok & cross_ok, np.where(shadow_ok, 0, 1), 2)
    prop = np.where(valid, prop, 3).astype(np.int8)
    cols["code"], cols["reason"], cols["prop1"] = code, reason, prop
    return cols


def _kernel_numpy(args):
    with np.errstate(all="ignore"):  # over/underflow is detected (code 4), not warned about
        return kernel.game_kernel(*args, xp=np)


_JAX_FN = None


def _jax_kernel():
    """The jit-compiled kernel (float64 enabled process-wide on first use)."""
    global _JAX_FN
    if _JAX_FN is None:
        try:
            import jax
        except ImportError:  # pragma: no cover - optional dependency
            raise ParameterError("backend", "jax", "installed: pip install 'endodec[jax]' "
                                 "(or jax[cuda12] for a GPU)") from None
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp

        _JAX_FN = jax.jit(lambda N, a, b, r, S, x0: kernel.game_kernel(N, a, b, r, S, x0, xp=jnp))
    return _JAX_FN


def _launch_jax(args, pad_to: int | None = None):
    """Dispatch the jitted kernel on one block (asynchronously: JAX returns before it finishes)."""
    f = _jax_kernel()
    n = len(args[0])
    if pad_to and n < pad_to:  # pad with a valid point so one compiled shape serves every chunk
        safe = (5.0, 10.0, 0.5, 0.05, 1.0, 1.0)
        args = tuple(np.concatenate([a, np.full(pad_to - n, s)]) for a, s in zip(args, safe, strict=True))
    return f(*args), n


def _collect_jax(launched) -> dict[str, np.ndarray]:
    out, n = launched
    return {k: np.asarray(v)[:n] for k, v in out.items()}


def _kernel_jax(args, pad_to: int | None = None):
    return _collect_jax(_launch_jax(args, pad_to))


def _jax_block() -> int | None:
    """Points per jitted call: :data:`JAX_CPU_BLOCK` on CPU, the whole chunk on an accelerator."""
    import jax

    return JAX_CPU_BLOCK if jax.default_backend() == "cpu" else None


def _start(params: dict[str, np.ndarray], convention: str | None = None,
          backend: str = "numpy", pad_to: int | None = None):
    """First half of :func:`evaluate`: validate, compute S and run (numpy) or dispatch (jax)."""
    convention = _resolve_convention(convention, params)
    args, reason, S = _prepare(params, convention)
    kout = _launch_jax(args, pad_to) if backend == "jax" else _kernel_numpy(args)
    return params, reason, S, args[5], kout, backend


def _complete(state) -> dict[str, np.ndarray]:
    """Second half of :func:`evaluate`: wait for the kernel, mask, classify Proposition 1."""
    params, reason, S, x0, kout, backend = state
    if backend == "jax":
        kout = _collect_jax(kout)
    cols = {k: np.asarray(v) for k, v in params.items()}
    if "S" not in params:
        cols["S"] = S if not reason.any() else np.where(reason == 0, S, np.nan)
    cols.update(_finish(kout, reason, x0))
    return cols


def evaluate(params: dict[str, np.ndarray], convention: str | None = None,
             backend: str = "numpy", pad_to: int | None = None) -> dict[str, np.ndarray]:
    """Evaluate one chunk of points (dict of equal-length 1-D parameter arrays).

    Returns the parameter columns (plus ``S``), :data:`OUTPUTS`, and int8 ``code``, ``reason``
    (index into :data:`REASONS`), ``prop1`` (index into :data:`PROP1_STATUS`).
    """
    return _complete(_start(params, convention, backend, pad_to))


# ---------------------------------------------------------------------------------------------
# streaming statistics (Chan et al. parallel mean/variance)
# ---------------------------------------------------------------------------------------------
def chunk_stats(cols: dict[str, np.ndarray]) -> dict[str, Any]:
    """Summary statistics of one evaluated chunk (counts, and n/mean/M2/min/max of outputs)."""
    code, prop = cols["code"], cols["prop1"]
    valid = code == 0
    st: dict[str, Any] = {
        "n": int(code.size),
        "codes": np.bincount(code, minlength=5)[:5].astype(np.int64),
        "reasons": np.bincount(cols["reason"], minlength=len(REASONS)).astype(np.int64),
        "prop1": np.bincount(prop, minlength=4).astype(np.int64),
        "cols": {},
    }
    all_valid = bool(st["codes"][0] == code.size)
    for c in SUMMARY_COLS:
        v = cols[c] if all_valid else cols[c][valid]
        if v.size == 0:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            m = float(v.mean())
            if not np.isfinite(m):  # rare: drop non-finite values (ratio = inf at S = x0 = 0)
                v = v[np.isfinite(v)]
                if v.size == 0:
                    continue
                m = float(v.mean())
                if not np.isfinite(m):  # the sum of huge finite values overflowed: rescale
                    sc = float(np.abs(v).max())
                    m = sc * float((v / sc).mean())
            d = v - m
            # M2 is inf when the variance itself exceeds the float64 range (std then prints inf)
            st["cols"][c] = [v.size, m, float(np.dot(d, d)), float(v.min()), float(v.max())]
    return st


def merge_stats(a: dict | None, b: dict) -> dict:
    """Combine two :func:`chunk_stats` results exactly (parallel mean / M2 update)."""
    if a is None:
        return {**b, "cols": {k: list(v) for k, v in b["cols"].items()}}
    out = {"n": a["n"] + b["n"], "codes": a["codes"] + b["codes"],
           "reasons": a["reasons"] + b["reasons"], "prop1": a["prop1"] + b["prop1"], "cols": {}}
    for c in SUMMARY_COLS:
        x, y = a["cols"].get(c), b["cols"].get(c)
        if x is None or y is None:
            z = x or y
            if z is not None:
                out["cols"][c] = list(z)
            continue
        n = x[0] + y[0]
        d = y[1] - x[1]
        out["cols"][c] = [n, x[1] + d * y[0] / n, x[2] + y[2] + d * d * x[0] * y[0] / n,
                          min(x[3], y[3]), max(x[4], y[4])]
    return out


def _stats_frame(st: dict) -> pd.DataFrame:
    rows = []
    for c in SUMMARY_COLS:
        v = st["cols"].get(c)
        if v is None:
            rows.append({"column": c, "n": 0})
            continue
        n, m, M2, lo, hi = v
        rows.append({"column": c, "n": int(n), "mean": m,
                     "std": float(np.sqrt(M2 / (n - 1))) if n > 1 else 0.0, "min": lo, "max": hi})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# result
# ---------------------------------------------------------------------------------------------
@dataclass
class SweepResult:
    """What :func:`sweep` returns.

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

    @property
    def points_per_second(self) -> float:
        return self.n_points / self.elapsed_s if self.elapsed_s > 0 else float("inf")

    def _st(self) -> dict:
        if self.stats is None:
            f = self.frame
            cols = {c: f[c].to_numpy() for c in SUMMARY_COLS}
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
        return _stats_frame(self._st())

    def counts(self) -> dict[str, dict[str, int]]:
        """Points per ``reason`` and per ``prop1`` status (non-zero entries)."""
        st = self._st()
        return {"reason": {(REASONS[i] or "valid"): int(c) for i, c in enumerate(st["reasons"]) if c},
                "prop1": {PROP1_STATUS[i]: int(c) for i, c in enumerate(st["prop1"]) if c}}

    def to_frame(self) -> pd.DataFrame:
        """The per-point frame (reads the Parquet file back when the sweep was streamed)."""
        if self.frame is not None:
            return self.frame
        if self.path is not None:
            return pd.read_parquet(self.path)
        raise ParameterError("to_frame", "reduce='summary'", "a sweep that kept its points")

    def summary(self) -> str:
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


# ---------------------------------------------------------------------------------------------
# sources, sinks, progress
# ---------------------------------------------------------------------------------------------
def _source_chunk(src, start: int, stop: int) -> dict[str, np.ndarray]:
    if isinstance(src, Grid):
        return src.chunk(start, stop)
    df = src.iloc[start:stop]
    d = {k: df[k].to_numpy(dtype=float) for k in df.columns if k in PARAMS}
    n = len(df)
    for k, v in DEFAULTS.items():
        d.setdefault(k, np.full(n, v))
    return d


def _extra(src, start: int, stop: int) -> dict[str, np.ndarray]:
    if isinstance(src, Grid):
        return {}
    df = src.iloc[start:stop]
    return {k: df[k].to_numpy() for k in df.columns if k not in PARAMS}


#: numpy evaluates a chunk in sub-blocks of this many points: the kernel's temporaries (64 KiB
#: each) then stay in cache and below glibc's 128 KiB mmap threshold. Dask workers set
#: MALLOC_TRIM_THRESHOLD_, which freezes that threshold, and with 128 KiB temporaries every
#: allocation became an mmap + page faults (4x slower kernel in the workers, measured).
NUMPY_BLOCK = 8192


#: jax on CPU evaluates a chunk in jitted calls of this many points: the kernel's working set then
#: stays in cache. Measured on the 2-core VM (kernel only, one core): 1.25e7 points/s at 16384-32768
#: points per call, 3.0e6 at 262144 (out of cache). On a GPU one call takes the whole chunk.
JAX_CPU_BLOCK = 32768


def _task(src, lo: int, hi: int, convention: str, mode: str, backend: str = "numpy",
          pad_to: int | None = None):
    """Work unit of every backend: build, evaluate and (optionally) reduce one chunk.

    jax blocks are pipelined: block k+1 is dispatched (JAX runs it on its own thread) before
    block k's outputs are masked and reduced in NumPy, so the two overlap on two cores.
    """
    if backend == "jax":
        block = _jax_block() or (hi - lo)
        pad_to = min(block, pad_to) if pad_to else block
    else:
        block = NUMPY_BLOCK
    blocks = [(i, min(i + block, hi)) for i in range(lo, hi, block)]
    stats, parts = None, []

    def take(state):
        nonlocal stats
        cols = _complete(state)
        if mode == "summary":
            stats = merge_stats(stats, chunk_stats(cols))
        else:
            parts.append(cols)

    pending = None
    for i, j in blocks:
        state = _start(_source_chunk(src, i, j), convention, backend, pad_to)
        if pending is not None:
            take(pending)
        pending = state
    if pending is not None:
        take(pending)
    if mode == "summary":
        return stats
    cols = parts[0] if len(parts) == 1 else {k: np.concatenate([p[k] for p in parts])
                                             for k in parts[0]}
    cols.update(_extra(src, lo, hi))
    return cols


def _to_arrow(cols: dict[str, np.ndarray]):
    import pyarrow as pa

    arrays, names = [], []
    for k, v in cols.items():
        if k == "reason":
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(v, pa.int8()), pa.array(REASONS)))
        elif k == "prop1":
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(v, pa.int8()),
                                                         pa.array(PROP1_STATUS)))
        else:
            arrays.append(pa.array(v))
        names.append(k)
    return pa.Table.from_arrays(arrays, names=names)


_SWEEP_META_KEY = b"endodec.sweep"


def parquet_is_own(path) -> bool:
    """True if ``path`` is a Parquet file written by :func:`sweep` (its schema metadata)."""
    import pyarrow.parquet as pq

    return _SWEEP_META_KEY in (pq.read_schema(path).metadata or {})


def _remove_stale_parts(out: Path) -> None:
    """Remove ``.OUT.PID.tmp`` files that killed sweeps left beside ``out`` (dead PIDs only)."""
    import re

    pat = re.compile(rf"^\.{re.escape(out.name)}\.(\d+)\.tmp$")
    parent = out.parent if str(out.parent) else Path(".")
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for p in entries:
        m = pat.match(p.name)
        if m and p.is_file() and not p.is_symlink() and not pid_alive(int(m.group(1))):
            try:
                p.unlink()
            except OSError:
                pass


class _ParquetSink:
    """Stream chunks into ``path`` through a temporary file renamed into place on success."""

    def __init__(self, path, meta: dict):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.meta = meta
        self.writer = None

    def write(self, cols):
        import pyarrow.parquet as pq

        t = _to_arrow(cols)
        if self.writer is None:
            schema = t.schema.with_metadata({"endodec.sweep": json.dumps(self.meta)})
            self.writer = pq.ParquetWriter(self.tmp, schema)
        self.writer.write_table(t.replace_schema_metadata(self.writer.schema.metadata))

    def close(self, ok: bool):
        if self.writer is not None:
            self.writer.close()
        if ok and self.writer is not None:
            os.replace(self.tmp, self.path)
        elif self.tmp.exists():
            self.tmp.unlink()


def _frame(chunks: list[dict]) -> pd.DataFrame:
    if not chunks:
        return pd.DataFrame()
    keys = list(chunks[0])
    d = {k: np.concatenate([c[k] for c in chunks]) for k in keys}
    d["reason"] = pd.Categorical.from_codes(d["reason"], categories=list(REASONS))
    d["prop1"] = pd.Categorical.from_codes(d["prop1"], categories=list(PROP1_STATUS))
    return pd.DataFrame(d)


class _Progress:
    def __init__(self, enabled: bool, total: int, label: str):
        self.p = None
        if enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.p = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                              MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                              transient=False)
            self.p.start()
            self.t = self.p.add_task(label, total=total)

    def advance(self, n: int):
        if self.p is not None:
            self.p.advance(self.t, n)

    def close(self):
        if self.p is not None:
            self.p.stop()


def _dask_client(scheduler, n_workers: int, processes: bool):
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - optional dependency
        raise ParameterError("backend", "dask", "installed: pip install 'endodec[dask]'") from None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None)
        return Client(cluster), [cluster]
    if isinstance(scheduler, str):
        try:
            c = Client(scheduler, timeout="10s")
        except ValueError as e:  # a malformed address
            raise ParameterError("scheduler", scheduler, "a Dask scheduler address such as "
                                 "tcp://HOST:8786", str(e)) from None
        except (OSError, TimeoutError) as e:
            raise ParameterError("scheduler", scheduler, "the address of a running Dask "
                                 "scheduler", f"cannot connect: {e}") from None
        return c, []
    return scheduler, None  # a Client the caller owns


# ---------------------------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------------------------
#: Default points per chunk by backend (numpy computes in blocks of NUMPY_BLOCK points inside a
#: chunk; jax/dask: large chunks amortise dispatch / task overhead).
DEFAULT_CHUNK = {"numpy": 65536, "jax": 262144, "dask": 262144}


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
                      n_workers: int) -> None:
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
    row = 8 * (n_params + 1 + len(OUTPUTS)) + 3  # params + S + float outputs + 3 int8 codes
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


def sweep(grid_or_samples, backend: str = "numpy", chunk_size: int | None = None, scheduler=None,
          progress: bool = True, out=None, *, convention: str | None = None,
          reduce: str | None = None, n_workers: int = 2, processes: bool = True,
          fixed: dict | None = None, overwrite: bool = False) -> SweepResult:
    """Evaluate the game over a grid or a sample of parameter points.

    Implements the exact closed forms of seed 000 §3.4 (C-exact, N-exact) through
    :func:`endodec.model.kernel.game_kernel` at every point; Proposition 1 (seed 000 §3.5) is
    checked cheaply at x0 (module docstring).

    Parameters
    ----------
    grid_or_samples : Grid, list of str, DataFrame, or path
        A :class:`~endodec.sweep.grid.Grid`, axis specs like ``["N=2:50", "delta=0.05:0.8:100"]``,
        or points: a DataFrame / CSV / Parquet file with parameter columns (others carried
        through).
    backend : {"numpy", "jax", "dask"}
        Where the kernel runs (module docstring). All give the same numbers to 1e-12.
    chunk_size : int, optional
        Points per chunk (default :data:`DEFAULT_CHUNK` of the backend); memory is bounded by
        about ``BYTES_PER_POINT * chunk_size`` (x the number of chunks in flight for dask) plus
        whatever result is retained.
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
        Unknown backend/convention/reduce, bad axis specs, ``chunk_size`` or ``n_workers`` not an
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
    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK[backend]
    chunk_size = _count("chunk_size", chunk_size, 1, MAX_CHUNK)
    n_workers = _count("n_workers", n_workers, 1, MAX_WORKERS)
    if isinstance(grid_or_samples, Grid):
        src = grid_or_samples
    elif isinstance(grid_or_samples, (list, tuple)):
        src = Grid.from_specs(list(grid_or_samples), fixed)
    else:
        src = load_samples(grid_or_samples)
    names = src.columns if isinstance(src, Grid) else [c for c in src.columns if c in PARAMS]
    convention = _resolve_convention(convention, names)
    M = src.size if isinstance(src, Grid) else len(src)
    source = src.describe() if isinstance(src, Grid) else f"{M:,} sampled points"
    mode = "summary" if reduce == "summary" else "points"
    _check_sweep_size(src, M, chunk_size, mode, out, backend, n_workers)
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
        if backend == "dask":
            client, owned = _dask_client(scheduler, n_workers, processes)
            try:
                info["dask_workers"] = len(client.scheduler_info().get("workers", {}))
                remote_src = client.scatter(src, broadcast=True) if isinstance(src, Grid) else None
                window = 2 * max(info["dask_workers"], 1) + 2
                pending: deque = deque()
                for (i, j) in bounds:
                    s = remote_src if remote_src is not None else src.iloc[i:j].reset_index(drop=True)
                    a, b = (i, j) if remote_src is not None else (0, j - i)
                    pending.append((client.submit(_task, s, a, b, convention, mode, pure=False),
                                    j - i))
                    if len(pending) >= window:
                        fut, n = pending.popleft()
                        consume(fut.result(), n)
                while pending:
                    fut, n = pending.popleft()
                    consume(fut.result(), n)
            finally:
                if owned is not None:
                    client.close()
                    for c in owned:
                        c.close()
        else:
            pad = min(chunk_size, M) if backend == "jax" else None
            for (i, j) in bounds:
                consume(_task(src, i, j, convention, mode, backend, pad), j - i)
        ok = True
    finally:
        bar.close()
        if sink is not None:
            sink.close(ok)
    elapsed = time.perf_counter() - t0
    frame = _frame(chunks) if (mode == "points" and sink is None) else None
    return SweepResult(n_points=M, elapsed_s=elapsed, backend=backend, convention=convention,
                       source=source, frame=frame, path=sink.path if sink is not None else None,
                       stats=stats, info=info)
