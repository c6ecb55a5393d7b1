"""Pure functions behind the explorer's pages (no Streamlit import; unit-testable).

Nothing here re-implements the model: every quantity comes from :mod:`endodec.model`,
:mod:`endodec.empirics` or the report's output files. This module only

- turns raw widget values into validated parameter objects, collecting the library's own
  error messages per input (:func:`validate_game`),
- evaluates the library on bounded grids (caps in :data:`CAPS`),
- builds matplotlib figures and tables for display and download,
- writes the equivalent ``endodec`` CLI command (:func:`solve_command`),
- reads a ``reproduce`` output directory (:func:`read_ledger`, :func:`artifacts_for`),
- imports optional parts of endodec that may not be installed (:func:`optional_module`).
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import math
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import DomainError, EndodecError, ParameterError

# ---------------------------------------------------------------------------------------------
# caps: compute per interaction is bounded; the pages show these numbers
# ---------------------------------------------------------------------------------------------
CAPS = {
    "curve_points": 401,        # points of each value-function / output-rate curve
    "path_points": 301,         # time points of the state paths
    "statics_points": 200,      # points of a comparative-statics line (T* vs N or delta)
    "statics_N_max": 200,       # largest N on the comparative-statics line
    "heatmap_side": 120,        # grid points per heatmap axis (120 x 120 = 14,400 kernel calls)
    "bootstrap": 20_000,        # bootstrap resamples of alpha
    "breaks": 5,                # largest number of Bai-Perron breaks
    "breaks_sim": 5_000,        # Monte Carlo draws for the break critical values
    "forecast_draws": 20_000,   # Monte Carlo draws of the crossing-year forecast
    "adoption_points": 400,     # grid points of the adoption curves
    "ledger_rows": 5_000,       # rows of the ledger table shown at once
}

NOT_INSTALLED = "this part of endodec is not installed yet"

GAME_FIELDS = ("N", "a", "b", "r", "delta", "x0", "S_T", "convention", "S")
GAME_DEFAULTS: dict[str, Any] = {"N": 5, "a": 10.0, "b": 0.5, "r": 0.05, "delta": 0.30,
                                 "x0": 10.0, "S_T": 0.0, "convention": "code", "S": None}
GAME_LABELS = {
    "N": "N (number of centralized firms)",
    "a": "a (demand intercept)",
    "b": "b (demand slope)",
    "r": "r (discount rate)",
    "delta": "δ (post-crossing displacement rate)",
    "x0": "x0 (distance to the crossing threshold)",
    "S_T": "S_T (persistent training value, 'paper' convention)",
    "convention": "continuation-value convention",
    "S": "S (continuation value at crossing, 'direct' convention)",
}
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


# ---------------------------------------------------------------------------------------------
# optional parts of endodec
# ---------------------------------------------------------------------------------------------
def optional_module(name: str):
    """Import ``name`` (e.g. ``"endodec.model.adoption"``) or return None when it is absent.

    Only a missing module counts as "not installed"; an error *inside* an installed module
    propagates (it is a bug to report, not a missing part).
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name is not None and (name == e.name or name.startswith(e.name + ".")):
            return None
        raise


_MD_SPECIAL = re.compile(r"([\\`*_\[\]$])")


