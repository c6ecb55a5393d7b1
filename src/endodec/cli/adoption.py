"""``endodec adoption ...``: the R0 adoption threshold, share paths, implied R0, Appendix C.

Seed 000 §3.9 and Appendix C; seed 001 §2.3, §3.10, §5.4 and Appendix C. (The model's
extensions, asymmetric firms, capacity and input cannibalization, are ``endodec game ...``.)
"""

from __future__ import annotations

import math
from typing import Annotated

import typer

from endodec.cli.common import (
    GAME_OPTIONS,
    JSON_OPTION,
    check_range,
    console,
    emit,
    game_options,
    game_params,
    option_names,
)

adoption_app = typer.Typer(
    help="Adoption and coordination (seed 000 §3.9, App. C; seed 001 §2.3, §3.10, §5.4): the "
         "self-sustaining adoption threshold R0 = beta(c, lam) gamma/(kappa + mu) > 1, the "
         "modified production threshold Q*, distributed-share paths, the coordination lag, "
         "implied R0 from share data, and declining coordination friction.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``adoption`` group to the main CLI."""
    app.add_typer(adoption_app, name="adoption")


_POS = check_range(0.0, lo_open=True)
_NONNEG = check_range(0.0)
_FINITE = check_range()
_JSON = JSON_OPTION
_GAMMA = Annotated[float, typer.Option("--gamma", callback=_POS, help="Network effect multiplier gamma (> 0, finite).")]
_KAPPA = Annotated[float, typer.Option("--kappa", callback=_NONNEG, help="Coordination friction kappa (>= 0, finite; kappa + mu > 0).")]
_MU = Annotated[float, typer.Option("--mu", callback=_NONNEG, help="Churn rate mu (>= 0, finite; kappa + mu > 0).")]
_LAM = Annotated[float, typer.Option("--lam", callback=_NONNEG, help="Latency advantage lambda, an adoption rate (>= 0, finite).")]
_BETA0 = Annotated[float, typer.Option("--beta0", callback=_POS, help="beta0 of seed 001 eq. 13: adoption rate per unit cost saving (> 0, finite; seed 000: 1).")]
_CSTAR = Annotated[float, typer.Option("--c-star", callback=_POS, help="Centralized cost benchmark c* ($/GB; > 0, finite); c(Q_bar) = c*.")]
_ALPHA = Annotated[float, typer.Option("--alpha", callback=_POS, help="Learning elasticity alpha of c(Q) = c0 Q^-alpha (> 0, finite).")]
_QBAR = Annotated[float, typer.Option("--Q-bar", callback=_POS, help="Cost-parity (hardware) threshold Q_bar (EB; > 0, finite).")]
_Q0 = Annotated[float, typer.Option("--Q0", callback=_POS, help="Cumulative production at time 0 (EB; > 0, finite).")]
_SPEC = Annotated[str, typer.Option("--spec", help="Adoption function of seed 000 Table 8: linear, power or logistic.")]
_CLIP = Annotated[bool, typer.Option("--clip/--no-clip", help="Positive part (c* - c)^+ of seed 001 eq. 13 (default) or seed 000's form without it.")]
_P = Annotated[float, typer.Option("--p", callback=_POS, help="Power-law exponent p (spec=power; > 0, finite).")]
_K = Annotated[float, typer.Option("--k", callback=_POS, help="Logistic slope k (spec=logistic; > 0, finite).")]
_CMID = Annotated[float, typer.Option("--c-mid", callback=_FINITE, help="Logistic location (finite; seed 000 writes c0).")]

#: CLI options of the AdoptionParams fields, by library name.
ADOPTION_OPTIONS = {"gamma": "--gamma", "kappa": "--kappa", "mu": "--mu", "lam": "--lam",
                    "beta0": "--beta0", "c_star": "--c-star", "alpha": "--alpha",
                    "Q_bar": "--Q-bar", "Q0": "--Q0", "spec": "--spec", "p": "--p", "k": "--k",
                    "c_mid": "--c-mid", "kappa + mu": "--kappa + --mu"}


def _params(gamma, kappa, mu, lam, beta0, c_star, alpha, Q_bar, Q0, spec, clip, p, k, c_mid):
    from endodec.model.adoption import AdoptionParams

    return AdoptionParams(gamma=gamma, kappa=kappa, mu=mu, lam=lam, beta0=beta0, c_star=c_star,
                          alpha=alpha, Q_bar=Q_bar, Q0=Q0, spec=spec, clip=clip, p=p, k=k,
                          c_mid=c_mid)


@adoption_app.command("threshold")
def threshold(
    gamma: _GAMMA = 1.0, kappa: _KAPPA = 0.3, mu: _MU = 0.1, lam: _LAM = 0.2, beta0: _BETA0 = 0.2,
    c_star: _CSTAR = 5.0, alpha: _ALPHA = 0.23, Q_bar: _QBAR = 112.0, Q0: _Q0 = 2.5,
    spec: _SPEC = "linear", clip: _CLIP = True, p: _P = 2.0, k: _K = 1.0, c_mid: _CMID = 0.0,
    json_out: _JSON = False,
) -> None:
    """Modified threshold Q* where R0 = 1 (seed 000 eq. 13; seed 001 eq. 18), its domain, the
    regime (Definition 3) and the coordination lag dT along the Nash game (eq. 15)."""
    from endodec.model.adoption import (
        ThresholdReport,
        classify_regime,
        coordination_lag,
        threshold_Q_star,
    )

    with option_names(ADOPTION_OPTIONS):
        ap = _params(gamma, kappa, mu, lam, beta0, c_star, alpha, Q_bar, Q0, spec, clip, p, k, c_mid)
        rep = ThresholdReport(threshold_Q_star(ap), classify_regime(ap), coordination_lag(ap))
    emit(rep, json_out, text=lambda: console.print(rep.summary(), markup=False))


@adoption_app.command("path")
@game_options(exclude=("x0",))
def path(
    game: dict,
    t_max: Annotated[float, typer.Option("--t-max", callback=_POS, help="Horizon in model time units (> 0, finite).")] = 40.0,
    n: Annotated[int, typer.Option("--n", callback=check_range(2, integer=True), help="Number of output times (integer >= 2; memory bounded by ENDODEC_MAX_BYTES).")] = 11,
    s0: Annotated[float, typer.Option("--s0", callback=check_range(0.0, 1.0, lo_open=True), help="Initial distributed share s(0), in (0, 1].")] = 0.01,
    target: Annotated[str, typer.Option("--target", help="Threshold the game is played towards: auto (Q* if R0 crosses 1, Proposition 1*; else Q_bar), Q_star or Q_bar.")] = "auto",
    post_rate: Annotated[str, typer.Option("--post-rate", help="Cumulative production after the game ends: 'last' (rate at crossing), 'stop' or a finite rate >= 0.")] = "last",
    regime: Annotated[str, typer.Option("--regime", help="Output of the game: nash (Markov perfect equilibrium) or coop (cooperative benchmark).")] = "nash",
    gamma: _GAMMA = 1.0, kappa: _KAPPA = 0.3, mu: _MU = 0.1, lam: _LAM = 0.2, beta0: _BETA0 = 0.2,
    c_star: _CSTAR = 5.0, alpha: _ALPHA = 0.23, Q_bar: _QBAR = 112.0, Q0: _Q0 = 2.5,
    spec: _SPEC = "linear", clip: _CLIP = True, p: _P = 2.0, k: _K = 1.0, c_mid: _CMID = 0.0,
    json_out: _JSON = False,
) -> None:
    """Distributed share s(t) of seed 001 eq. (11), ds/dt = beta gamma s(1-s) - (kappa+mu) s,
    with cumulative production Q(t) from the game (--N, --a, --b, --r, --delta and the
    continuation value as in `endodec game solve`; x0 is the distance from Q0 to the threshold)."""
    import numpy as np

    from endodec._limits import check_size
    from endodec.model.adoption_dynamics import share_path

    names = {**ADOPTION_OPTIONS, **GAME_OPTIONS, "s0": "--s0", "target": "--target",
             "regime": "--regime", "post_rate": "--post-rate", "t": "--t-max/--n"}
    with option_names(names):
        ap = _params(gamma, kappa, mu, lam, beta0, c_star, alpha, Q_bar, Q0, spec, clip, p, k, c_mid)
        gp = game_params(game)
        if post_rate in ("last", "stop"):
            pr = post_rate
        else:
            try:
                pr = float(post_rate)
            except ValueError:
                pr = None
            if pr is None or not (math.isfinite(pr) and pr >= 0):
                from endodec.errors import ParameterError

                raise ParameterError("--post-rate", post_rate, "'last', 'stop' or a finite rate >= 0")
        check_size(f"a share path of {n:,} output times (--n)", 160.0 * n, "use a smaller --n")
        sp = share_path(np.linspace(0.0, t_max, n), ap, gp, s0=s0, target=target, regime=regime,
                        post_rate=pr)

    def text() -> None:
        console.print(sp.summary(), markup=False)
        console.print(sp.to_frame().to_string(index=False, float_format=lambda v: f"{v:.5g}"),
                      markup=False, highlight=False)

    emit(sp, json_out, text=text)


@adoption_app.command("implied-r0")
def implied(
    shares: Annotated[str, typer.Option("--shares", help="'packaged' (OpenRouter open-weight shares, seed 001 Table 10, Jan-24 start 1.0%) or a CSV file with a column 'share' (each in (0, 1); optionally 'months' = interval lengths > 0, 'period_label').")] = "packaged",
    timing: Annotated[str, typer.Option("--timing", help="Share entering s(1-s) in eq. (20): end (period-end share), mid (midpoint; reproduces Table 10), start, or exact (inverts eq. 19's logistic solution).")] = "mid",
    delta: Annotated[float, typer.Option("--delta", callback=_POS, help="Rate delta of eq. (19) per time unit of the data (> 0, finite; paper: 1/month).")] = 1.0,
    dt: Annotated[float, typer.Option("--dt", callback=_POS, help="Interval length when the file has no 'months' column (> 0, finite).")] = 1.0,
    beta_gamma: Annotated[float, typer.Option("--beta-gamma", callback=_NONNEG, help="beta*gamma for the implied kappa = beta gamma/R0 - mu (>= 0, finite; seed 001 §5.4.3: 0.24/month).")] = 0.24,
    mu: Annotated[float, typer.Option("--mu", callback=_NONNEG, help="Churn rate mu for the implied kappa (>= 0, finite; paper bound 0.08-0.17/month).")] = 0.10,
    json_out: _JSON = False,
) -> None:
    """Implied basic reproduction number from a share series, seed 001 eq. (20):
    R0 = 1 + (ds/dt)/(delta s (1-s)), with the implied coordination friction kappa."""
    import numpy as np

    from endodec import datasets
    from endodec.empirics.implied_r0 import ImpliedR0Report, implied_r0, kappa_from_r0

    names = {"timing": "--timing", "delta": "--delta", "dt": "--dt (or the 'months' column)",
             "shares": "--shares (column 'share')", "beta_gamma": "--beta-gamma", "mu": "--mu",
             "labels": "--shares (column 'period_label')"}
    with option_names(names):
        if shares == "packaged":
            df = datasets.load("openrouter_shares", "001")
        else:
            df = datasets.read_user_csv(shares, what="shares file", required=["share"],
                                        numeric=["share", "months"], option="--shares")
        s = df["share"].to_numpy(float)
        d = (df["months"].iloc[1:].to_numpy(float) if "months" in df.columns else dt)
        labels = df["period_label"].iloc[1:].tolist() if "period_label" in df.columns else None
        res = implied_r0(s, dt=d, timing=timing, delta=delta, labels=labels)
        rep = ImpliedR0Report(res, np.asarray(kappa_from_r0(res.r0, beta_gamma, mu)),
                              beta_gamma, mu)
    emit(rep, json_out, text=lambda: console.print(rep.summary(), markup=False))


@adoption_app.command("coordination")
def coordination(
    schedule: Annotated[str, typer.Option("--schedule", help="kappa(E) of Appendix C.3: exponential (kappa0 e^(-rate E)), power (kappa0 (1+E)^-eta) or step (kappa0 -> kappa1 at E_threshold).")] = "exponential",
    kappa0: Annotated[float, typer.Option("--kappa0", callback=_POS, help="Initial coordination friction kappa0 (> 0, finite).")] = 0.3,
    rate: Annotated[float, typer.Option("--rate", callback=_POS, help="Exponential decay rate (> 0, finite).")] = 0.5,
    eta: Annotated[float, typer.Option("--eta", callback=_POS, help="Power-law exponent (> 0, finite).")] = 1.0,
    E_threshold: Annotated[float, typer.Option("--E-threshold", callback=_POS, help="Step: ecosystem investment at which a dominant standard emerges (> 0, finite).")] = 2.0,
    kappa1: Annotated[float, typer.Option("--kappa1", callback=_NONNEG, help="Step: friction after the standard (in [0, kappa0)).")] = 0.25,
    phi: Annotated[float, typer.Option("--phi", callback=_NONNEG, help="E' = phi max(0, c* - c(Q)): ecosystem investment per unit cost advantage (>= 0, finite).")] = 1.0,
    eps: Annotated[float, typer.Option("--eps", callback=_POS, help="Timescale-separation tolerance for |dQ*/dt|/sum q (> 0, finite).")] = 0.1,
    gamma: _GAMMA = 1.0, mu: _MU = 0.1, lam: _LAM = 0.2, beta0: _BETA0 = 0.2,
    c_star: _CSTAR = 5.0, alpha: _ALPHA = 0.23, Q_bar: _QBAR = 112.0, Q0: _Q0 = 2.5,
    json_out: _JSON = False,
) -> None:
    """Semi-endogenous coordination dynamics (Appendix C): declining kappa(E), the two-gap
    decomposition x* = G_H + G_C, R0 crossing vs fixed kappa, and the quasi-static check."""
    from endodec.model.coordination import (
        CoordinationReport,
        KappaSchedule,
        simulate,
        timescale_separation,
    )

    names = {**ADOPTION_OPTIONS, "kappa": "--kappa0", "kappa + mu": "--kappa0 + --mu",
             "kind": "--schedule", "kappa0": "--kappa0", "rate": "--rate", "eta": "--eta",
             "E_threshold": "--E-threshold", "kappa1": "--kappa1", "phi": "--phi", "eps": "--eps"}
    with option_names(names):
        ap = _params(gamma, kappa0, mu, lam, beta0, c_star, alpha, Q_bar, Q0, "linear", True, 2.0,
                     1.0, 0.0)
        sch = KappaSchedule(schedule, kappa0=kappa0, rate=rate, eta=eta, E_threshold=E_threshold,
                            kappa1=kappa1)
        pa = simulate(ap, sch, phi=phi)
        rep = CoordinationReport(pa, timescale_separation(pa, eps=eps), eps)
    emit(rep, json_out, text=lambda: console.print(rep.summary(), markup=False))


@adoption_app.command("distributed-r0")
def distributed(
    r0_central: Annotated[float, typer.Option("--r0-central", callback=_NONNEG, help="Centralized (OpenRouter) R0 (>= 0, finite).")] = 1.2,
    ratio: Annotated[list[float], typer.Option("--ratio", callback=_POS, help="kappa_distributed/kappa_central (> 0, finite; repeatable; paper 2-5).")] = None,  # noqa: B006
    kappa_central: Annotated[float, typer.Option("--kappa-central", callback=_NONNEG, help="kappa_central for the eq. (12) version (>= 0, finite; kappa_central + mu > 0).")] = 0.08,
    mu: Annotated[float, typer.Option("--mu", callback=_NONNEG, help="Churn mu for the eq. (12) version (>= 0, finite).")] = 0.10,
    beta_gamma: Annotated[float, typer.Option("--beta-gamma", callback=_NONNEG, help="beta*gamma for the eq. (12) version (>= 0, finite).")] = 0.24,
    json_out: _JSON = False,
) -> None:
    """Distributed R0 of seed 001 eq. (21), R0_d = R0_c kappa_c/kappa_d, next to the full
    eq. (12) value beta gamma/(m kappa_c + mu) that keeps churn."""
    import numpy as np

    from endodec.model.adoption_dynamics import (
        DistributedR0Table,
        distributed_r0,
        distributed_r0_full,
    )

    names = {"r0_central": "--r0-central", "kappa_distributed": "--ratio", "ratio": "--ratio",
             "kappa_central": "--kappa-central", "mu": "--mu", "beta_gamma": "--beta-gamma",
             "m*kappa_c + mu": "--ratio * --kappa-central + --mu", "R0_d": "--r0-central/--ratio"}
    with option_names(names):
        m = np.asarray(ratio or [2.0, 5.0], dtype=float)
        res = DistributedR0Table(
            r0_central, kappa_central, mu, beta_gamma, m,
            np.array([float(distributed_r0(r0_central, 1.0, x)) for x in m]),
            np.array([float(distributed_r0_full(beta_gamma, kappa_central, mu, x)) for x in m]))
    emit(res, json_out, text=lambda: console.print(res.summary(), markup=False))

