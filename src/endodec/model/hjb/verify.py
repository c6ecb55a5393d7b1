r"""Independent solutions for validating the grid solver (tests and docs; not used by it).

For a symmetric, deterministic specification the HJB :math:`rV = H(V', x)` is an ODE in
:math:`x`. Differentiating once, :math:`rV' = H_p\,p' + H_x` with :math:`p = V'`, gives the explicit
system

.. math:: V' = p, \qquad p' = \frac{r p - H_x(p, x)}{H_p(p, x)},

integrated from the boundary :math:`V(0) = S`, :math:`H(p(0), 0) = rS` by ``scipy.integrate.
solve_ivp`` (DOP853, tight tolerances), with :math:`H_p` and :math:`H_x` taken by central
differences of the Hamiltonian -- so nothing of the solver's scheme, Jacobian or Newton iteration
is shared; only the Hamiltonian (the model) is. For the asymmetric system the independent
reference is :func:`endodec.model.asymmetric.solve_asymmetric` (one deviant firm).
"""

from __future__ import annotations

import numpy as np

from endodec.errors import DomainError, ParameterError
from endodec.model.hjb.hamiltonian import hamiltonian

__all__ = ["ivp_solution"]


def ivp_solution(spec, regime: str, x, rtol: float = 1e-11, atol: float = 1e-12) -> dict:
    """The value, shadow cost and output of one regime on ``x`` by ``solve_ivp``.

    Parameters
    ----------
    spec : HJBSpec
        Symmetric, ``sigma = 0``.
    regime : {"nash", "coop"}
        Cooperative values are the industry value ``W = N V_P``.
    x : array_like
        Increasing states from 0.

    Returns
    -------
    dict with ``x``, ``V``, ``p``, ``Q``.
    """
    from scipy.integrate import solve_ivp

    from endodec.model.hjb.solver import _start

    if not spec.symmetric or spec.sigma != 0:
        raise ParameterError("spec", spec.describe(), "symmetric with sigma = 0")
    if regime not in ("nash", "coop"):
        raise ParameterError("regime", regime, "'nash' or 'coop'")
    x = np.asarray(x, float)
    S = spec.S_value * (spec.N if regime == "coop" else 1.0)
    lam = float(np.diff(_start(spec, regime, np.array([S]), np.array([0.0, 1.0]))[0])[0])

    def H(p, xx):
        return float(hamiltonian(spec, regime, np.array([[p]]), np.array([xx]))[2][0, 0])

    def rhs(xx, y):
        p = y[1]
        hp = 1e-6 * max(abs(p), 1e-3)
        hx = 1e-6 * max(abs(xx), 1.0)
        Hp = (H(p + hp, xx) - H(p - hp, xx)) / (2 * hp)
        Hx = (H(p, xx + hx) - H(p, max(xx - hx, 0.0))) / (xx + hx - max(xx - hx, 0.0))
        return [p, (spec.r * p - Hx) / Hp]

    out = solve_ivp(rhs, (0.0, float(x[-1])), [S, lam], method="DOP853", t_eval=x, rtol=rtol,
                    atol=atol)
    if not out.success:
        raise DomainError(f"solve_ivp ({regime}): {out.message}")
    V, p = out.y
    Q = hamiltonian(spec, regime, p[None, :], x)[0]
    return {"x": x, "V": V, "p": p, "Q": Q}