def md_escape(text: str) -> str:
    """Escape Markdown/LaTeX specials so a library message shows literally in Streamlit
    (``*`` in ``sqrt(b*r*S)``, ``_`` in names, ``$`` in prices)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def error_text(e: BaseException) -> str:
    """A one-paragraph message for a library error (never a traceback)."""
    if isinstance(e, EndodecError):
        return str(e)
    return f"{type(e).__name__}: {e}"


# ---------------------------------------------------------------------------------------------
# the game page
# ---------------------------------------------------------------------------------------------
@dataclass
class Validated:
    """Parameters built from raw inputs, or the library's errors keyed by input name.

    ``errors`` maps an input name (``"N"``, ``"delta"``...) to the library's message; the key
    ``"_domain"`` holds a :class:`~endodec.errors.DomainError` (no interior solution), which
    concerns the parameters jointly.
    """

    params: Any | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.params is not None and not self.errors


def validate_fields(cls, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> Validated:
    """Build ``cls(**values)`` (a frozen validated parameter dataclass of endodec) and collect the
    library's :class:`~endodec.errors.ParameterError` messages keyed by field name.

    When a field fails, its message is recorded and the field is reset to its default so the
    other fields are still checked; an error about a combination (e.g. ``"kappa + mu"``) is
    recorded under its own name.
    """
    kw = {k: values.get(k, defaults[k]) for k in defaults}
    errors: dict[str, str] = {}
    for _ in range(len(kw) + 2):
        try:
            obj = cls(**kw)
        except ParameterError as e:
            # the first message about a field is the one about the user's value (a later one
            # may be about the default it was reset to, e.g. S=None under 'direct')
            errors.setdefault(e.name if e.name in kw else str(e.name), str(e))
            if e.name in kw and kw[e.name] != defaults[e.name]:
                kw[e.name] = defaults[e.name]
                continue
            return Validated(None, errors)
        return Validated(None, errors) if errors else Validated(obj, {})
    return Validated(None, errors)  # pragma: no cover - every pass fixes one field


def validate_game(values: Mapping[str, Any], check_domain: bool = True) -> Validated:
    """Build :class:`~endodec.model.game.GameParams` from raw inputs.

    Every field is validated by ``GameParams`` itself (:func:`validate_fields`); then, with
    ``check_domain``, :meth:`~endodec.model.game.GameParams.check_domain` adds a
    :class:`~endodec.errors.DomainError` under ``"_domain"`` when there is no interior solution.
    """
    from endodec.model.game import GameParams

    values = dict(values)
    if values.get("convention", GAME_DEFAULTS["convention"]) != "direct":
        values["S"] = None  # S is an input only under the 'direct' convention
    v = validate_fields(GameParams, values, GAME_DEFAULTS)
    if v.ok and check_domain:
        try:
            v.params.check_domain()
        except DomainError as e:
            return Validated(None, {"_domain": str(e)})
    return v


def code_S(values: Mapping[str, Any]) -> float:
    """S of the 'code' convention at these inputs (the baseline's if they are invalid): the
    starting value of the S input when the user switches to the 'direct' convention."""
    from endodec.model.game import GameParams

    kw = {k: values[k] for k in ("N", "a", "b", "r", "delta") if k in values}
    try:
        return float(GameParams(**kw).S_value)
    except (EndodecError, TypeError, ValueError):
        return float(GameParams().S_value)


def game_key(p) -> tuple:
    """Hashable key of scalar GameParams (for per-parameter-set caching)."""
    return (int(p.N), float(p.a), float(p.b), float(p.r), float(p.delta), float(p.x0),
            float(p.S_T), p.convention, None if p.S is None else float(p.S))


def params_from_key(key: Sequence) -> Any:
    from endodec.model.game import GameParams

    N, a, b, r, delta, x0, S_T, conv, S = key
    return GameParams(N=int(N), a=a, b=b, r=r, delta=delta, x0=x0, S_T=S_T, convention=conv,
                      S=S)


def _fmt(v: float) -> str:
    return f"{float(v):.6g}"


def solve_command(p) -> str:
    """The ``endodec game solve`` command for these parameters (copy as CLI command)."""
    args = ["endodec", "game", "solve", "--N", str(int(p.N)), "--a", _fmt(p.a), "--b", _fmt(p.b),
            "--r", _fmt(p.r), "--delta", _fmt(p.delta), "--x0", _fmt(p.x0)]
    if p.convention != "code":
        args += ["--convention", p.convention]
    if float(p.S_T) != 0.0 or p.convention == "paper":
        args += ["--S-T", _fmt(p.S_T)]
    if p.convention == "direct":
        args += ["--S", _fmt(p.S)]
    return " ".join(shlex.quote(a) for a in args)


def game_results(key: Sequence) -> dict[str, Any]:
    """Everything the game page shows, for scalar parameters ``key`` (:func:`game_key`).

    Returns a dict with ``solution`` (:class:`~endodec.model.game.GameSolution`, incl. the
    Proposition 1 check), ``headline`` (one-row DataFrame), ``curves`` (value functions, output
    rates, shadow costs on ``[0, x_max]``), ``paths`` (state paths in time), ``prop1_curve``
    (the proof's step-2 gap :math:`NV_P'-V_N'` on the checker's range) and ``command``.
    """
    from endodec.model.game import cooperative, nash, solve

    p = params_from_key(key)
    sol = solve(p, check=True)
    nq, cq = nash(p), cooperative(p)
    x_max = float(p.x0) if float(p.x0) > 0 else 1.0
    xs = np.linspace(0.0, x_max, CAPS["curve_points"])
    curves = pd.DataFrame({
        "x": xs,
        "V_N": nq.V(xs), "V_P": cq.V(xs),
        "Q_N": nq.Q(xs), "Q_C": cq.Q(xs),
        "dV_N": nq.dV(xs), "N_dV_P": cq.social_dV(xs),
        "price_N": nq.price(xs), "price_C": cq.price(xs),
    })
    T_end = 1.2 * float(max(sol.T_nash, sol.T_coop))
    ts = np.linspace(0.0, T_end if T_end > 0 else 1.0, CAPS["path_points"])
    pn, pc = nq.path(ts), cq.path(ts)
    paths = pd.DataFrame({"t": ts, "x_nash": pn["x"], "x_coop": pc["x"],
                          "Q_nash": pn["Q"], "Q_coop": pc["Q"]})
    chk = sol.proposition1
    xg = np.unique(np.concatenate([np.geomspace(max(chk.x_max, 1e-9) * 1e-6, chk.x_max,
                                                CAPS["curve_points"]), [float(p.x0)]]))
    xg = xg[xg > 0]
    prop1_curve = pd.DataFrame({"x": xg, "N_dV_P": cq.social_dV(xg), "dV_N": nq.dV(xg),
                                "Q_N": nq.Q(xg), "Q_C": cq.Q(xg)})
    prop1_curve["shadow_gap"] = prop1_curve["N_dV_P"] - prop1_curve["dV_N"]
    prop1_curve["output_gap"] = prop1_curve["Q_N"] - prop1_curve["Q_C"]
    headline = headline_frame(sol)
    return {"solution": sol, "headline": headline, "curves": curves, "paths": paths,
            "prop1": chk, "prop1_curve": prop1_curve, "command": solve_command(p),
            "S": float(p.S_value)}


def headline_frame(sol) -> pd.DataFrame:
    """The headline quantities as a two-column table (quantity, value)."""
    rows = [("S (continuation value)", float(sol.params.S_value)),
            ("V_N(x0)", sol.V_N), ("V_P(x0)", sol.V_P),
            ("welfare loss 1 - V_N/V_P", sol.welfare_loss),
            ("Delta W = N (V_P - V_N)", sol.delta_W),
            ("T*_Nash", sol.T_nash), ("T*_Coop", sol.T_coop),
            ("acceleration 1 - T*_N/T*_C", sol.acceleration),
            ("Q_N/Q_C at x0", sol.overinvestment_ratio),
            ("Q_N(x0)", sol.Q_N0), ("Q_C(x0)", sol.Q_C0)]
    rows += [(f"shadow cost {k}", v) for k, v in sol.shadow.items()]
    return pd.DataFrame({"quantity": [r[0] for r in rows],
                         "value": [float(r[1]) for r in rows]})


def counterexample_regions(chk, curve: pd.DataFrame) -> dict[str, Any]:
    """Where Proposition 1 or its proof's steps fail (for display), from the checker's result."""
    out: dict[str, Any] = {"statement": chk.holds, "proof": chk.proof_holds}
    if not chk.output_gap_holds:
        out["output"] = (chk.output_counterexample, chk.x_max)
    if not chk.shadow_order_holds:
        lo = chk.shadow_crossover if chk.shadow_crossover is not None else chk.shadow_counterexample
        out["shadow"] = (lo, chk.x_max)
    bad = curve["shadow_gap"] <= 0
    out["n_shadow_fail_points"] = int(bad.sum())
    return out


# -- figures ----------------------------------------------------------------------------------
def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def fig_game(res: dict[str, Any]):
    """2x2 figure: value functions, output rates, shadow costs (vs x) and state paths (vs t)."""
    plt = _plt()
    c, pth = res["curves"], res["paths"]
    fig, ax = plt.subplots(2, 2, figsize=(10, 7), constrained_layout=True)
    ax[0, 0].plot(c.x, c.V_N, label="Nash $V^N(x)$")
    ax[0, 0].plot(c.x, c.V_P, label="cooperative $V^P(x)$")
    ax[0, 0].set(xlabel="x (distance to threshold)", ylabel="per-firm value", title="Value functions")
    ax[0, 1].plot(c.x, c.Q_N, label="Nash $Q^N(x)$")
    ax[0, 1].plot(c.x, c.Q_C, label="cooperative $Q^C(x)$")
    ax[0, 1].set(xlabel="x", ylabel="aggregate output rate", title="Output rates")
    ax[1, 0].plot(c.x, c.dV_N, label="Nash $V^{N\\prime}(x)$")
    ax[1, 0].plot(c.x, c.N_dV_P, label="cooperative $NV^{P\\prime}(x)$")
    ax[1, 0].set(xlabel="x", ylabel="shadow cost", title="Shadow costs")
    sol = res["solution"]
    ax[1, 1].plot(pth.t, pth.x_nash, label=f"Nash, T*={float(sol.T_nash):.4g}")
    ax[1, 1].plot(pth.t, pth.x_coop, label=f"cooperative, T*={float(sol.T_coop):.4g}")
    ax[1, 1].set(xlabel="t (model time)", ylabel="x(t)", title="State paths and crossing times")
    for a in ax.flat:
        a.legend(fontsize=8)
        a.grid(alpha=0.3)
    return fig


def fig_prop1(res: dict[str, Any]):
    """Proof step 2 (:math:`NV_P' > V_N'`) and the statement (:math:`Q^N > Q^C`) over the
    checker's range, with the failure regions shaded."""
    plt = _plt()
    c, chk = res["prop1_curve"], res["prop1"]
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    ax[0].plot(c.x, c.shadow_gap, label="$NV^{P\\prime}(x) - V^{N\\prime}(x)$")
    ax[0].axhline(0, color="k", lw=0.8)
    ax[0].set(xscale="log", xlabel="x", title="Proof step 2: shadow-cost order")
    ax[1].plot(c.x, c.output_gap, label="$Q^N(x) - Q^C(x)$")
    ax[1].axhline(0, color="k", lw=0.8)
    ax[1].set(xscale="log", xlabel="x", title="Statement: output gap")
    reg = counterexample_regions(chk, c)
    if "shadow" in reg:
        ax[0].axvspan(reg["shadow"][0], reg["shadow"][1], color="red", alpha=0.15,
                      label="step 2 fails")
    if "output" in reg:
        ax[1].axvspan(reg["output"][0], reg["output"][1], color="red", alpha=0.15,
                      label="statement fails")
    x0 = float(res["solution"].params.x0)
    for a in ax:
        if x0 > 0:
            a.axvline(x0, color="gray", ls="--", lw=0.8, label="x0")
        a.legend(fontsize=8)
        a.grid(alpha=0.3)
    return fig


def fig_bytes(fig, fmt: str = "png", dpi: int = 130) -> bytes:
    """Render a matplotlib figure to PNG or SVG bytes (for downloads)."""
    if fmt not in ("png", "svg"):
        raise ParameterError("fmt", fmt, "'png' or 'svg'")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi if fmt == "png" else None, bbox_inches="tight",
                metadata={"Date": None} if fmt == "svg" else None)
    return buf.getvalue()


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# comparative statics
# ---------------------------------------------------------------------------------------------
def statics_line(key: Sequence, name: str, lo: float, hi: float, n: int) -> pd.DataFrame:
    """T*_Nash, T*_Coop, T_N/T_C and Q_N/Q_C(x0) as ``name`` (``"N"`` or ``"delta"``) varies.

    Uses :func:`endodec.model.game.crossing_time_vs` and :func:`~endodec.model.game.solve`
    (vectorised). ``n`` is capped at ``CAPS["statics_points"]``; N takes the integers in
    ``[lo, hi]`` (at most ``CAPS["statics_N_max"]``).
    """
    from endodec.model.game import crossing_time_vs, solve

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


