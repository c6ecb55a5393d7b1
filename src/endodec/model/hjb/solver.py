r"""Numerical Markov perfect equilibrium: implicit upwind finite differences (Achdou et al. 2022).

The stationary HJBs of the game (seed 000 §3.2-3.3, eqs. 5-9; with learning shocks
:math:`dx = -Q\,dt + \sigma\,dW` they gain the term :math:`\tfrac12\sigma^2 V''`)

.. math:: rV_k(x) = H_k\big(V'(x), x\big) + \tfrac12\sigma^2 V_k''(x), \qquad V_k(0) = S_k,

(:mod:`endodec.model.hjb.hamiltonian`: Nash per firm, cooperative in the industry value
:math:`W = NV^P`) are discretised on a uniform grid :math:`x_i = i\,\Delta x` and solved for all
grid values at once.

Scheme
    The drift :math:`-Q \le 0` points towards the crossing everywhere, so the upwind derivative is
    the backward difference (Achdou, Han, Lasry, Lions & Moll 2022, §3): ``order=1`` is their
    monotone first-order scheme :math:`(V_i - V_{i-1})/\Delta x`; ``order=2`` (default) the
    second-order upwind difference :math:`(3V_i - 4V_{i-1} + V_{i-2})/(2\Delta x)` (central at
    :math:`i = 1`). :math:`V''` is the central difference; at the top of the grid
    :math:`V''(x_{\max}) = 0`. With :math:`\sigma = 0` the grid is :math:`[0, x_0]` (information
    flows from the crossing upward: no upper condition is needed); with :math:`\sigma > 0` it
    extends to :math:`x_{\max} = x_0 + 15\sigma^2/Q_{\min}` (the chance that a path rises that far
    is :math:`\approx e^{-30}`).
Solver
    Newton's method on the whole nonlinear system :math:`F(V) = rV - H(DV) - \tfrac12\sigma^2 D_2V`
    with the exact sparse Jacobian :math:`rI - \mathrm{diag}(\partial H/\partial p)\,D -
    \tfrac12\sigma^2D_2` (``scipy.sparse``, SuperLU), a backtracking line search, and for the
    cooperative regime this is Howard's policy iteration. The starting guess is linear,
    :math:`V = S + \lambda x` with :math:`H(\lambda) = rS` at the boundary.
Convergence criterion
    :math:`\max_i |F_i| \le` ``tol`` :math:`\cdot \max(r\max_i|V_i|, 1)` (default ``tol = 1e-10``, or the rounding
    floor :math:`64\epsilon\max|V|(\max|\partial H/\partial p|/\Delta x + 2\sigma^2/\Delta x^2)/\max(r\max|V|, 1)` where
    that is larger: difference quotients of float64 values cannot be more precise)
    within ``max_iter`` (default 400) iterations (Newton with a backtracking line search; where
    that fails, pseudo-transient continuation: the diagonal gains :math:`\mu` -- an implicit time
    step :math:`1/\mu` of the time-dependent HJB, Achdou et al.'s iteration -- and :math:`\mu`
    falls with the residual); otherwise :class:`~endodec.errors.NumericalError`
    naming the residual, the tolerance and what to change (a
    :class:`~endodec.errors.NumericalWarning` when the residual is below ``sqrt(tol)``).
Crossing time
    :math:`T(x)`, the (expected) time to reach 0, solves :math:`-QT' + \tfrac12\sigma^2T'' = -1`,
    :math:`T(0) = 0`, with the same operators (at :math:`\sigma = 0`: :math:`T = \int_0^x ds/Q`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from endodec.errors import DomainError, NumericalError, NumericalWarning, ParameterError
from endodec.model.hjb.hamiltonian import hamiltonian

__all__ = ["ConvergenceError", "DEFAULT_N", "TOL", "MAX_ITER", "MAX_NODES", "operators", "make_grid",
           "solve_regime", "crossing_time", "RegimeGrid"]

#: Grid points on [0, x0] by default.
DEFAULT_N = 2000
#: Relative HJB residual of the convergence criterion.
TOL = 1e-10
#: Newton iterations allowed.
MAX_ITER = 400
#: Largest grid (all nodes, all firms) a solve may build.
MAX_NODES = 2_000_000


class ConvergenceError(NumericalError):
    """Newton's method did not meet the convergence criterion (a
    :class:`~endodec.errors.NumericalError`; the message names the residual, the tolerance and
    what to change)."""

    def __init__(self, quantity: str, detail: str):
        self.quantity = quantity
        ArithmeticError.__init__(self, f"numerical error: {quantity}: {detail}")


def _check_n(n) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or not \
            (10 <= int(n) <= 1_000_000):
        raise ParameterError("n", n, "an integer in [10, 1000000] (grid points on [0, x0])")
    return int(n)


def make_grid(x0: float, n: int, x_max: float | None = None) -> tuple[np.ndarray, int]:
    """Uniform grid with ``n`` points on ``[0, x0]``, extended with the same step to ``x_max``.

    Returns the grid and the index of ``x0``.
    """
    n = _check_n(n)
    dx = x0 / (n - 1)
    if x_max is None or x_max <= x0:
        return np.linspace(0.0, x0, n), n - 1
    m = int(math.ceil((x_max - x0) / dx))
    if n + m > MAX_NODES:
        raise ParameterError("x_max", x_max, f"at most {MAX_NODES:,} grid points in all",
                             f"{n + m:,} needed at dx={dx:.3g}; lower n or sigma")
    return np.concatenate([np.linspace(0.0, x0, n), x0 + dx * np.arange(1, m + 1)]), n - 1


def operators(n: int, dx: float, order: int):
    """First-derivative (upwind, backward) and second-derivative matrices, COO triplets.

    Row 0 (the boundary node) is empty in both. Returns ``(rows, cols, vals)`` of ``D`` and of
    ``D2`` (``D2`` has an empty last row: :math:`V''(x_{\\max}) = 0`).
    """
    i = np.arange(1, n)
    if order == 1:
        r1 = np.concatenate([i, i])
        c1 = np.concatenate([i, i - 1])
        v1 = np.concatenate([np.full(n - 1, 1.0), np.full(n - 1, -1.0)]) / dx
    elif order == 2:
        j = np.arange(2, n)
        r1 = np.concatenate([[1, 1], j, j, j])
        c1 = np.concatenate([[2, 0], j, j - 1, j - 2])
        v1 = np.concatenate([[0.5, -0.5], np.full(j.size, 1.5), np.full(j.size, -2.0),
                             np.full(j.size, 0.5)]) / dx
    else:
        raise ParameterError("order", order, "1 (monotone upwind) or 2 (second-order upwind)")
    k = np.arange(1, n - 1)
    r2 = np.concatenate([k, k, k])
    c2 = np.concatenate([k - 1, k, k + 1])
    v2 = np.concatenate([np.ones(k.size), np.full(k.size, -2.0), np.ones(k.size)]) / dx**2
    return (r1, c1, v1), (r2, c2, v2)


def _csr(op, n: int):
    from scipy.sparse import coo_matrix

    rows, cols, vals = op
    return coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()


def _apply(M, V):
    """``M @ V_k`` for every row ``V_k`` of ``V`` (K, n)."""
    return np.asarray((M @ V.T).T)


@dataclass
class RegimeGrid:
    """One regime solved on a grid (internal; :class:`~endodec.model.hjb.HJBSolution` holds two).

    ``V`` (K, n): values (Nash per firm; cooperative the industry value W); ``p`` their
    derivatives; ``Q`` aggregate output; ``q`` (K, n) per-firm outputs; ``T`` expected crossing
    time from each node; ``iterations``, ``residual``.
    """

    regime: str
    x: np.ndarray
    i0: int
    V: np.ndarray
    p: np.ndarray
    Q: np.ndarray
    q: np.ndarray
    T: np.ndarray
    iterations: int
    residual: float


def _start(spec, regime: str, S: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Linear starting guess :math:`S_k + \\lambda_k x`, :math:`H(\\lambda) = rS` at x = 0."""
    from scipy.optimize import brentq

    K = S.size
    lam = np.empty(K)
    for k in range(K):
        s1 = spec.replace(advantages=None, S_firms=None) if regime == "nash_asym" else spec
        reg = "nash" if regime == "nash_asym" else regime
        c0 = float(spec.cost_at(0.0)) - (float(spec.eps[k]) if regime == "nash_asym" else 0.0)

        def g(lv, s1=s1, reg=reg, target=spec.r * S[k]):
            _, _, H, _ = hamiltonian(s1, reg, np.array([[lv]]), np.array([0.0]))
            return float(H[0, 0]) - target if np.isfinite(H[0, 0]) else math.inf

        lo, hi = -c0 + 1e-9 * max(1.0, abs(c0)), max(1.0, abs(c0))
        if spec.demand.kind == "linear":  # H grows without bound as p -> -inf: expand down
            lo = -spec.demand.a
            while g(lo) < 0 and lo > -1e12:
                lo *= 4.0
        try:
            while g(hi) > 0 and hi < 1e12:
                hi *= 4.0
            glo = g(lo)
            if glo < 0 or not np.isfinite(glo):  # no sign change: fall back to a flat start
                lam[k] = 0.0 if spec.demand.kind == "linear" else 1e-3 * hi
            else:
                lam[k] = brentq(g, lo, hi, xtol=1e-14, rtol=1e-12)
        except (ValueError, RuntimeError):  # pragma: no cover - defensive
            lam[k] = 0.0
    return S[:, None] + lam[:, None] * x[None, :]


