"""Logic of the comparative-statics page (:mod:`endodec.explore.views.statics`): T* lines
over N and delta, heatmaps of the game kernel, the equivalent ``endodec game sweep`` command."""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import ParameterError
from endodec.explore.logic.common import CAPS
from endodec.explore.logic.game import params_from_key
from endodec.model.params import GAME_PARAMS

__all__ = ["HEATMAP_PARAMS", "HEATMAP_QUANTITIES", "default_range", "heatmap_grid", "statics_line", "sweep_command"]

HEATMAP_PARAMS = ("N", "a", "b", "r", "delta", "x0", "S_T")
HEATMAP_QUANTITIES = {
    "T_N": "T*_Nash (crossing time, Nash)",
    "T_C": "T*_Coop (crossing time, cooperative)",
    "acceleration": "acceleration 1 - T*_N/T*_C",
    "ratio": "Q_N/Q_C at x0 (overinvestment ratio)",
    "welfare_loss": "welfare loss 1 - V_N/V_P",
    "delta_W": "ΔW = N (V_P - V_N)",
    "V_N": "V_N(x0)",
    "V_P": "V_P(x0)",
}


def default_range(name: str) -> tuple[float, float]:
    """Default ``(lower, upper)`` of a parameter's line or heatmap axis: the explorer's widget
    range in :data:`endodec.model.params.GAME_PARAMS`."""
    w = GAME_PARAMS[name].widget
    if w is None:
        raise ParameterError("parameter", name, f"one of {HEATMAP_PARAMS}")
    return (int(w[0]), int(w[1])) if GAME_PARAMS[name].integer else (float(w[0]), float(w[1]))


def statics_line(key: Sequence, name: str, lo: float, hi: float, n: int) -> pd.DataFrame:
    """T*_Nash, T*_Coop, T_N/T_C and Q_N/Q_C(x0) as ``name`` (``"N"`` or ``"delta"``) varies.

    Uses :func:`endodec.model.statics.crossing_time_vs` and :func:`~endodec.model.game.solve`
    (vectorised). ``n`` is capped at ``CAPS["statics_points"]``; N takes the integers in
    ``[lo, hi]`` (at most ``CAPS["statics_N_max"]``).
    """
    from endodec.model.game import solve
    from endodec.model.statics import crossing_time_vs

    if name not in ("N", "delta"):
        raise ParameterError("name", name, "'N' or 'delta'")
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ParameterError(f"{name} range", (lo, hi), "finite with upper > lower")
    n = int(min(max(int(n), 2), CAPS["statics_points"]))
    p = params_from_key(key)
    if name == "N":
        lo_i, hi_i = max(int(math.ceil(lo)), 2), min(int(math.floor(hi)), CAPS["statics_N_max"])
        if hi_i <= lo_i:
            raise ParameterError("N range", (lo, hi), f"integers in [2, {CAPS['statics_N_max']}] "
                                 "with upper > lower")
        vals = np.unique(np.round(np.linspace(lo_i, hi_i, min(n, hi_i - lo_i + 1))))
    else:
        vals = np.linspace(lo, hi, n)
    df = crossing_time_vs(name, vals, p)
    q = p.replace(**{name: vals})
    df["Q_ratio_x0"] = np.broadcast_to(solve(q).overinvestment_ratio, vals.shape)
    return df


