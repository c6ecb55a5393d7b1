"""Logic of the adoption page (:mod:`endodec.explore.views.adoption`): R0 and the threshold,
share paths, implied R0 (``endodec.model.adoption``, an optional part)."""

from __future__ import annotations

import dataclasses
import importlib
import math
import shlex
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import ParameterError
from endodec.explore.logic.common import CAPS, Validated, validate_fields
from endodec.explore.logic.game import game_options, params_from_key

__all__ = ["ADOPTION_LABELS", "ADOPTION_MODULE", "adoption_command", "adoption_defaults",
           "adoption_key", "adoption_path", "adoption_results", "default_share_table",
           "implied_from_table", "r0_figure_args", "validate_adoption"]

ADOPTION_MODULE = "endodec.model.adoption"
ADOPTION_DYNAMICS_MODULE = "endodec.model.adoption_dynamics"
IMPLIED_R0_MODULE = "endodec.empirics.implied_r0"
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



def r0_figure_args(res: dict[str, Any]) -> tuple:
    """Arguments of :func:`endodec.plots.adoption.r0_curve` for :func:`adoption_results`."""
    p, th, f = res["params"], res["threshold"], res["frame"]
    q_star = float(th.Q_star) if th.status == "crossing" else None
    title = f"R0 vs cumulative production: {res['regime'].regime}, Q* status {th.status}"
    return (f.Q, f.R0, float(p.Q0), float(p.Q_bar), q_star, title)


def adoption_path(key: Sequence, t_max: float, n: int, s0: float, target: str,
                  regime: str, post_rate: str | float, game: Sequence | None = None) -> Any:
    """:func:`endodec.model.adoption_dynamics.share_path` on ``n`` (capped) times in
    ``[0, t_max]``, with the game at the parameters of ``game`` (a :func:`game_key`; default the
    baseline), as ``endodec adoption path`` does."""
    mod = importlib.import_module(ADOPTION_MODULE)
    dyn = importlib.import_module(ADOPTION_DYNAMICS_MODULE)
    p = mod.AdoptionParams(**dict(key))
    if not (math.isfinite(t_max) and t_max > 0):
        raise ParameterError("t_max", t_max, "> 0 and finite (model time units)")
    n = int(min(max(int(n), 2), CAPS["adoption_points"]))
    t = np.linspace(0.0, float(t_max), n)
    gp = params_from_key(game) if game is not None else None
    return dyn.share_path(t, p, gp, s0=float(s0), target=target, regime=regime,
                          post_rate=post_rate)


def default_share_table() -> pd.DataFrame:
    """Editable share series: the packaged OpenRouter open-weight shares (seed 001 Table 10)."""
    from endodec import datasets

    d = datasets.load("openrouter_shares", "001")
    return pd.DataFrame({"period": d["period_label"].astype(str),
                         "months": pd.to_numeric(d["months"], errors="coerce").astype(float),
                         "share": d["share"].astype(float)})


def implied_from_table(df: pd.DataFrame, timing: str, delta: float):
    """:func:`endodec.empirics.implied_r0.implied_r0` from an edited table (``period, months,
    share``; the first row is the starting share, ``months`` of later rows are interval
    lengths)."""
    mod = importlib.import_module(IMPLIED_R0_MODULE)
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
