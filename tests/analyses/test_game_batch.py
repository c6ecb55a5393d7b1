"""The all-at-once Corollary 1 check of s3.6-statics equals the one-by-one check."""

from __future__ import annotations

import numpy as np

from endodec.analyses.game import _cor1_draws, _cor1_flags
from endodec.errors import DomainError, NumericalError
from endodec.model.game import GameParams, nash


def test_cor1_flags_equal_the_one_by_one_check():
    d = _cor1_draws(np.random.default_rng(4), 150)
    d.loc[d.index[::9], "S"] *= 30.0  # some points outside the domain
    fl = _cor1_flags(d)
    raised = 0
    for i, row in enumerate(d.to_dict("records")):
        scale = row["a"] / (row["b"] * row["r"])
        xg = np.concatenate([np.geomspace(1e-6, 50.0, 60) * scale, [row["x0"]]])
        try:
            r0, r1 = (nash(GameParams(N=int(row["N"]) + k, a=row["a"], b=row["b"], r=row["r"],
                                      S=row["S"], convention="direct")) for k in (0, 1))
            q0, q1, dv = r0.Q(xg), r1.Q(xg), r0.dV(xg[:-1])
        except (DomainError, NumericalError):
            raised += 1
            assert not fl["clean"][i]
            continue
        assert fl["clean"][i]
        assert fl["holds"][i] == bool(np.all(q1 > q0))
        assert fl["dV_positive"][i] == bool(np.all(dv > 0))
    assert 0 < raised < len(d)
