"""``endodec game ...``: the N-firm differential game and its extensions.

``solve`` (seed 000 §3.1-3.6 / seed 001 §3.1-3.6), ``sweep`` (the game over a grid or sample:
numpy / jax / dask), ``asymmetric`` and ``capacity`` (seed 000 §3.6 Corollaries 2-3; seed 001
§3.6 Corollaries 2-4) and ``cannibalization`` (seed 001 §3.7 Proposition 2, Corollary 5). The
game's options (``--N --a --b --r --delta --x0 --S-T --S-I --S --convention``) are the same in
every command (:func:`endodec.cli.common.game_options`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from endodec.cli.common import (
    CONVENTION_HELP,
    GAME_OPTIONS,
    JSON_OPTION,
    check_range,
    console,
    emit,
    fail,
    game_options,
    game_params,
    option_names,
    param_allowed,
    require_extra,
)
from endodec.model.params import GAME_PARAMS, describe

game_app = typer.Typer(
    help="The N-firm differential game (seed 000 §3; seed 001 §3): solve it (Nash MPE vs "
         "cooperative benchmark), sweep it over a grid or sample, and its extensions: asymmetric "
         "firms, capacity constraints, input cannibalization.",
    no_args_is_help=True,
)

_JSON = JSON_OPTION
_POS = check_range(0.0, lo_open=True)
_NONNEG = check_range(0.0)
_FINITE = check_range()
#: The sweep's parameters and their ranges, from the table (``--vary`` help).
_SWEEP_RANGES = "; ".join(f"{k} {param_allowed(p)}" for k, p in GAME_PARAMS.items())


def register(app: typer.Typer) -> None:
    """Add the ``game`` group to the main CLI."""
    app.add_typer(game_app, name="game")


@game_options()
def solve(
    game: dict,
    check: Annotated[bool, typer.Option("--check/--no-check", help="Run the Proposition 1 checker (statement and proof steps).")] = True,
    json_out: _JSON = False,
) -> None:
    """Solve the N-firm game exactly: Nash MPE vs cooperative benchmark.

    Prints V_N(x0), V_P(x0), the welfare loss and Delta W, crossing times T*_Nash and T*_Coop
    (model time units), the acceleration 1 - T*_Nash/T*_Coop, shadow costs at 0 and x0, and the
    Proposition 1 check. Seed 000 §3.1-3.6 / seed 001 §3.1-3.6.

    Exit status 2 with a one-line message when a parameter is out of range, when there is no
    interior solution, or when a result is not representable in float64 (over/underflow at
    extreme but valid parameters); every printed number is then finite (the ratio Q_N/Q_C is
    exactly inf at S = x0 = 0).
    """
    from endodec.model.game import solve as solve_game

    with option_names(GAME_OPTIONS):
        p = game_params(game)
    sol = solve_game(p, check=check)
    emit(sol, json_out, text=lambda: _solution_table(sol))


def _solution_table(sol) -> None:
    """The game's solution as a rich table (``endodec game solve`` without ``--json``)."""
    from rich.markup import escape
    from rich.table import Table

    p = sol.params

    t = Table(title=f"Nash MPE vs cooperative benchmark  (S = {float(p.S_value):.6g}, "
                    f"convention '{p.convention}')")
    t.add_column("quantity")
    t.add_column("value", justify="right")
    rows = [("V_N(x0)", sol.V_N), ("V_P(x0)", sol.V_P),
            ("welfare loss 1 - V_N/V_P", f"{100 * float(sol.welfare_loss):.4g}%"),
            ("Delta W = N (V_P - V_N)", sol.delta_W), ("T*_Nash", sol.T_nash),
            ("T*_Coop", sol.T_coop), ("acceleration 1 - T*_N/T*_C",
                                      f"{100 * float(sol.acceleration):.4g}%"),
            ("Q_N/Q_C at x0", sol.overinvestment_ratio)]
    rows += [(f"shadow cost {k}", v) for k, v in sol.shadow.items()]
    for k, v in rows:
        t.add_row(escape(k), escape(v) if isinstance(v, str) else f"{float(v):.6g}")
    if sol.proposition1 is not None:
        t.add_row("Proposition 1", escape(sol.proposition1.verdict()))
    console.print(t)


#: Allowed ranges of the count options (also in --help).
MAX_WORKERS = 1024
MAX_CHUNK = 2**31


