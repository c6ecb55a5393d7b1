r"""Asymmetric firms in the differential game: one distinguished firm and N-1 rivals.

Seed 000 §3.6 Corollary 2; seed 001 §3.6 Corollaries 2-3.

Asymmetric firms (Corollary 2 of both seeds; Corollary 3 of seed 001)
----------------------------------------------------------------------
One *distinguished* firm ``j`` and :math:`N-1` symmetric rivals ``i``. Firm ``j`` has marginal
cost :math:`-\varepsilon` relative to the rivals (the model's baseline cost is zero, so a cost
advantage :math:`\varepsilon` is a demand intercept :math:`a + \varepsilon` for ``j``) and/or its
own post-crossing value :math:`V_j(0) = S_j` (rivals keep :math:`V_i(0) = S`). The stationary
Markov equilibrium satisfies the coupled HJBs

.. math::
   rV_j = \max_{q_j}\,(a + \varepsilon - bQ)q_j - V_j'(x)Q,\qquad
   rV_i = \max_{q_i}\,(a - bQ)q_i - V_i'(x)Q,\qquad Q = q_j + (N-1)q_i.

With :math:`p_k = V_k'` and :math:`\alpha_j = a + \varepsilon - p_j`, :math:`\alpha_i = a - p_i`
the first-order conditions are those of an asymmetric Cournot game,
:math:`Q = (\alpha_j + (N-1)\alpha_i)/(b(N+1))`, :math:`q_k = \alpha_k/b - Q`, and substituting
them back gives two algebraic relations :math:`G(V, p) = 0`,

.. math::
   rV_j = b q_j^2 - p_j (N-1) q_i,\qquad rV_i = b q_i^2 - p_i\,(q_j + (N-2) q_i),

which at :math:`\varepsilon = 0, S_j = S` reduce to (ODE-N). Differentiating in ``x``
(:math:`V' = p`) gives the explicit system :math:`p' = r\,G_p^{-1} p`, integrated from the boundary
:math:`V(0) = (S, S_j)` with the initial shadow costs solving :math:`G(S, S_j, p) = 0` on the branch
that continues the symmetric root :math:`0 < p < a`. Every output point is then *polished* by
Newton's method on :math:`G(V(x), p) = 0`, so the shadow costs satisfy the HJBs to rounding.

The capacity constraint of the same corollaries is :mod:`endodec.model.capacity`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec._validate import as_scalar
from endodec.errors import DomainError, NumericalWarning, ParameterError
from endodec.model import kernel
from endodec.model.game import GameParams
from endodec.results import ResultBase

__all__ = ["HJB_TOL", "AsymmetricSolution", "solve_asymmetric", "asymmetric_statics"]

#: Relative HJB residual (in units of ``max(1, r max(S, S_j))``) above which
#: :func:`solve_asymmetric` warns (:class:`~endodec.errors.NumericalWarning`).
HJB_TOL = 1e-8


def _scalar_params(params: GameParams | None) -> GameParams:
    p = params if params is not None else GameParams()
    if p.shape:
        raise ParameterError("params", "array", "scalar GameParams for this solver")
    p.check_domain()
    return p


# ---------------------------------------------------------------------------------------------
# Asymmetric firms
# ---------------------------------------------------------------------------------------------
def _real(name: str, v, allowed: str) -> float:
    """``v`` as a float, or :class:`ParameterError` for a wrong type."""
    return as_scalar(name, v, allowed)


def _grid_size(name: str, n, minimum: int = 2, per_point_bytes: int = 160) -> int:
    """``n`` as an integer ``>= minimum`` whose arrays fit in memory, else a typed error.

    ``per_point_bytes`` estimates the memory of one grid point (about 20 float64 arrays).
    """
    from endodec._limits import check_size

    if isinstance(n, bool) or not isinstance(n, (int, np.integer, float, np.floating)):
        raise ParameterError(name, n, f"an integer >= {minimum}")
    try:
        f = float(n)
    except OverflowError:  # a Python int beyond float64: finite, but far too large
        f = math.inf if n > 0 else -math.inf
    if not (f == int(n) if math.isfinite(f) else isinstance(n, int)) or n < minimum:
        raise ParameterError(name, n, f"an integer >= {minimum}",
                             "number of grid points; 1 point would only hold the crossing "
                             "boundary" if minimum == 2 else "")
    check_size(f"a grid of {n:,} points" if isinstance(n, int) else f"a grid of {f:g} points",
               f * per_point_bytes, f"use a smaller {name}")
    return int(n)


def _outputs(p_i, p_j, N, a, b, eps):
    """Cournot outputs given shadow costs (interior FOCs)."""
    al_j = a + eps - p_j
    al_i = a - p_i
    Q = (al_j + (N - 1.0) * al_i) / (b * (N + 1.0))
    return al_i / b - Q, al_j / b - Q, Q


def _G(V_i, V_j, p_i, p_j, N, a, b, r, eps):
    """Residuals of the two HJBs after substituting the FOCs (module docstring)."""
    q_i, q_j, _ = _outputs(p_i, p_j, N, a, b, eps)
    G_j = b * q_j**2 - p_j * (N - 1.0) * q_i - r * V_j
    G_i = b * q_i**2 - p_i * (q_j + (N - 2.0) * q_i) - r * V_i
    return G_i, G_j


def _G_jac(p_i, p_j, N, a, b, eps):
    """Jacobian d(G_i, G_j)/d(p_i, p_j) (analytic; checked against finite differences in tests)."""
    q_i, q_j, _ = _outputs(p_i, p_j, N, a, b, eps)
    k = 1.0 / (b * (N + 1.0))
    # dq/dp: rows (q_j, q_i), columns (p_j, p_i)
    Mjj, Mji, Mij, Mii = -N * k, (N - 1.0) * k, 1.0 * k, -2.0 * k
    dGj_dpj = 2 * b * q_j * Mjj - (N - 1.0) * q_i - p_j * (N - 1.0) * Mij
    dGj_dpi = 2 * b * q_j * Mji - p_j * (N - 1.0) * Mii
    dGi_dpj = 2 * b * q_i * Mij - p_i * (Mjj + (N - 2.0) * Mij)
    dGi_dpi = 2 * b * q_i * Mii - (q_j + (N - 2.0) * q_i) - p_i * (Mji + (N - 2.0) * Mii)
    return dGi_dpi, dGi_dpj, dGj_dpi, dGj_dpj


def _newton(V_i, V_j, p_i, p_j, N, a, b, r, eps, steps=8):
    for _ in range(steps):
        Gi, Gj = _G(V_i, V_j, p_i, p_j, N, a, b, r, eps)
        A11, A12, A21, A22 = _G_jac(p_i, p_j, N, a, b, eps)
        det = A11 * A22 - A12 * A21
        dpi = (A22 * Gi - A12 * Gj) / det
        dpj = (A11 * Gj - A21 * Gi) / det
        p_i, p_j = p_i - dpi, p_j - dpj
    return p_i, p_j


@dataclass(frozen=True, repr=False)
class AsymmetricSolution(ResultBase):
    """Asymmetric Markov equilibrium on a state grid (see :func:`solve_asymmetric`).

    Attributes
    ----------
    params : GameParams
        Game parameters; rivals' boundary value is ``params.S_value``.
    epsilon : float
        Cost advantage of the distinguished firm ``j``.
    S_j : float
        Post-crossing value of firm ``j``.
    x : ndarray
        State grid (distance to the crossing threshold), from 0 to ``x0``.
    V_i, V_j : ndarray
        Value of each rival ``i`` and of firm ``j``.
    p_i, p_j : ndarray
        Shadow costs :math:`V_i'(x)`, :math:`V_j'(x)`.
    q_i, q_j, Q : ndarray
        Output rate of each rival, of firm ``j``, and aggregate :math:`Q = q_j + (N-1)q_i`.
    T : ndarray
        Time to crossing from each state, :math:`\\int_0^x ds/Q(s)`.
    T_star : float
        Crossing time from ``x0``.
    Q_sym : ndarray
        Symmetric closed-form Nash output (:mod:`endodec.model.kernel`) on the same grid.
    T_sym : float
        Symmetric closed-form crossing time.
    residual : float
        Max absolute HJB residual :math:`|G|` on the grid.
    """

    params: GameParams
    epsilon: float
    S_j: float
    x: np.ndarray
    V_i: np.ndarray
    V_j: np.ndarray
    p_i: np.ndarray
    p_j: np.ndarray
    q_i: np.ndarray
    q_j: np.ndarray
    Q: np.ndarray
    T: np.ndarray
    T_star: float
    Q_sym: np.ndarray
    T_sym: float
    residual: float

    @property
    def S(self) -> float:
        return float(self.params.S_value)

    _summary_title = "Asymmetric Markov equilibrium (1 distinguished firm j, N-1 rivals i)"

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({k: getattr(self, k) for k in
                             ("x", "V_i", "V_j", "p_i", "p_j", "q_i", "q_j", "Q", "T", "Q_sym")})

    def _summary_tables(self):
        import pandas as pd

        d = {k: v for k, v in self._dict_fields().items() if k != "params"}
        return [("at x0", pd.DataFrame({"value": list(d.values())}, index=list(d)))]

    def _dict_fields(self) -> dict[str, Any]:
        return {"epsilon": self.epsilon, "S_j": self.S_j, "S": self.S, "T_star": self.T_star,
                "T_sym": self.T_sym, "Q_x0": float(self.Q[-1]), "Q_sym_x0": float(self.Q_sym[-1]),
                "q_j_x0": float(self.q_j[-1]), "q_i_x0": float(self.q_i[-1]),
                "V_j_x0": float(self.V_j[-1]), "V_i_x0": float(self.V_i[-1]),
                "residual": self.residual, "params": self.params.to_dict()}

    def _summary_text(self) -> str:
        p = self.params
        return "\n".join([
            "Asymmetric Markov equilibrium (1 distinguished firm j, N-1 rivals i)",
            f"  N={p.N} a={p.a} b={p.b} r={p.r} x0={p.x0}  S={self.S:.6g}  S_j={self.S_j:.6g}  "
            f"epsilon={self.epsilon:.6g}",
            f"  q_j(x0)={self.q_j[-1]:.6g}  q_i(x0)={self.q_i[-1]:.6g}  "
            f"Q(x0)={self.Q[-1]:.6g}  (symmetric closed form {self.Q_sym[-1]:.6g})",
            f"  V_j(x0)={self.V_j[-1]:.6g}  V_i(x0)={self.V_i[-1]:.6g}",
            f"  T*={self.T_star:.6g}  (symmetric {self.T_sym:.6g}"
            + (f"; change {100 * (self.T_star / self.T_sym - 1):+.3g}%)" if self.T_sym > 0
               else ")"),
            f"  max HJB residual {self.residual:.2e}",
        ])

    def __str__(self) -> str:
        return str(self.summary())


def solve_asymmetric(params: GameParams | None = None, epsilon: float = 0.0,
                     S_j: float | None = None, x=None, n: int = 401, rtol: float = 1e-12,
                     atol: float = 1e-13) -> AsymmetricSolution:
    r"""Solve the asymmetric Markov equilibrium numerically (coupled HJBs as ODEs in ``x``).

    Implements seed 000 §3.6 Corollary 2 (one firm with cost advantage :math:`\varepsilon`) and
    seed 001 §3.6 Corollaries 2-3 (one firm with post-crossing value :math:`S_j`); equations in the
    module docstring. At ``epsilon=0, S_j=S`` it reproduces (ODE-N) / (N-exact).

    Parameters
    ----------
    params : GameParams, optional
        Scalar game parameters (rivals' continuation value is ``params.S_value``).
    epsilon : float
        Marginal-cost advantage of the distinguished firm ``j`` (``>= 0``; a cost *disadvantage*
        ``epsilon < 0`` is allowed as long as every firm produces).
    S_j : float, optional
        Post-crossing value of firm ``j`` (default: ``S``).
    x : array_like, optional
        Increasing state grid starting at 0 (default ``linspace(0, x0, n)``).
    n : int
        Grid size when ``x`` is None.
    rtol, atol : float
        Tolerances of ``scipy.integrate.solve_ivp`` (DOP853).

    Returns
    -------
    AsymmetricSolution

    Raises
    ------
    DomainError
        If no interior equilibrium exists (a firm's output would be negative, the shadow-cost
        system is singular, or the boundary system has no root on the symmetric branch).
    """
    from scipy.integrate import solve_ivp
    from scipy.optimize import root

    from endodec.errors import NumericalError

    p = _scalar_params(params)
    N, a, b, r, S, x0 = (float(v) for v in p._kernel_args())
    eps = _real("epsilon", epsilon, f"finite and > -a = {-a:g}")
    if not np.isfinite(eps) or eps <= -a:
        raise ParameterError("epsilon", epsilon, f"finite and > -a = {-a:g}")
    Sj = S if S_j is None else _real("S_j", S_j, ">= 0 and finite")
    if not (np.isfinite(Sj) and Sj >= 0):
        raise ParameterError("S_j", S_j, ">= 0 and finite")
    if x is None:
        n = _grid_size("n", n, 2)
        xs = np.linspace(0.0, x0, n) if x0 > 0 else np.array([0.0])
    else:
        try:
            xs = np.asarray(x, float)
        except (TypeError, ValueError):
            raise ParameterError("x", "grid", "an increasing 1-d grid starting at 0") from None
    if xs.ndim != 1 or xs.size < 1 or xs[0] != 0 or np.any(np.diff(xs) <= 0) \
            or not np.all(np.isfinite(xs)):
        raise ParameterError("x", "grid", "an increasing finite 1-d grid starting at 0")
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return _asymmetric_core(p, N, a, b, r, S, Sj, eps, xs, rtol, atol, solve_ivp, root)
    except (OverflowError, ZeroDivisionError, FloatingPointError) as e:
        raise NumericalError("the asymmetric equilibrium",
                             f"epsilon={eps:g}, S_j={Sj:g}: {e}") from None


def _asymmetric_core(p, N, a, b, r, S, Sj, eps, xs, rtol, atol, solve_ivp, root):
    """Body of :func:`solve_asymmetric` on validated inputs."""

    # boundary shadow costs: root of G(S, S_j, p) = 0 continuing the symmetric branch
    def boundary(pp):
        return list(_G(S, Sj, pp[0], pp[1], N, a, b, r, eps))

    def boundary_jac(pp):
        A11, A12, A21, A22 = _G_jac(pp[0], pp[1], N, a, b, eps)
        return [[A11, A12], [A21, A22]]

    p_sym = float(kernel.nash_at(N, a, b, r, S, 0.0)["dV"])
    Smax = a * a / (b * r * (N + 1) ** 2)
    p_symj = float(kernel.nash_at(N, a, b, r, min(Sj, 0.999 * Smax), 0.0)["dV"])
    sol0 = root(boundary, [p_sym, p_symj], jac=boundary_jac, method="hybr", tol=1e-14)
    pi0, pj0 = (float(v) for v in sol0.x)
    pi0, pj0 = _newton(S, Sj, pi0, pj0, N, a, b, r, eps, steps=3)
    res0 = np.max(np.abs(_G(S, Sj, pi0, pj0, N, a, b, r, eps)))
    qi0, qj0, _ = _outputs(pi0, pj0, N, a, b, eps)
    # (a negative shadow cost is allowed: a squeezed rival may gain from an earlier crossing)
    if (not sol0.success and res0 > 1e-9 * max(1.0, r * max(S, Sj))) or not (
            qi0 > 0 and qj0 > 0 and np.isfinite(pi0) and np.isfinite(pj0)):
        raise DomainError(
            f"no interior asymmetric equilibrium at the crossing boundary (epsilon={eps:g}, "
            f"S={S:.6g}, S_j={Sj:.6g}): shadow costs ({pi0:.4g}, {pj0:.4g}), outputs "
            f"q_i={qi0:.4g}, q_j={qj0:.4g}; need every firm to produce (q > 0)")

    from endodec.model._ode import _rhs_budget

    tick = _rhs_budget("the asymmetric equilibrium")

    def rhs(_x, y):
        tick()
        V_i, V_j, p_i, p_j, _T = y
        A11, A12, A21, A22 = _G_jac(p_i, p_j, N, a, b, eps)
        det = A11 * A22 - A12 * A21
        # G_p p' = r p
        bi, bj = r * p_i, r * p_j
        dpi = (A22 * bi - A12 * bj) / det
        dpj = (A11 * bj - A21 * bi) / det
        Q = _outputs(p_i, p_j, N, a, b, eps)[2]
        return [p_i, p_j, dpi, dpj, 1.0 / Q]

    def shut_out(_x, y):
        return _outputs(y[2], y[3], N, a, b, eps)[0]

    shut_out.terminal = True
    if xs[-1] == 0:  # at the crossing: boundary values only
        qi, qj, Q0 = (np.array([v]) for v in _outputs(pi0, pj0, N, a, b, eps))
        sym = kernel.nash_at(N, a, b, r, S, xs)
        return AsymmetricSolution(p, eps, Sj, xs, np.array([S]), np.array([Sj]), np.array([pi0]),
                                  np.array([pj0]), qi, qj, Q0, np.zeros(1), 0.0, sym["Q"], 0.0,
                                  float(res0))
    sol = solve_ivp(rhs, (0.0, float(xs[-1])), [S, Sj, pi0, pj0, 0.0], method="DOP853",
                    rtol=rtol, atol=atol, dense_output=True, events=shut_out)
    if sol.status != 0:
        where = sol.t_events[0][0] if sol.status == 1 and len(sol.t_events[0]) else sol.t[-1]
        raise DomainError(
            f"no interior asymmetric equilibrium: rivals' output reaches 0 at x={where:.6g} "
            f"(epsilon={eps:g}, S_j={Sj:.6g}); the corner (rivals shut out) is not modelled"
            if sol.status == 1 else f"asymmetric HJB integration failed: {sol.message}")
    Y = sol.sol(xs)
    V_i, V_j, p_i, p_j, T = Y
    p_i, p_j = _newton(V_i, V_j, p_i, p_j, N, a, b, r, eps, steps=2)
    q_i, q_j, Q = _outputs(p_i, p_j, N, a, b, eps)
    if np.any(q_i <= 0) or np.any(q_j <= 0):
        raise DomainError(f"no interior asymmetric equilibrium (epsilon={eps:g}, S_j={Sj:.6g}): "
                          "an output rate is not positive on the grid")
    resid = float(np.max(np.abs(np.concatenate(_G(V_i, V_j, p_i, p_j, N, a, b, r, eps)))))
    tol = HJB_TOL * max(1.0, r * max(S, Sj))
    if not resid <= tol:
        warnings.warn(f"asymmetric equilibrium: max HJB residual {resid:.3g} exceeds {tol:.3g} "
                      f"(epsilon={eps:g}, S_j={Sj:g}); tighten rtol={rtol:g} / atol={atol:g}",
                      NumericalWarning, stacklevel=3)
    sym = kernel.nash_at(N, a, b, r, S, xs)
    return AsymmetricSolution(p, eps, Sj, xs, V_i, V_j, p_i, p_j, q_i, q_j, Q, T,
                              float(T[-1]), sym["Q"], float(sym["T"][-1]), resid)


def asymmetric_statics(params: GameParams | None = None, epsilon=(0.0,), S_j=None, n: int = 201):
    """Aggregate and individual outputs over a grid of ``epsilon`` and/or ``S_j`` values.

    Checks Corollary 2 (seed 000/001: aggregate output strictly increasing in epsilon) and
    Corollary 3 (seed 001: firm j produces more than its rivals and aggregate output rises with
    S_j). Returns a DataFrame with one row per (epsilon, S_j): ``Q_x0``, ``q_j_x0``, ``q_i_x0``,
    ``T_star`` and ``min_dQ`` (``min_x [Q(x) - Q_ref(x)]`` against the symmetric solution), and the
    ``AsymmetricSolution`` objects in ``df.attrs["solutions"]``.
    """
    import pandas as pd

    p = _scalar_params(params)
    S = float(p.S_value)
    Sjs = [S] if S_j is None else list(np.atleast_1d(S_j).astype(float))
    rows, sols = [], []
    for e in np.atleast_1d(epsilon).astype(float):
        for sj in Sjs:
            s = solve_asymmetric(p, epsilon=e, S_j=sj, n=n)
            sols.append(s)
            rows.append({"epsilon": e, "S_j": sj, "Q_x0": s.Q[-1], "q_j_x0": s.q_j[-1],
                         "q_i_x0": s.q_i[-1], "T_star": s.T_star, "T_sym": s.T_sym,
                         "min_dQ": float(np.min(s.Q[1:] - s.Q_sym[1:])),
                         "min_qj_minus_qi": float(np.min(s.q_j[1:] - s.q_i[1:]))})
    df = pd.DataFrame(rows)
    df.attrs["solutions"] = sols
    return df