@lru_cache(maxsize=16)
def _pattern(n: int, order: int, diffusion: bool):
    """The CSC pattern of the one-value-function Jacobian (:func:`_assemble`, K = 1).

    Entries in the order :func:`_assemble` lists them (D, the diagonal, D2) are sorted stably
    by (column, row): ``perm``; ``slot`` (the CSC position of each sorted entry) and ``rank``
    (its place among the duplicates of that position). ``coo_matrix(...).tocsc()`` sums the
    duplicates of a position in that order (its columns hold at most 7 entries), so adding them
    rank by rank gives the same floats.
    """
    (r1, c1, _), (r2, c2, _) = operators(n, 1.0, order)
    diag = np.arange(n)
    R = np.concatenate([r1, diag] + ([r2] if diffusion else []))
    C = np.concatenate([c1, diag] + ([c2] if diffusion else []))
    key = C.astype(np.int64) * n + R
    perm = np.argsort(key, kind="stable")
    sk = key[perm]
    first = np.concatenate([[True], sk[1:] != sk[:-1]])
    slot = np.cumsum(first) - 1
    rank = np.arange(sk.size) - np.flatnonzero(first)[slot]
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(sk[first] // n, minlength=n), out=ptr[1:])
    steps = [(slot[rank == k], perm[rank == k]) for k in range(1, int(rank.max()) + 1)]
    return (ptr.astype(np.int32), (sk[first] % n).astype(np.int32), perm[first], steps,
            int(first.sum()))


def _assemble_one(n: int, order: int, D, D2, dH, r: float, s: float):
    """:func:`_assemble` for one value function (K = 1) on the cached pattern: the same matrix
    (values, indices, index types) without COO conversion and sorting."""
    from scipy.sparse import csc_matrix

    rows, _, vals = D
    diag = np.full(n, r)
    diag[0] = 1.0
    parts = [(-(dH[:, :, rows] * vals)).ravel(), diag]
    if s > 0:
        parts.append(-s * D2[2])
    src = np.concatenate(parts)
    indptr, indices, head, steps, nnz = _pattern(n, order, s > 0)
    data = src[head]
    for slot, pos in steps:
        data[slot] += src[pos]
    return csc_matrix((data, indices.copy(), indptr.copy()), shape=(n, n))


def _assemble(n: int, K: int, D, D2, dH, r: float, s: float, order: int | None = None):
    from scipy.sparse import coo_matrix

    if K == 1 and order is not None:
        return _assemble_one(n, order, D, D2, dH, r, s)
    rows, cols, vals = D
    kk, jj = np.meshgrid(np.arange(K), np.arange(K), indexing="ij")
    data = -(dH[:, :, rows] * vals)  # (K, K, nnz)
    R = (kk[:, :, None] * n + rows).ravel()
    C = (jj[:, :, None] * n + cols).ravel()
    parts_r, parts_c, parts_v = [R], [C], [data.ravel()]
    diag = np.full(n, r)
    diag[0] = 1.0
    ks = np.arange(K)[:, None]
    parts_r.append((ks * n + np.arange(n)).ravel())
    parts_c.append((ks * n + np.arange(n)).ravel())
    parts_v.append(np.tile(diag, K))
    if s > 0:
        r2, c2, v2 = D2
        parts_r.append((ks * n + r2).ravel())
        parts_c.append((ks * n + c2).ravel())
        parts_v.append(np.tile(-s * v2, K))
    return coo_matrix((np.concatenate(parts_v), (np.concatenate(parts_r),
                                                  np.concatenate(parts_c))),
                      shape=(K * n, K * n)).tocsc()


def _residual(spec, regime, V, x, S, Dm, D2m, s):
    p = _apply(Dm, V)
    Q, q, H, dH = hamiltonian(spec, regime, p, x)
    F = spec.r * V - H
    if s > 0:
        F = F - s * _apply(D2m, V)
    F[:, 0] = V[:, 0] - S
    return F, p, Q, q, dH


def solve_regime(spec, regime: str, x: np.ndarray, i0: int, *, order: int = 2,
                 tol: float = TOL, max_iter: int = MAX_ITER, V_start=None) -> RegimeGrid:
    """Solve one regime's HJB(s) on the grid ``x`` by Newton's method (module docstring).

    Parameters
    ----------
    spec : HJBSpec
    regime : {"nash", "nash_asym", "coop"}
    x : ndarray
        Uniform grid from 0 (``x[i0] = x0``).
    order : {1, 2}
    tol, max_iter : float, int
        Convergence criterion.
    V_start : ndarray, optional
        Starting values (K, n) (default: the linear guess).

    Raises
    ------
    NumericalError
        No convergence (names the residual, the tolerance and what to change).
    DomainError
        Output is zero or infinite somewhere (no crossing / no finite equilibrium) or a firm's
        output is negative (corner solution).
    """
    from scipy.sparse.linalg import spsolve

    n = x.size
    dx = float(x[1] - x[0])
    D, D2 = operators(n, dx, order)
    s = 0.5 * spec.sigma**2
    if regime == "coop":
        S = np.array([float(np.sum(spec.S_vector))])
    else:
        S = spec.S_vector if regime == "nash_asym" else np.array([spec.S_value])
    V = _start(spec, regime, S, x) if V_start is None else np.array(V_start, float)
    K = V.shape[0]
    Dm, D2m = _csr(D, n), _csr(D2, n)
    F, p, Q, q, dH = _residual(spec, regime, V, x, S, Dm, D2m, s)

    def norm(F, V):
        return float(np.max(np.abs(F[:, 1:]))) / max(spec.r * float(np.max(np.abs(V))), 1.0)

    res = norm(F, V) if np.all(np.isfinite(F)) else math.inf
    it, mu = 0, 0.0  # mu > 0: pseudo-transient continuation (an implicit time step 1/mu)
    # one value function: the Jacobian is banded and its natural order has no fill-in; coupled
    # firms: blocks n apart, so let SuperLU reorder (COLAMD)
    perm = "NATURAL" if K == 1 else "COLAMD"
    while res > max(tol, _floor(V, dH, dx, spec.r, s)) and it < max_iter:
        it += 1
        J = _assemble(n, K, D, D2, dH, spec.r + mu, s, order)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dV = spsolve(J, -F.ravel(), permc_spec=perm).reshape(K, n)
        step = _line_search(spec, regime, V, dV, res, x, S, Dm, D2m, s, dx, norm, mu > 0) \
            if np.all(np.isfinite(dV)) else None
        if step is None:  # Newton failed: switch to (more) pseudo-time damping
            mu = max(10.0 * mu, spec.r)
            continue
        rn = step[-1]
        if mu > 0:  # switched evolution relaxation: damping falls as the residual does
            mu = 0.0 if rn < 1e-3 * res and mu < 1e-6 else mu * min(max(rn / res, 1e-3), 10.0)
        V, F, p, Q, q, dH, res = step
    _converged(res, max(tol, _floor(V, dH, dx, spec.r, s)), it, max_iter, regime, spec)
    p[:, 0] = _boundary_slope(V, dx, order)
    Q, q, _, _ = hamiltonian(spec, regime, p, x)
    _check_policy(spec, regime, x, i0, Q, q)
    T = crossing_time(Q, x, order, s)
    return RegimeGrid(regime, x, i0, V, p, Q, q, T, it, res)


def _floor(V, dH, dx, r, s=0.0) -> float:
    """Rounding floor of the relative residual: a difference quotient of values of size
    ``max|V|`` carries an error ``eps max|V| / dx``, multiplied by ``max|dH/dp|`` in ``H``
    (and ``4 s eps max|V| / dx^2`` from the diffusion term)."""
    with np.errstate(all="ignore"):
        amp = float(np.max(np.abs(dH))) / dx + 4.0 * s / dx**2
        f = 64 * np.finfo(float).eps * float(np.max(np.abs(V))) * amp \
            / max(r * float(np.max(np.abs(V))), 1.0)
    return f if math.isfinite(f) else 0.0


def _boundary_slope(V, dx, order):
    """One-sided :math:`V'(0)` of the same order (for the policy at the crossing)."""
    if order == 1 or V.shape[1] < 3:
        return (V[:, 1] - V[:, 0]) / dx
    return (-3.0 * V[:, 0] + 4.0 * V[:, 1] - V[:, 2]) / (2.0 * dx)


def _line_search(spec, regime, V, dV, res, x, S, Dm, D2m, s, dx, norm, damped):
    """Backtracking on the residual norm (a damped step is accepted if finite)."""
    t = 1.0
    while t > 1e-3:
        Vn = V + t * dV
        Fn, pn, Qn, qn, dHn = _residual(spec, regime, Vn, x, S, Dm, D2m, s)
        rn = norm(Fn, Vn) if np.all(np.isfinite(Fn)) else math.inf
        if rn < res or rn <= max(spec.r * 0, _floor(Vn, dHn, dx, spec.r, s)) or \
                (damped and math.isfinite(rn)):
            return Vn, Fn, pn, Qn, qn, dHn, rn
        t *= 0.5
    return None


def _converged(res, tol, it, max_iter, regime, spec) -> None:
    if res <= tol:
        return
    what = (f"the {regime} HJB did not converge: relative residual {res:.3g} > tolerance "
            f"{tol:.3g} after {it} Newton iterations ({spec.describe()})")
    hint = "raise max_iter, refine the grid (n) or loosen tol; check the specification's domain"
    if math.isfinite(res) and res <= math.sqrt(tol):
        warnings.warn(f"{what}; the result is used: {hint}", NumericalWarning, stacklevel=4)
        return
    raise ConvergenceError(f"V(x) ({regime})", f"{what}; {hint}")


def _check_policy(spec, regime, x, i0, Q, q) -> None:
    bad = ~np.isfinite(Q) | (Q <= 0)
    bad[0] = ~np.isfinite(Q[0])
    if np.any(bad):
        i = int(np.argmax(bad))
        raise DomainError(f"{regime}: aggregate output Q={Q[i]:.4g} at x={x[i]:.4g} (must be "
                          f"positive and finite for a crossing): no interior equilibrium for "
                          f"{spec.describe()}")
    if regime == "nash_asym":
        neg = q[:, : i0 + 1] < -1e-9 * np.max(Q)
        if np.any(neg):
            k, i = np.unravel_index(int(np.argmax(neg)), neg.shape)
            raise DomainError(f"asymmetric Nash: firm {k} (advantage {spec.eps[k]:g}, S_k="
                              f"{spec.S_vector[k]:g}) would produce q={q[k, i]:.4g} < 0 at "
                              f"x={x[i]:.4g}: a corner solution, outside this solver's interior "
                              "equilibrium; lower the cost differences")


def crossing_time(Q: np.ndarray, x: np.ndarray, order: int, s: float) -> np.ndarray:
    """Expected time to crossing on the grid: :math:`-QT' + sT'' = -1`, :math:`T(0) = 0`."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import spsolve

    n = x.size
    D, D2 = operators(n, float(x[1] - x[0]), order)
    rows, cols, vals = D
    R, C, Vv = [rows], [cols], [-Q[rows] * vals]
    if s > 0:
        r2, c2, v2 = D2
        R.append(r2)
        C.append(c2)
        Vv.append(s * v2)
    R.append(np.array([0]))
    C.append(np.array([0]))
    Vv.append(np.array([1.0]))
    A = coo_matrix((np.concatenate(Vv), (np.concatenate(R), np.concatenate(C))),
                   shape=(n, n)).tocsc()
    rhs = -np.ones(n)
    rhs[0] = 0.0
    return spsolve(A, rhs, permc_spec="NATURAL")
