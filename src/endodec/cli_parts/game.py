"""``endodec solve``: solve the differential game for any parameters."""

from __future__ import annotations

from typing import Annotated

import typer

from endodec.cli_parts.common import console, friendly_errors, print_json


def register(app: typer.Typer) -> None:
    app.command("solve")(solve)


def solve(
    N: Annotated[int, typer.Option("--N", "-N", help="Number of symmetric centralized firms, an integer >= 2 (and <= 2**53).")] = 5,
    a: Annotated[float, typer.Option(help="Demand intercept a of the inverse demand P = a - bQ (eq. 4); > 0 and finite.")] = 10.0,
    b: Annotated[float, typer.Option(help="Demand slope b of P = a - bQ (eq. 4); > 0 and finite.")] = 0.5,
    r: Annotated[float, typer.Option(help="Discount rate r; > 0 and finite.")] = 0.05,
    delta: Annotated[float, typer.Option(help="Post-crossing inference displacement rate delta (eq. 5); > 0 and finite.")] = 0.30,
    x0: Annotated[float, typer.Option(help="Initial distance to the crossing threshold, x0 = Qbar - Q(0); >= 0 and finite.")] = 10.0,
    S_T: Annotated[float, typer.Option("--S-T", help="Persistent training value S_T (eq. 5; 'paper' convention); >= 0 and finite.")] = 0.0,
    S_I: Annotated[float | None, typer.Option("--S-I", help="Inference profit level S_I of eq. 5 ('paper' convention); >= 0 and finite; default N*(a/(N+1))^2/b.")] = None,
    S: Annotated[float | None, typer.Option("--S", help="Continuation value at crossing, given directly (implies --convention direct); >= 0 and finite.")] = None,
    convention: Annotated[str, typer.Option(help="Continuation value S: 'code' = (a/(N+1))^2/b/(r+delta) (author's script, default; reproduces the headline numbers), 'paper' = S_T + S_I/(N(r+delta)) (eq. 5), 'direct' = --S.")] = "code",
    check: Annotated[bool, typer.Option("--check/--no-check", help="Run the Proposition 1 checker (statement and proof steps).")] = True,
    json_out: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")] = False,
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
    from endodec.model.game import GameParams
    from endodec.model.game import solve as solve_game

    with friendly_errors():
        if S is not None:
            convention = "direct"
        p = GameParams(N=N, a=a, b=b, r=r, delta=delta, x0=x0, S_T=S_T, S_I=S_I, S=S,
                       convention=convention)
        sol = solve_game(p, check=check)
    if json_out:
        print_json(sol.to_dict())
        return
    from rich.table import Table

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
        t.add_row(k, v if isinstance(v, str) else f"{float(v):.6g}")
    if sol.proposition1 is not None:
        t.add_row("Proposition 1", sol.proposition1.verdict())
    console.print(t)
