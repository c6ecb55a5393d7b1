"""proposition1_flags (all points at once) gives check_proposition1's verdicts, and marks every
point where check_proposition1 raises as not clean."""

from __future__ import annotations

import numpy as np
import pytest

from endodec.errors import DomainError, NumericalError
from endodec.model import kernel
from endodec.model.game import GameParams
from endodec.model.proposition1 import _default_grid, check_proposition1, proposition1_flags


def _domain(seed: int, n: int):
    from endodec.analyses.game import _draw_domain

    d = _draw_domain(np.random.default_rng(seed), n)
    # push some points outside the domain (no interior Nash solution, S beyond the bound)
    d.loc[d.index[::7], "S"] *= 50.0
    return d


@pytest.mark.parametrize("seed", [0, 11])
def test_flags_equal_the_pointwise_check(seed):
    d = _domain(seed, 120)
    P = GameParams(N=d["N"].to_numpy(), a=d["a"].to_numpy(), b=d["b"].to_numpy(),
                   r=d["r"].to_numpy(), S=d["S"].to_numpy(), x0=d["x0"].to_numpy(),
                   convention="direct")
    fl = proposition1_flags(P, n=60)
    for k, v in proposition1_flags(P, n=60, chunk=17).items():  # chunking changes nothing
        assert np.array_equal(v, fl[k])
    raised = 0
    for i, row in enumerate(d.to_dict("records")):
        p = GameParams(N=int(row["N"]), a=row["a"], b=row["b"], r=row["r"], S=row["S"],
                       x0=row["x0"], convention="direct")
        try:
            ck = check_proposition1(p, n=60, crossover=False)
        except (DomainError, NumericalError):
            raised += 1
            assert not fl["clean"][i]
            continue
        if fl["clean"][i]:
            assert (ck.holds, ck.boundary_holds, ck.shadow_order_holds) == (
                fl["holds"][i], fl["boundary_holds"][i], fl["shadow_order_holds"][i])
    assert raised > 0 and fl["clean"].sum() > 60  # both kinds of point occur


def test_one_kernel_call_gives_the_pointwise_floats():
    d = _domain(3, 40)
    P = GameParams(N=d["N"].to_numpy(), a=d["a"].to_numpy(), b=d["b"].to_numpy(),
                   r=d["r"].to_numpy(), S=d["S"].to_numpy(), x0=d["x0"].to_numpy(),
                   convention="direct")
    N, a, b, r, S, x0 = (np.asarray(v, float).ravel()
                         for v in np.broadcast_arrays(*P._kernel_args()))
    grids, ss, per = [], [], []
    with np.errstate(all="ignore"):
        for i in range(N.size):
            g = _default_grid(float(N[i]), float(a[i]), float(b[i]), float(r[i]),
                              float(x0[i]), 50)
            s = float(kernel.sqrt_sigma(float(a[i]), float(b[i]), float(r[i]), float(S[i])))
            xis = g[1] * (float(b[i]) / float(a[i]) * float(r[i]))
            grids.append(xis)
            ss.append(s)
            per.append(kernel.nash_hat(float(N[i]), s, xis, np)["Q"])
        size = [x.size for x in grids]
        allq = kernel.nash_hat(np.repeat(N, size), np.repeat(ss, size), np.concatenate(grids),
                               np)["Q"]
    one = np.concatenate(per)
    assert np.array_equal(one, allq, equal_nan=True)