def fig_statics(df: pd.DataFrame, name: str):
    plt = _plt()
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    x = df[name]
    lab = "δ" if name == "delta" else name
    ax[0].plot(x, df.T_nash, marker="." if name == "N" else None, label="T*_Nash")
    ax[0].plot(x, df.T_coop, marker="." if name == "N" else None, label="T*_Coop")
    ax[0].set(xlabel=lab, ylabel="crossing time (model units)", title=f"T* vs {lab}")
    ax[1].plot(x, df.Q_ratio_x0, label="Q_N/Q_C at x0")
    ax[1].plot(x, df.ratio, label="T*_N/T*_C")
    ax[1].set(xlabel=lab, title="Nash / cooperative ratios")
    for a in ax:
        a.legend(fontsize=8)
        a.grid(alpha=0.3)
    return fig


def heatmap_grid(key: Sequence, px: str, x_range: tuple[float, float], py: str,
                 y_range: tuple[float, float], n: int, quantity: str) -> dict[str, Any]:
    """``quantity`` of :func:`endodec.model.kernel.game_kernel` over a grid of two parameters.

    The grid has ``n x n`` points with ``n`` capped at ``CAPS["heatmap_side"]``; N is rounded to
    integers. The grid's parameters are validated by ``GameParams`` (which also computes S under
    the chosen convention at every point); points without an interior solution (kernel ``code``
    2 or 3) are masked and counted.
    """
    from endodec.model.game import NUMERICAL, S_breakdown, numerical_reason
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