def heatmap_grid(key: Sequence, px: str, x_range: tuple[float, float], py: str,
                 y_range: tuple[float, float], n: int, quantity: str) -> dict[str, Any]:
    """``quantity`` of :func:`endodec.model.kernel.game_kernel` over a grid of two parameters.

    The grid has ``n x n`` points with ``n`` capped at ``CAPS["heatmap_side"]``; N is rounded to
    integers. The grid's parameters are validated by ``GameParams`` (which also computes S under
    the chosen convention at every point); points without an interior solution (kernel ``code``
    2 or 3) are masked and counted.
    """
    from endodec.model.continuation import S_breakdown
    from endodec.model.game import NUMERICAL, numerical_reason
    from endodec.model.kernel import CODES, game_kernel

    for nm in (px, py):
        if nm not in HEATMAP_PARAMS:
            raise ParameterError("parameter", nm, f"one of {HEATMAP_PARAMS}")
    if px == py:
        raise ParameterError("y parameter", py, "different from the x parameter")
    if quantity not in HEATMAP_QUANTITIES:
        raise ParameterError("quantity", quantity, f"one of {tuple(HEATMAP_QUANTITIES)}")
    n = int(min(max(int(n), 2), CAPS["heatmap_side"]))
    axes = {}
    for nm, (lo, hi) in ((px, x_range), (py, y_range)):
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
            raise ParameterError(f"{nm} range", (lo, hi), "finite with upper > lower")
        v = np.linspace(lo, hi, n)
        if nm == "N":
            v = np.unique(np.round(v))
        axes[nm] = v
    p = params_from_key(key)
    X, Y = np.meshgrid(axes[px], axes[py])
    q = p.replace(**{px: X, py: Y})  # validated (ParameterError names the first bad value)
    N, a, b, r, S, x0 = (np.broadcast_to(np.asarray(v, float), X.shape) for v in
                         (q.N, q.a, q.b, q.r, q.S_value, q.x0))
    with np.errstate(all="ignore"):  # over/underflow is reported per point (code 4), not warned
        out = game_kernel(N, a, b, r, S, x0, xp=np)
    Z = np.where(out["code"] == 0, out[quantity], np.nan)
    # one category per reason, as the sweep reports it: S over/underflow (-1), a float64
    # breakdown naming its quantity (100 + num), or the kernel code
    s_bad = np.broadcast_to(S_breakdown(S, q.convention, q.S_T, q.S_I), X.shape)
    cat = np.where(s_bad, -1, np.where(out["code"] == 4, 100 + np.broadcast_to(out["num"], X.shape),
                                       out["code"]))
    codes: dict[str, int] = {}
    for c, k in zip(*np.unique(cat, return_counts=True), strict=True):
        text = (numerical_reason(NUMERICAL[0]) if c == -1 else
                numerical_reason(NUMERICAL[int(c) - 100]) if c >= 100 else CODES[int(c)])
        codes[text] = codes.get(text, 0) + int(k)
    frame = pd.DataFrame({px: X.ravel(), py: Y.ravel(), quantity: Z.ravel(),
                          "code": out["code"].ravel()})
    return {"x": axes[px], "y": axes[py], "Z": Z, "codes": codes, "frame": frame, "n": n,
            "px": px, "py": py, "quantity": quantity}


def _axis_spec(name: str, values) -> str:
    v = np.asarray(values, float)
    if name == "N" or v.size <= 3:
        return f"{name}=" + ",".join(f"{x:g}" for x in v)
    return f"{name}={v[0]:.10g}:{v[-1]:.10g}:{v.size}"


def sweep_command(key: Sequence, axes: Mapping[str, Any], out: str = "sweep.parquet") -> str:
    """The ``endodec game sweep`` command evaluating the same grid (``axes``: name -> values)."""
    p = params_from_key(key)
    args = ["endodec", "game", "sweep"]
    for name, vals in axes.items():
        args += ["--vary", _axis_spec(name, vals)]
    for name in ("N", "a", "b", "r", "delta", "x0", "S_T"):
        if name in axes or (name == "S_T" and float(p.S_T) == 0.0):
            continue
        v = getattr(p, name)
        args += ["--fix", f"{name}={int(v) if name == 'N' else float(v):g}"]
    if p.convention == "direct" and "S" not in axes:
        args += ["--fix", f"S={float(p.S):.17g}"]
    args += ["--convention", p.convention, "--out", out]
    return " ".join(shlex.quote(a) for a in args)
