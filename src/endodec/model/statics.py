r"""Comparative statics of the N-firm game (seed 000 §3.6, Corollary 1, Figures 4-6; seed 001 §3.6).

- :func:`crossing_time_vs`: crossing times as one parameter of :class:`~endodec.model.game.GameParams`
  varies (the continuation value recomputed per value under the "code"/"paper" conventions);
- :func:`cournot_decomposition`: Nash aggregate output split into its static Cournot part and the
  dynamic (shadow-cost) restraint.

Both evaluate the exact closed forms of :mod:`endodec.model.game`.
"""

from __future__ import annotations

import numpy as np

from endodec.errors import ParameterError
from endodec.model.game import PARAM_ORDER, GameParams, as_real, cooperative, nash, solve

__all__ = ["crossing_time_vs", "cournot_decomposition"]


def crossing_time_vs(name: str, values, params: GameParams | None = None):
    """Crossing times as one parameter varies, others at ``params`` (Corollary 1, Figs. 4-5).

    Under the "code"/"paper" conventions S is recomputed for each value (it depends on N, delta).

    Parameters
    ----------
    name : str
        The parameter that varies (a field of :class:`~endodec.model.game.GameParams`).
    values : array_like
        Its values.
    params : GameParams, optional
        The other parameters (default: the baseline).

    Returns
    -------
    pandas.DataFrame
        Columns ``name, T_nash, T_coop, ratio (T_N/T_C), acceleration``, one row per value.
    """
    import pandas as pd

    p = params if params is not None else GameParams()
    if name not in PARAM_ORDER:
        raise ParameterError("name", name, f"one of {PARAM_ORDER}")
    vals = as_real(name, values)
    q = p.replace(**{name: vals})
    sol = solve(q)
    return pd.DataFrame({name: vals, "T_nash": sol.T_nash, "T_coop": sol.T_coop,
                         "ratio": sol.T_nash / sol.T_coop, "acceleration": sol.acceleration,
                         "S": np.broadcast_to(q.S_value, vals.shape)})


def cournot_decomposition(params: GameParams | None = None, x=None):
    """Split Nash aggregate output into static Cournot and dynamic parts (Figure 6 of the set).

    :math:`Q^N(x) = \\underbrace{Na/(b(N+1))}_{\\text{static Cournot}}
    - \\underbrace{N V^{N\\prime}(x)/(b(N+1))}_{\\text{dynamic (shadow-cost) restraint}}`.

    Returns a DataFrame with ``x, Q_nash, static_cournot, dynamic_restraint, Q_coop``.
    """
    import pandas as pd

    p = params if params is not None else GameParams()
    if p.shape:
        raise ParameterError("params", "array", "scalar parameters for cournot_decomposition")
    xs = np.linspace(0, float(p.x0), 201) if x is None else as_real("x", x)
    nq, cq = nash(p), cooperative(p)
    N, a, b = float(p.N), float(p.a), float(p.b)
    static = np.full_like(xs, N * a / (b * (N + 1)))
    dyn = N * nq.dV(xs) / (b * (N + 1))
    return pd.DataFrame({"x": xs, "Q_nash": nq.Q(xs), "static_cournot": static,
                         "dynamic_restraint": dyn, "Q_coop": cq.Q(xs)})
