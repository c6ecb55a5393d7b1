"""``endodec robustness``: which of the paper's results survive other assumptions.

Beyond the paper (no claims-ledger rows): samples each specification family of
:data:`endodec.analyses.robustness.FAMILIES`, solves the game numerically
(:mod:`endodec.model.hjb`) and prints the table result x specification with a counterexample for
every failure (:class:`~endodec.analyses.robustness.RobustnessTable`).
"""

from __future__ import annotations

import typer

from endodec.cli.common import JSON_OPTION, check_range, emit


def register(app: typer.Typer) -> None:
    """Add this module's command to the main CLI."""
    app.command("robustness")(robustness_cmd)


def robustness_cmd(
    n_points: int = typer.Option(10, "--n-points", "-n", callback=check_range(1, 100000,
                                                                               integer=True),
                                 help="Sampled points per specification (integer in [1, "
                                      "100000])."),
    seed: int = typer.Option(0, "--seed", callback=check_range(0, 2**31 - 1, integer=True),
                             help="Random seed (integer in [0, 2**31 - 1])."),
    grid: int = typer.Option(200, "--grid", callback=check_range(10, 100000, integer=True),
                             help="Grid points on [0, x0] per solve (integer in [10, 100000])."),
    family: list[str] = typer.Option(None, "--family", help="Specification family (repeat; "
                                     "default all): paper, stochastic, isoelastic, exponential, "
                                     "wright, asymmetric."),
    backend: str = typer.Option("numpy", "--backend", help="numpy (this process) or dask (the "
                                "sweep engine's Dask backend; needs endodec\\[dask])."),
    progress: bool = typer.Option(False, "--progress/--no-progress", help="Show a progress bar."),
    json: JSON_OPTION = False,
) -> None:
    """Which of the paper's results (Prop. 1, Cor. 1, welfare loss) hold under which assumption."""
    from endodec.analyses.robustness import robustness_table

    res = robustness_table(n_points=n_points, seed=seed, n=grid, families=family or None,
                           backend=backend, progress=progress and not json)
    emit(res, json)