def fig_heatmap(h: dict[str, Any]):
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.5, 5), constrained_layout=True)
    Z = np.ma.masked_invalid(h["Z"])
    m = ax.pcolormesh(h["x"], h["y"], Z, shading="auto", cmap="viridis")
    fig.colorbar(m, ax=ax, label=HEATMAP_QUANTITIES[h["quantity"]])
    ax.set(xlabel=h["px"], ylabel=h["py"],
           title=f"{HEATMAP_QUANTITIES[h['quantity']]} (grid {len(h['x'])}x{len(h['y'])})")
    return fig


# ---------------------------------------------------------------------------------------------
# learning curves
# ---------------------------------------------------------------------------------------------
LEARNING_SOURCES = {
    "dram:001": "DRAM, printed table (seed 001 Table 6)",
    "dram:000": "DRAM, printed table (seed 000 Table 2)",
    "author:dram_learning_curve": "DRAM 1984-2024, author's 41-year series (author data)",
}


def learning_sources(author_dir: str | None) -> dict[str, str]:
    """The series the learning page offers: packaged tables, plus the author's if configured."""
    src = {k: v for k, v in LEARNING_SOURCES.items() if not k.startswith("author:")}
    if author_dir:
        src.update({k: v for k, v in LEARNING_SOURCES.items() if k.startswith("author:")})
    return src


#: Schema of a user's own learning-curve series (checked by :func:`endodec.datasets.validate_frame`).
UPLOAD_SCHEMA = {"name": "uploaded series", "columns": {
    "label": {"dtype": "str", "nullable": True,
              "description": "row label, e.g. the year (optional column)"},
    "cumulative": {"dtype": "float", "positive": True, "monotone": "increasing",
                   "description": "cumulative output (any unit)"},
    "price": {"dtype": "float", "positive": True, "description": "unit price or cost"},
}}
UPLOAD_SOURCE = "upload"
UPLOAD_MAX_ROWS = 10_000


def parse_series_csv(text: str, file: str = "uploaded CSV") -> pd.DataFrame:
    """A user's learning-curve series from CSV text: columns ``cumulative``, ``price`` and
    optionally ``label`` (or ``year``; names case-insensitive), validated like the packaged tables (positive
    values, non-decreasing cumulative output; errors name the row and column).

    Raises
    ------
    endodec.errors.DataError
        Unparseable CSV, wrong columns, bad values, fewer than 3 or more than
        :data:`UPLOAD_MAX_ROWS` rows.
    """
    from endodec.datasets import validate_frame
    from endodec.errors import DataError

    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(f"{file}: cannot parse CSV: {e}") from e
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    if "label" not in raw.columns and "year" in raw.columns:
        raw = raw.rename(columns={"year": "label"})
    if "label" not in raw.columns:
        raw["label"] = [str(i) for i in range(1, len(raw) + 1)]
    if not 3 <= len(raw) <= UPLOAD_MAX_ROWS:
        raise DataError(f"{file}: {len(raw)} rows; need 3 to {UPLOAD_MAX_ROWS:,}")
    return validate_frame(raw, UPLOAD_SCHEMA, file=file)


def load_learning_series(source: str, author_dir: str | None = None,
                         csv_text: str | None = None) -> tuple[pd.DataFrame, str]:
    """Load a learning-curve series via :mod:`endodec.datasets` (or the user's CSV text when
    ``source == "upload"``); returns (frame, provenance)."""
    from endodec import datasets

    if source == UPLOAD_SOURCE:
        if csv_text is None:
            raise ParameterError("csv_text", None, "the uploaded CSV's text when source='upload'")
        df = parse_series_csv(csv_text)
        return df, f"uploaded CSV ({len(df)} rows)"
    kind, _, name = source.partition(":")
    if kind == "dram":
        df = datasets.load("dram", version=name)
        return df.dropna(subset=["ln_price"]), f"packaged dram (seed {name})"
    if kind == "author":
        df = datasets.load_author(name, directory=author_dir)
        return df, f"author data {name}.csv"
    raise ParameterError("source", source, f"one of {tuple(LEARNING_SOURCES)}")


def learning_results(source: str, author_dir: str | None, n_boot: int, max_breaks: int,
                     trim: float, seed: int, c_now: float, q_now: float, c_target: float,
                     alpha: float | None, csv_text: str | None = None) -> dict[str, Any]:
    """Wright fit, bootstrap, Bai-Perron breaks and crossing threshold for one series.

    Calls :func:`endodec.empirics.learning_curves.fit_frame` (OLS of ln price on ln Q),
    :func:`~endodec.empirics.learning_curves.bootstrap_alpha` (pairs bootstrap, ``n_boot``
    capped at ``CAPS["bootstrap"]``; 0 = none), :func:`endodec.empirics.breaks.bai_perron`
    (``max_breaks`` capped at ``CAPS["breaks"]``; -1 = none) and
    :func:`endodec.model.learning.threshold_Q` with ``alpha`` (default: the fitted alpha).
    ``source="upload"`` fits the user's CSV text ``csv_text`` (:func:`parse_series_csv`).
    Errors of each step are returned under ``errors`` (the other steps still run).
    """
    from endodec.empirics.learning_curves import bootstrap_alpha, fit_frame

    df, prov = load_learning_series(source, author_dir, csv_text)
    if source == UPLOAD_SOURCE:  # levels of the user's columns (logs taken by the fit)
        fit = fit_frame(df, price="price", cum="cumulative", label="label", name="uploaded series")
    else:
        fit = fit_frame(df, logs=True, name=LEARNING_SOURCES.get(source, source))
    out: dict[str, Any] = {"fit": fit, "provenance": prov, "errors": {}, "boot": None,
                           "breaks": None, "threshold": None}
    n_boot = int(min(max(int(n_boot), 0), CAPS["bootstrap"]))
    if n_boot:
        try:
            out["boot"] = bootstrap_alpha(fit, n_resamples=n_boot, seed=int(seed))
        except EndodecError as e:
            out["errors"]["bootstrap"] = error_text(e)
    if max_breaks >= 0:
        from endodec.empirics.breaks import bai_perron

        try:
            h = trim if trim < 1 else int(trim)
            out["breaks"] = bai_perron(fit.y, np.column_stack([np.ones(fit.n), fit.x]), h=h,
                                       max_breaks=min(int(max_breaks), CAPS["breaks"]),
                                       labels=fit.labels, seed=int(seed),
                                       n_sim=CAPS["breaks_sim"])
        except EndodecError as e:
            out["errors"]["breaks"] = error_text(e)
    from endodec.model.learning import threshold_Q

    a_used = fit.alpha if alpha is None else alpha
    try:
        out["threshold"] = {"alpha": float(a_used), "c_now": c_now, "Q_now": q_now,
                            "c_target": c_target,
                            "Q_bar": float(threshold_Q(c_now, q_now, c_target, a_used))}
    except EndodecError as e:
        out["errors"]["threshold"] = error_text(e)
    return out


