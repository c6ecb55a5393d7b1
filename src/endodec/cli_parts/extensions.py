"""``endodec adoption cannibalization | asymmetric | capacity``: the model's extensions.

This module does not register a top-level group: :func:`add_commands` adds its commands to the
``endodec adoption`` sub-app (built in ``cli_parts/adoption.py``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from endodec.cli_parts.common import (
    _A,
    _B,
    _CONV,
    _DELTA,
    _JSON,
    _N,
    _R,
    _S,
    _ST,
    _X0,
    GAME_OPTIONS,
    check_range,
    emit,
    fail,
    friendly_errors,
    game_params,
    option_names,
    print_json,
)

_POS = check_range(0.0, lo_open=True)
_NONNEG = check_range(0.0)
_FINITE = check_range()

__all__ = ["add_commands"]


def add_commands(adoption_app: typer.Typer) -> None:
    """Add ``cannibalization``, ``asymmetric`` and ``capacity`` to the ``adoption`` sub-app."""
    adoption_app.command("cannibalization")(cannibalization)
    adoption_app.command("asymmetric")(asymmetric)
    adoption_app.command("capacity")(capacity)


def asymmetric(
    epsilon: Annotated[float, typer.Option(callback=_FINITE, help="Marginal-cost advantage of the distinguished firm j (Corollary 2; finite, > -a).")] = 0.0,
    S_j: Annotated[float | None, typer.Option("--S-j", callback=_NONNEG, help="Post-crossing value of firm j (seed 001 Corollary 3; >= 0, finite); default S.")] = None,
    N: _N = 5, a: _A = 10.0, b: _B = 0.5, r: _R = 0.05, delta: _DELTA = 0.30, x0: _X0 = 10.0,
    S_T: _ST = 0.0, S: _S = None, convention: _CONV = "code",
    n: Annotated[int, typer.Option(callback=check_range(2, integer=True), help="State grid points (integer >= 2; memory bounded by ENDODEC_MAX_BYTES).")] = 401,
    json_out: _JSON = False,
) -> None:
    """Asymmetric Markov equilibrium: one firm with cost advantage epsilon and/or value S_j.

    Solves the coupled HJBs of the distinguished firm j and its N-1 rivals numerically
    (seed 000 §3.6 Corollary 2; seed 001 §3.6 Corollaries 2-3) and compares aggregate output and
    the crossing time with the symmetric closed form.
    """
    from endodec.model.asymmetric import solve_asymmetric

    names = {**GAME_OPTIONS, "epsilon": "--epsilon", "S_j": "--S-j", "n": "--n"}
    with friendly_errors(), option_names(names):
        p = game_params(N, a, b, r, delta, x0, S_T, S, convention)
        sol = solve_asymmetric(p, epsilon=epsilon, S_j=S_j, n=n)
    emit(sol, json_out)


def capacity(
    kappa0: Annotated[float | None, typer.Option(callback=_NONNEG, help="Initial capacity (aggregate output rate cap; >= 0, finite).")] = None,
    kappa_share: Annotated[float | None, typer.Option(callback=_NONNEG, help="Initial capacity as a share of unconstrained output at x0 (>= 0, finite; alternative to --kappa0).")] = None,
    Delta: Annotated[float, typer.Option("--Delta", callback=_NONNEG, help="Construction lag of new capacity (model time units; >= 0, finite).")] = 0.3,
    regime: Annotated[str, typer.Option(help="'nash' or 'coop': whose strategy is capped.")] = "nash",
    N: _N = 5, a: _A = 10.0, b: _B = 0.5, r: _R = 0.05, delta: _DELTA = 0.30, x0: _X0 = 10.0,
    S_T: _ST = 0.0, S: _S = None, convention: _CONV = "code",
    json_out: _JSON = False,
) -> None:
    """Crossing delay under a capacity constraint sum q <= kappa(t) with construction lag Delta.

    Seed 000 §3.6 Corollary 3 / seed 001 §3.6 Corollary 4: capacity kappa0 until new capacity
    arrives after Delta; the delay relative to the closed-form T* lies in [0, Delta].
    """
    from endodec.model.capacity import _regime, capacity_constrained_crossing

    if (kappa0 is None) == (kappa_share is None):
        fail("give exactly one of --kappa0 and --kappa-share")
    names = {**GAME_OPTIONS, "kappa0": "--kappa0" if kappa0 is not None else "--kappa-share",
             "Delta": "--Delta", "regime": "--regime"}
    with friendly_errors(), option_names(names):
        p = game_params(N, a, b, r, delta, x0, S_T, S, convention)
        k0 = kappa0 if kappa0 is not None else kappa_share * float(_regime(p, regime).Q())
        res = capacity_constrained_crossing(p, kappa0=k0, Delta=Delta, regime=regime)
    emit(res, json_out)


def cannibalization(
    theta: Annotated[float, typer.Option(callback=_POS, help="Input multiplier theta (> 0, finite; the paper assumes > 1: HBM wafer use per GB vs consumer DRAM).")] = 3.5,
    K_min: Annotated[float, typer.Option("--K-min", callback=_NONNEG, help="Minimum consumer capacity for viable consumer production (>= 0, finite).")] = 0.45,
    K0: Annotated[float, typer.Option("--K0", callback=_POS, help="Input capacity at t=0 (> 0, finite).")] = 1.0,
    theta_D0: Annotated[float, typer.Option("--theta-D0", callback=_NONNEG, help="Centralized input use theta*D_H at t=0 (>= 0, finite).")] = 0.5,
    g_K: Annotated[float, typer.Option("--g-K", callback=_FINITE, help="Capacity growth rate (continuous, per year; finite).")] = 0.12,
    g_D: Annotated[float, typer.Option("--g-D", callback=_FINITE, help="Centralized demand growth rate during the ASI episode (per year; finite).")] = 0.35,
    episode: Annotated[float | None, typer.Option(callback=_NONNEG, help="Length of the ASI investment episode (years; >= 0, finite); demand is flat afterwards. Default: growth never stops.")] = None,
    M: Annotated[float | None, typer.Option("--M", callback=_NONNEG, help="Inference market M (Remark 4; >= 0, finite); with --p and --V-ASI prints M_eff.")] = None,
    p: Annotated[float | None, typer.Option("--p", callback=check_range(0.0, 1.0), help="Subjective probability of ASI (Remark 4; in [0, 1]).")] = None,
    V_ASI: Annotated[float | None, typer.Option("--V-ASI", callback=_NONNEG, help="Value of the ASI prize (Remark 4; >= 0, finite).")] = None,
    t_max: Annotated[float, typer.Option(callback=check_range(0.0, 1e7, lo_open=True), help="Horizon (years) for the supply-denial duration (in (0, 1e7]; the grid has max(2001, 20 t_max) points).")] = 100.0,
    json_out: _JSON = False,
) -> None:
    """Input cannibalization: supply-denial duration (eq. 10) and Corollary 5 (eq. 22).

    Consumer capacity K_C = K - theta D_H (seed 001 §3.7 Proposition 2) with K = K0 e^{g_K t}
    and theta D_H = theta_D0 e^{g_D min(t, episode)}. Prints Delta_IC (from the onset of supply
    denial) and, for uninterrupted growth, whether and when eq. (22) holds (closed form).
    """
    import numpy as np

    from endodec.model.cannibalization import effective_demand, supply_denial_duration
    from endodec.model.continuum import capability_continuum

    names = {"theta": "--theta", "K_min": "--K-min", "K0": "--K0", "D0": "--theta-D0",
             "g_K": "--g-K", "g_D": "--g-D", "M": "--M", "p": "--p", "V_ASI": "--V-ASI",
             "t_max": "--t-max", "n": "--t-max",
             "K": "--K0/--g-K (capacity K0 e^(g_K t) on the horizon --t-max)",
             "D_H": "--theta-D0/--g-D (demand on the horizon --t-max)"}
    with friendly_errors(), option_names(names), np.errstate(over="ignore"):
        T = np.inf if episode is None else float(episode)
        sd = supply_denial_duration(lambda t: K0 * np.exp(g_K * np.asarray(t)),
                                    lambda t: theta_D0 / theta * np.exp(g_D * np.minimum(t, T)),
                                    theta, K_min, t_max=t_max, n=max(2001, int(20 * t_max)),
                                    from_onset=True)
        cont = capability_continuum(g_K, g_D, K0=K0, D0=theta_D0 / theta, theta=theta,
                                    K_min=K_min)
        meff = None
        if M is not None or p is not None or V_ASI is not None:
            if M is None or p is None or V_ASI is None:
                fail("--M, --p and --V-ASI go together")
            meff = float(effective_demand(M, p, V_ASI))
    out = {"Delta_IC": sd.Delta_IC, "onset": sd.onset, "denied_now": sd.denied_now,
           "rate_condition_at_restoration": sd.rate_condition_at_restoration,
           "continuum": cont.to_dict()}
    if meff is not None:
        out["M_eff"] = meff
        out["M_eff_over_M"] = meff / M if M else None
    if json_out:
        print_json(out)
        return
    ep = "never stops" if episode is None else f"lasts {episode:g} years"
    typer.echo(f"Supply denial (ASI episode {ep}):")
    if sd.onset is None:
        typer.echo("  consumer supply is never denied on the horizon")
    else:
        d = ("never restored within the horizon" if sd.Delta_IC is None
             else f"restored after Delta_IC = {sd.Delta_IC:.4g} years")
        typer.echo(f"  denied from t = {sd.onset:.4g}; {d}")
    typer.echo(cont.summary())
    if meff is not None:
        typer.echo(f"Remark 4: M_eff = M + p V_ASI = {meff:.6g}"
                   + (f" ({meff / M:.4g} x M)" if M else ""))