def sweep_cmd(
    vary: list[str] = typer.Option(
        None, "--vary", help="Grid axis 'name=start:stop[:num]' or 'name=v1,v2,...' (repeatable); "
        "N=2:50 is every integer 2..50, delta=0.05:0.8:100 is 100 points. Numbers must be finite; "
        f"num is an integer in [1, 2**40]. Parameters: {_SWEEP_RANGES}; out-of-range grid "
        f"values are kept as invalid points with a reason. Others keep the baseline "
        f"{describe()}."),
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
    convention: str = typer.Option(None, "--convention", help=f"{CONVENTION_HELP} Here "
                                   "'direct' takes S from an S axis or column."),
    out: Path = typer.Option(None, "--out", help="Stream per-point results to this Parquet file "
                             "(written atomically). Without it only the summary is kept. Sweeps "
                             "above ENDODEC_MAX_POINTS points (default 1e10) are refused. An "
                             "existing file is replaced only if it is an earlier sweep written by endodec."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --out file "
                                   "that endodec did not write."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    outputs: str = typer.Option(None, "--outputs", help="Comma-separated outputs to compute "
                                "(default all), e.g. T_N,T_C: V_N, V_P, T_N, T_C, Q_N0, Q_C0, "
                                "dV_N0, social_dV_P0, welfare_loss, delta_W, acceleration, ratio "
                                "(or the column names T_nash, T_coop); code, reason and prop1 "
                                "are always computed."),
    as_json: JSON_OPTION = False,
) -> None:
    """Solve the game at every point of a grid or sample and print a summary.

    Outputs per point (in --out): V_N, V_P, T_nash, T_coop, welfare_loss, delta_W, acceleration,
    ratio (Q_N/Q_C at x0), Proposition 1 status at x0, code and reason (invalid points are kept).
    Seed 000 §3.2-3.5 / seed 001 §3.2-3.5.
    """
    from endodec.sweep import sweep

    if scheduler:
        backend = "dask"
    if backend == "jax":
        require_extra("jax", "jax", "--backend jax")
    elif backend == "dask":
        require_extra("distributed", "dask", "--backend dask" if not scheduler else "--scheduler")
    src = _sweep_source(vary, fix, samples, workers, chunk_size)
    res = sweep(src, backend=backend, chunk_size=chunk_size, scheduler=scheduler,
                progress=progress and not as_json, out=out, convention=convention,
                reduce=None if out is not None else "summary", n_workers=workers,
                overwrite=overwrite, outputs=outputs)
    emit(res, as_json, text=lambda: console.print(res.summary(), highlight=False, markup=False))


def _sweep_source(vary, fix, samples, workers, chunk_size):
    """The points of ``game sweep``: the --samples file, or the :class:`~endodec.sweep.grid.Grid`
    of the --vary axes and --fix values (every error names its option)."""
    from endodec.errors import ParameterError
    from endodec.sweep.grid import Grid, parse_spec

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
        return samples
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
        return Grid(axes, fixed)
    except ParameterError as e:  # name the option
        raise ParameterError(f"--fix {e.name.removeprefix('fixed ')}", e.value,
                             e.allowed) from None


@game_options()
def asymmetric(
    game: dict,
    epsilon: Annotated[float, typer.Option(callback=_FINITE, help="Marginal-cost advantage of the distinguished firm j (Corollary 2; finite, > -a).")] = 0.0,
    S_j: Annotated[float | None, typer.Option("--S-j", callback=_NONNEG, help="Post-crossing value of firm j (seed 001 Corollary 3; >= 0, finite); default S.")] = None,
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
    with option_names(names):
        p = game_params(game)
        sol = solve_asymmetric(p, epsilon=epsilon, S_j=S_j, n=n)
    emit(sol, json_out)


@game_options()
def capacity(
    game: dict,
    kappa0: Annotated[float | None, typer.Option(callback=_NONNEG, help="Initial capacity (aggregate output rate cap; >= 0, finite).")] = None,
    kappa_share: Annotated[float | None, typer.Option(callback=_NONNEG, help="Initial capacity as a share of unconstrained output at x0 (>= 0, finite; alternative to --kappa0).")] = None,
    Delta: Annotated[float, typer.Option("--Delta", callback=_NONNEG, help="Construction lag of new capacity (model time units; >= 0, finite).")] = 0.3,
    regime: Annotated[str, typer.Option(help="'nash' or 'coop': whose strategy is capped.")] = "nash",
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
    with option_names(names):
        p = game_params(game)
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
    from endodec.model.continuum import CannibalizationReport, capability_continuum

    names = {"theta": "--theta", "K_min": "--K-min", "K0": "--K0", "D0": "--theta-D0",
             "g_K": "--g-K", "g_D": "--g-D", "M": "--M", "p": "--p", "V_ASI": "--V-ASI",
             "t_max": "--t-max", "n": "--t-max",
             "K": "--K0/--g-K (capacity K0 e^(g_K t) on the horizon --t-max)",
             "D_H": "--theta-D0/--g-D (demand on the horizon --t-max)"}
    with option_names(names), np.errstate(over="ignore"):
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
    rep = CannibalizationReport(sd, cont, episode=episode, M=M, M_eff=meff)
    emit(rep, json_out)


game_app.command("solve")(solve)
game_app.command("sweep")(sweep_cmd)
game_app.command("asymmetric")(asymmetric)
game_app.command("capacity")(capacity)
game_app.command("cannibalization")(cannibalization)