def fit_table(res: dict[str, Any]) -> pd.DataFrame:
    t = res["fit"].to_frame()
    if res["boot"] is not None:
        b = res["boot"].to_frame().add_prefix("boot_")
        t = pd.concat([t.reset_index(drop=True), b.reset_index(drop=True)], axis=1)
    return t


def fig_learning(res: dict[str, Any]):
    """Log-log scatter with the OLS line and its 95% band; bootstrap histogram; break regimes."""
    plt = _plt()
    fit = res["fit"]
    ncol = 2 if res["boot"] is not None else 1
    fig, axs = plt.subplots(1, ncol, figsize=(5.2 * ncol, 4), constrained_layout=True,
                            squeeze=False)
    ax = axs[0, 0]
    ax.scatter(fit.x, fit.y, s=14, color="k", label="data")
    order = np.argsort(fit.x)
    ax.plot(fit.x[order], fit.fitted[order], label=f"OLS: alpha={fit.alpha:.4f} (SE {fit.se:.4f})")
    _, lo, hi = fit.predict(np.exp(fit.x[order]), interval=True)
    ax.fill_between(fit.x[order], np.log(lo), np.log(hi), alpha=0.2,
                    label=f"{100 * (1 - fit.ci_alpha):g}% band of the fitted mean")
    if res["boot"] is not None:
        # bootstrap band: lines with the bootstrap alphas through the sample centroid
        b = res["boot"]
        xs = fit.x[order]
        xbar, ybar = float(np.mean(fit.x)), float(np.mean(fit.y))
        lines = ybar - np.outer(b.alphas, xs - xbar)
        lo, hi = np.quantile(lines, [b.ci_alpha / 2, 1 - b.ci_alpha / 2], axis=0)
        ax.plot(xs, lo, color="C2", ls=":", lw=1.2,
                label=f"bootstrap {100 * (1 - b.ci_alpha):g}% band (alpha draws via centroid)")
        ax.plot(xs, hi, color="C2", ls=":", lw=1.2)
    br = res["breaks"]
    if br is not None and br.M >= 1:
        m = br.selected.get("sequential", 0)
        if m >= 1:
            for j, (a, b) in enumerate(br.regimes(m), start=1):
                xs = br.X[a:b + 1, 1]
                coef = np.linalg.lstsq(br.X[a:b + 1], br.y[a:b + 1], rcond=None)[0]
                ax.plot(xs, br.X[a:b + 1] @ coef, ls="--", lw=1.5,
                        label=f"regime {j}: alpha={-coef[1]:.3f}")
    ax.set(xlabel="ln cumulative output", ylabel="ln price", title="Wright's law fit")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    if res["boot"] is not None:
        b = res["boot"]
        ax2 = axs[0, 1]
        ax2.hist(b.alphas, bins=60, color="C0", alpha=0.7)
        for v in b.ci:
            ax2.axvline(v, color="r", ls="--", lw=1)
        ax2.axvline(fit.alpha, color="k", lw=1)
        ax2.set(xlabel="alpha", title=f"Pairs bootstrap ({b.n_resamples} resamples): "
                f"CI [{b.ci[0]:.3f}, {b.ci[1]:.3f}]")
    return fig


def learning_command(source: str, n_boot: int, max_breaks: int, trim: float, seed: int,
                     author_dir: str | None) -> str:
    kind, _, name = source.partition(":")
    args = ["endodec", "learning", "fit"]
    args += ["dram", "--version", name] if kind == "dram" else [name]
    if n_boot:
        args += ["--bootstrap", str(int(min(n_boot, CAPS["bootstrap"])))]
    if max_breaks >= 0:
        args += ["--breaks", str(int(max_breaks)), "--trim", f"{trim:g}"]
    args += ["--seed", str(int(seed))]
    if kind == "author" and author_dir:
        args += ["--author-data", author_dir]
    return " ".join(shlex.quote(a) for a in args)


def threshold_command(c_now: float, q_now: float, c_target: float, alpha: float) -> str:
    return (f"endodec learning threshold --c-now {c_now:g} --q-now {q_now:g} "
            f"--target {c_target:g} --alpha {alpha:.6g}")


