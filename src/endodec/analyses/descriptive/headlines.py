"""Headline numbers of seed 001 that restate a result of the game and have no seed 001 row in the
game's claims (``game.csv`` checks the seed 000 statements): computed here at the *seed 001*
baseline, so that a seed 001 claim is judged with seed 001 material (rule 5 of the ledger)."""

from __future__ import annotations

import numpy as np

from endodec.analyses.base import Value, analysis


@analysis("desc001-1.1-acceleration", title="Nash acceleration of T* at the seed 001 baseline",
          section="1.1", version="001")
def acceleration_001(ctx):
    """Seed 001 §1.1 and §3.8: 'competition accelerates [the crossing time T*] by approximately
    79%' (Proposition 1), at the seed 001 baseline of :mod:`endodec.model.params` (N = 5)."""
    from endodec.model.game import GameParams, solve
    from endodec.model.params import describe

    b = {k: v for k, v in ctx.config.game_baseline("001").items() if v is not None}
    sol = solve(GameParams(**b))
    acc = 100 * float(np.asarray(sol.acceleration))
    return {"acceleration_pct": Value(
        acc, data=f"model at the seed 001 baseline ({describe('001', values=b)}; continuation "
        "value as in endodec.model.game's default convention)",
        conditions={"baseline": f"N={b['N']}", "version": "001"},
        facts={"T_nash": float(np.asarray(sol.T_nash)), "T_coop": float(np.asarray(sol.T_coop))},
        note=("how far the Nash crossing time falls below the cooperative one, as a percentage "
              "of the cooperative one; both crossing times (model units, facts) from the "
              "closed-form game at the seed 001 baseline"))}
