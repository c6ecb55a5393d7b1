"""Logic of the game page (:mod:`endodec.explore.views.game`): validated inputs, the solution
and its curves, the equivalent CLI command (seed 000 §3.1-3.5; seed 001 §3.1-3.5)."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import DomainError, EndodecError
from endodec.explore.logic.common import CAPS, Validated, _fmt, validate_fields
from endodec.model.game import GameParams as _GameParams
from endodec.model.params import GAME_PARAMS

__all__ = ["GAME_DEFAULTS", "GAME_FIELDS", "GAME_LABELS", "code_S", "counterexample_regions",
           "game_help", "game_key", "game_options", "game_results", "game_step", "headline_frame",
           "params_from_key", "prop1_figure_args", "solve_command", "validate_game"]

_CONVENTION_DEFAULT = next(f.default for f in dataclasses.fields(_GameParams)
                           if f.name == "convention")

#: Fields of :class:`~endodec.model.game.GameParams` the game page sets, in widget order.
GAME_FIELDS = ("N", "a", "b", "r", "delta", "x0", "S_T", "convention", "S")
#: The baseline of every field: :data:`endodec.model.params.GAME_PARAMS` (and the default
#: convention of :class:`~endodec.model.game.GameParams`).
GAME_DEFAULTS: dict[str, Any] = {
    k: (_CONVENTION_DEFAULT if k == "convention" else GAME_PARAMS[k].default)
    for k in GAME_FIELDS}
#: Widget labels: :attr:`endodec.model.params.Param.label`.
GAME_LABELS = {k: ("continuation-value convention" if k == "convention" else GAME_PARAMS[k].label)
               for k in GAME_FIELDS}


def game_step(name: str) -> float | None:
    """Step of the number input of ``name`` (from the parameter table's widget range)."""
    w = GAME_PARAMS[name].widget if name in GAME_PARAMS else None
    return None if w is None else w[2]


def game_help(name: str) -> str:
    """Help text of the input of ``name``: the table's meaning, reference and slider range."""
    p = GAME_PARAMS[name]
    rng = f" Typical range {p.widget[0]:g} to {p.widget[1]:g}." if p.widget else ""
    return f"{p.help} Allowed: {p.allowed}.{rng} ({p.ref})"


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


def solve_command(p) -> str:
    """The ``endodec game solve`` command for these parameters (copy as CLI command)."""
    args = ["endodec", "game", "solve", "--N", str(int(p.N)), "--a", _fmt(p.a),
            "--b", _fmt(p.b),
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



def prop1_figure_args(res: dict[str, Any]) -> tuple:
    """Arguments of :func:`endodec.plots.game.proof_gaps` for :func:`game_results`."""
    curve = res["prop1_curve"]
    return (curve, counterexample_regions(res["prop1"], curve),
            float(res["solution"].params.x0))

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