# ---------------------------------------------------------------------------------------------
# ledger
# ---------------------------------------------------------------------------------------------
def read_ledger(directory: str | Path) -> tuple[pd.DataFrame, dict]:
    """Read ``ledger.csv`` and ``manifest.json`` written by ``endodec reproduce --out DIR``.

    Raises
    ------
    DataError
        If the directory or its ``ledger.csv`` is missing or unreadable.
    """
    from endodec.errors import DataError

    d = Path(directory).expanduser()
    f = d / "ledger.csv"
    if not d.is_dir():
        raise DataError(f"{str(d)!r} is not a directory; run `endodec reproduce --out {d}` first")
    if not f.is_file():
        raise DataError(f"no ledger.csv in {str(d)!r}; run `endodec reproduce --out {d}` first")
    try:
        led = pd.read_csv(f, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as e:
        raise DataError(f"{f}: cannot read ({e})") from None
    need = {"id", "version", "section", "status", "analysis"}
    if not need <= set(led.columns):
        raise DataError(f"{f}: missing columns {sorted(need - set(led.columns))}")
    manifest: dict = {}
    m = d / "manifest.json"
    if m.is_file():
        try:
            manifest = json.loads(m.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise DataError(f"{m}: cannot read ({e})") from None
    return led, manifest


def filter_ledger(led: pd.DataFrame, statuses: Sequence[str] | None = None,
                  versions: Sequence[str] | None = None, sections: Sequence[str] | None = None,
                  text: str = "") -> pd.DataFrame:
    """Rows with status/version/section in the given lists (empty or None = all) and ``text``
    (case-insensitive) in the id, claim, analysis or explanation."""
    m = pd.Series(True, index=led.index)
    if statuses:
        m &= led["status"].isin(list(statuses))
    if versions:
        m &= led["version"].isin(list(versions))
    if sections:
        m &= led["section"].isin(list(sections))
    if text:
        cols = [c for c in ("id", "claim", "analysis", "explanation", "key") if c in led.columns]
        hit = pd.Series(False, index=led.index)
        for c in cols:
            hit |= led[c].str.contains(text, case=False, regex=False, na=False)
        m &= hit
    return led[m]


def artifact_counts(manifest: Mapping) -> dict[str, int]:
    """Number of figures/tables each analysis wrote (from ``manifest["artifacts"]``)."""
    out: dict[str, int] = {}
    for a in manifest.get("artifacts", []) or []:
        out[a.get("analysis", "")] = out.get(a.get("analysis", ""), 0) + 1
    return out


def artifacts_for(manifest: Mapping, analysis_id: str, root: str | Path) -> list[dict]:
    """The figures/tables an analysis wrote (from ``manifest["artifacts"]``), with absolute paths
    of the files that exist under ``root``."""
    out = []
    root = Path(root).expanduser()
    for a in manifest.get("artifacts", []) or []:
        if a.get("analysis") != analysis_id:
            continue
        files = [str(root / f) for f in a.get("files", []) if (root / f).is_file()]
        out.append({**a, "paths": files})
    return out


def section_sort_key(s: str):
    parts = []
    for tok in str(s).replace("-", ".").split("."):
        parts.append((0, int(tok), "") if tok.isdigit() else (1, 0, tok))
    return parts


# ---------------------------------------------------------------------------------------------
# adoption (endodec.model.adoption; optional part)
# ---------------------------------------------------------------------------------------------
ADOPTION_MODULE = "endodec.model.adoption"
ADOPTION_LABELS = {
    "gamma": "γ (network effect multiplier)",
    "kappa": "κ (coordination friction)",
    "mu": "μ (churn rate)",
    "lam": "λ (latency advantage)",
    "beta0": "β0 (adoption rate per unit cost saving)",
    "c_star": "c* (centralized cost benchmark, $/GB)",
    "alpha": "α (learning elasticity)",
    "Q_bar": "Q̄ (cost-parity threshold, EB)",
    "Q0": "Q0 (cumulative production today, EB)",
    "spec": "adoption function",
    "clip": "positive part (c* - c)+ (seed 001 eq. 13)",
    "p": "p (power-law exponent)",
    "k": "k (logistic slope)",
    "c_mid": "logistic location",
}


def adoption_defaults() -> dict[str, Any]:
    """Defaults of :class:`endodec.model.adoption.AdoptionParams` (read from the class)."""
    mod = importlib.import_module(ADOPTION_MODULE)
    return {f.name: f.default for f in dataclasses.fields(mod.AdoptionParams) if f.init}


def validate_adoption(values: Mapping[str, Any]) -> Validated:
    mod = importlib.import_module(ADOPTION_MODULE)
    return validate_fields(mod.AdoptionParams, values, adoption_defaults())


def adoption_key(p) -> tuple:
    d = p.to_dict()
    return tuple(sorted((k, (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                             else v)) for k, v in d.items()))


def adoption_results(key: Sequence) -> dict[str, Any]:
    """R0 along cumulative production, the threshold Q* with its status, the regime.

    Calls :func:`endodec.model.adoption.r0`, :func:`~endodec.model.adoption.threshold_Q_star` and
    :func:`~endodec.model.adoption.classify_regime` on a log grid of ``CAPS["adoption_points"]``
    points spanning Q0, Q̄ and Q*.
    """
    mod = importlib.import_module(ADOPTION_MODULE)
    p = mod.AdoptionParams(**dict(key))
    th = mod.threshold_Q_star(p)
    reg = mod.classify_regime(p)
    marks = [float(p.Q0), float(p.Q_bar)]
    if th.status == "crossing":
        marks.append(float(th.Q_star))
    lo, hi = min(marks) / 10.0, max(marks) * 10.0
    Q = np.geomspace(lo, hi, CAPS["adoption_points"])
    frame = pd.DataFrame({"Q": Q, "cost": p.cost(Q), "R0": np.asarray(mod.r0(Q, p), float)})
    return {"params": p, "threshold": th, "regime": reg, "frame": frame}


def fig_adoption(res: dict[str, Any]):
    plt = _plt()
    p, th, f = res["params"], res["threshold"], res["frame"]
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.plot(f.Q, f.R0, label="$R_0(Q)$")
    ax.axhline(1.0, color="k", lw=0.8)
    ok = f.R0 >= 1
    if ok.any():
        ax.fill_between(f.Q, 0, 1, where=ok, color="C2", alpha=0.12, transform=ax.get_xaxis_transform(),
                        label="self-sustaining ($R_0 \\geq 1$)")
    ax.axvline(float(p.Q0), color="gray", ls=":", label=f"Q0 = {float(p.Q0):.4g}")
    ax.axvline(float(p.Q_bar), color="C1", ls="--", label=f"cost parity Q̄ = {float(p.Q_bar):.4g}")
    if th.status == "crossing":
        ax.axvline(float(th.Q_star), color="C3", ls="--", label=f"Q* = {float(th.Q_star):.4g}")
    ax.set(xscale="log", xlabel="cumulative production Q", ylabel="$R_0$",
           title=f"R0 vs cumulative production: {res['regime'].regime}, Q* status {th.status}")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def adoption_path(key: Sequence, t_max: float, n: int, s0: float, target: str,
                  regime: str, post_rate: str | float, game: Sequence | None = None) -> Any:
    """:func:`endodec.model.adoption.share_path` on ``n`` (capped) times in ``[0, t_max]``, with
    the game at the parameters of ``game`` (a :func:`game_key`; default the baseline), as
    ``endodec adoption path`` does."""
    mod = importlib.import_module(ADOPTION_MODULE)
    p = mod.AdoptionParams(**dict(key))
    if not (math.isfinite(t_max) and t_max > 0):
        raise ParameterError("t_max", t_max, "> 0 and finite (model time units)")
    n = int(min(max(int(n), 2), CAPS["adoption_points"]))
    t = np.linspace(0.0, float(t_max), n)
    gp = params_from_key(game) if game is not None else None
    return mod.share_path(t, p, gp, s0=float(s0), target=target, regime=regime,
                          post_rate=post_rate)


def game_options(game: Sequence | None) -> list[str]:
    """``--N ... --convention`` options of the game (for commands that play it); [] = baseline."""
    if game is None:
        return []
    p = params_from_key(game)
    args = ["--N", str(int(p.N)), "--a", _fmt(p.a), "--b", _fmt(p.b), "--r", _fmt(p.r),
            "--delta", _fmt(p.delta)]
    if p.convention == "paper":
        args += ["--convention", "paper", "--S-T", _fmt(p.S_T)]
    elif p.convention == "direct":
        args += ["--S", _fmt(p.S)]
    return args


def fig_share_path(sp):
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.plot(sp.t, sp.s, label="distributed share s(t)")
    ax.set(xlabel="t (model time)", ylabel="share")
    ax2 = ax.twinx()
    ax2.plot(sp.t, sp.R0, color="C1", label="$R_0(Q(t))$")
    ax2.axhline(1.0, color="C1", lw=0.6, ls=":")
    ax2.set_ylabel("$R_0$")
    for T, lab, c in ((sp.T_hw, "hardware crossing", "C2"), (sp.T_R0, "R0 = 1", "C3"),
                      (sp.T_game, "game ends", "gray")):
        if np.isfinite(T):
            ax.axvline(T, color=c, ls="--", lw=1, label=f"{lab}: t = {T:.4g}")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, loc="best")
    ax.set_title(f"Share path (seed 001 eq. 11); coordination lag ΔT = {sp.delta_T:.4g}")
    ax.grid(alpha=0.3)
    return fig


def default_share_table() -> pd.DataFrame:
    """Editable share series: the packaged OpenRouter open-weight shares (seed 001 Table 10)."""
    from endodec import datasets

    d = datasets.load("openrouter_shares", "001")
    return pd.DataFrame({"period": d["period_label"].astype(str),
                         "months": pd.to_numeric(d["months"], errors="coerce").astype(float),
                         "share": d["share"].astype(float)})


def implied_from_table(df: pd.DataFrame, timing: str, delta: float):
    """:func:`endodec.model.adoption.implied_r0` from an edited table (``period, months, share``;
    the first row is the starting share, ``months`` of later rows are interval lengths)."""
    mod = importlib.import_module(ADOPTION_MODULE)
    from endodec.errors import DataError

    need = {"share", "months"}
    if not need <= set(df.columns):
        raise DataError(f"share table needs columns {sorted(need)}; has {list(df.columns)}")
    d = df.dropna(how="all")
    shares = pd.to_numeric(d["share"], errors="coerce").to_numpy(float)
    months = pd.to_numeric(d["months"], errors="coerce").to_numpy(float)[1:]
    labels = d["period"].astype(str).tolist()[1:] if "period" in d.columns else None
    return mod.implied_r0(shares, dt=months, timing=timing, delta=float(delta), labels=labels)


def _opt(name: str, v) -> list[str]:
    return [f"--{name}", f"{float(v):g}"]


def adoption_command(p, sub: str = "threshold", game: Sequence | None = None, **extra) -> str:
    """The ``endodec adoption SUB`` command for adoption parameters ``p`` (and, for ``path``, the
    game's parameters ``game``, a :func:`game_key`)."""
    d = p.to_dict()
    args = ["endodec", "adoption", sub] + game_options(game)
    for k, opt in (("gamma", "gamma"), ("kappa", "kappa"), ("mu", "mu"), ("lam", "lam"),
                   ("beta0", "beta0"), ("c_star", "c-star"), ("alpha", "alpha"),
                   ("Q_bar", "Q-bar"), ("Q0", "Q0")):
        args += _opt(opt, d[k])
    args += ["--spec", d["spec"], "--clip" if d["clip"] else "--no-clip"]
    if d["spec"] == "power":
        args += _opt("p", d["p"])
    if d["spec"] == "logistic":
        args += _opt("k", d["k"]) + _opt("c-mid", d["c_mid"])
    for k, v in extra.items():
        args += [f"--{k.replace('_', '-')}", str(v)]
    return " ".join(shlex.quote(a) for a in args)


# ---------------------------------------------------------------------------------------------
# forecast (endodec.sweep.forecast; optional part)
# ---------------------------------------------------------------------------------------------
FORECAST_MODULE = "endodec.sweep.forecast"
FORECAST_RANGES = ("c_target", "growth", "N", "delta", "S_T_frac")


def forecast_defaults() -> dict[str, Any]:
    """Defaults of :class:`endodec.sweep.forecast.ForecastParams` (read from the class)."""
    mod = importlib.import_module(FORECAST_MODULE)
    out = {}
    for f in dataclasses.fields(mod.ForecastParams):
        if f.init:
            out[f.name] = (f.default_factory() if f.default_factory is not dataclasses.MISSING
                           else f.default)
    return out


def validate_forecast(values: Mapping[str, Any]) -> Validated:
    mod = importlib.import_module(FORECAST_MODULE)
    vals = dict(values)
    for k in FORECAST_RANGES:  # (lo, hi) with lo == hi -> scalar
        v = vals.get(k)
        if isinstance(v, (tuple, list)) and len(v) == 2 and v[0] == v[1]:
            vals[k] = v[0]
    return validate_fields(mod.ForecastParams, vals, forecast_defaults())


def forecast_key(p) -> tuple:
    out = []
    for k in ("base_year", "c_now", "c_target", "alpha", "alpha_se", "growth", "N", "delta",
              "S_T_frac", "noise_sigma", "rho", "horizon"):
        v = getattr(p, k)
        out.append((k, tuple(v) if isinstance(v, (list, tuple)) else v))
    return tuple(out)


def forecast_results(key: Sequence, n_draws: int, seed: int, mode: str) -> dict[str, Any]:
    """:func:`endodec.sweep.forecast.crossing_year_distribution` with ``n_draws`` capped at
    ``CAPS["forecast_draws"]``; quantiles and P(crossing by year) for both readings."""
    mod = importlib.import_module(FORECAST_MODULE)
    p = mod.ForecastParams(**dict(key))
    n = int(min(max(int(n_draws), 1), CAPS["forecast_draws"]))
    fc = mod.crossing_year_distribution(p, n_draws=n, seed=int(seed), mode=mode)
    q = pd.DataFrame({m: fc.quantiles(mode=m) for m in ("nash", "hardware")}).T
    q.index.name = "reading"
    return {"forecast": fc, "quantiles": q.reset_index(), "prob": fc.prob_table(),
            "n_draws": n}


def forecast_python(p, n_draws: int, seed: int, mode: str) -> str:
    """The equivalent Python call (there is no ``endodec forecast`` command yet)."""
    kw = ", ".join(f"{k}={v!r}" for k, v in forecast_key(p))
    return (f"from endodec.sweep.forecast import ForecastParams, crossing_year_distribution\n"
            f"fc = crossing_year_distribution(ForecastParams({kw}),\n"
            f"                                n_draws={n_draws}, seed={seed}, mode={mode!r})\n"
            f"print(fc.summary())")


def fig_forecast(res: dict[str, Any]):
    return res["forecast"].fan_chart()


# ---------------------------------------------------------------------------------------------
# silicon (endodec.empirics.silicon; optional part)
# ---------------------------------------------------------------------------------------------
SILICON_MODULE = "endodec.empirics.silicon"


def silicon_devices() -> list:
    """Devices with a bandwidth in the packaged ``consumer_devices`` table."""
    from endodec import datasets

    mod = importlib.import_module(SILICON_MODULE)
    return mod.devices_from_table(datasets.load("consumer_devices"))


def silicon_results(device: Mapping[str, Any], model: Mapping[str, Any],
                    thresholds: Mapping[str, float], efficiency: float) -> dict[str, Any]:
    """:func:`endodec.empirics.silicon.crossing_condition` for one device and model, plus every
    packaged device evaluated for the same model (a comparison table)."""
    mod = importlib.import_module(SILICON_MODULE)
    dev = mod.Device(**device)
    mdl = mod.Model(**model)
    res = mod.crossing_condition(dev, mdl, efficiency=efficiency, **thresholds)
    rows = []
    for d in silicon_devices():
        r = mod.crossing_condition(d, mdl, efficiency=efficiency, **thresholds)
        rows.append({"device": d.name, "tier": d.tier, "year": d.year,
                     "bandwidth_GBs": d.bandwidth_GBs, "memory_GB": d.memory_GB,
                     "price_usd": d.price_usd, "tok_s": r.tok_s, "fits": r.fits,
                     "meets_speed": r.meets_speed, "meets_price": r.meets_price,
                     "crosses": r.crosses})
    table = pd.DataFrame(rows)
    return {"result": res, "table": table, "efficiency": float(efficiency)}


def fig_silicon(res: dict[str, Any]):
    """tok/s vs bandwidth for the model (bandwidth-bound line), devices as points."""
    plt = _plt()
    r, t = res["result"], res["table"]
    m = r.model
    bw = np.geomspace(10, 10_000, 200)
    eff = res["efficiency"]
    fig, ax = plt.subplots(figsize=(8, 4.2), constrained_layout=True)
    ax.plot(bw, eff * bw / m.bytes_per_token_GB,
            label=f"{m.name}: {m.bytes_per_token_GB:.3g} GB read per token")
    ax.axhline(r.thresholds["min_tok_s"], color="C3", ls="--",
               label=f"{r.thresholds['min_tok_s']:g} tok/s")
    if len(t):
        ax.scatter(t.bandwidth_GBs, t.tok_s, s=14, color="gray", label="packaged devices")
    ax.scatter([r.device.bandwidth_GBs], [r.tok_s], color="C1", zorder=3, label=r.device.name)
    ax.set(xscale="log", yscale="log", xlabel="memory bandwidth (GB/s)", ylabel="tok/s",
           title="Bandwidth-bound decoding speed (endodec.empirics.silicon)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return fig


def silicon_command(device: Mapping[str, Any], model: Mapping[str, Any],
                    thresholds: Mapping[str, float], efficiency: float) -> str:
    args = ["endodec", "empirics", "silicon", "calc",
            "--bandwidth", f"{device['bandwidth_GBs']:g}"]
    if device.get("memory_GB") is not None:
        args += ["--memory", f"{device['memory_GB']:g}"]
    if device.get("price_usd") is not None:
        args += ["--price", f"{device['price_usd']:g}"]
    args += ["--params", f"{model['params_B']:g}", "--bits", f"{model['bits']:g}"]
    if model.get("active_params_B") is not None:
        args += ["--active", f"{model['active_params_B']:g}"]
    if model.get("size_GB") is not None:
        args += ["--size", f"{model['size_GB']:g}"]
    args += ["--min-params", f"{thresholds['min_params_B']:g}", "--min-tok-s",
             f"{thresholds['min_tok_s']:g}", "--max-price", f"{thresholds['max_price_usd']:g}",
             "--efficiency", f"{efficiency:g}", "--name", device.get("name", "user device")]
    return " ".join(shlex.quote(a) for a in args)
