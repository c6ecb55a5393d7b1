r"""The crossing time under learning shocks: Kolmogorov backward equation and Monte Carlo.

With :math:`dx = -Q(x)\,dt + \sigma\,dW` under an equilibrium policy :math:`Q` (Nash or
cooperative, from :func:`endodec.model.hjb.solve_hjb`) the crossing time
:math:`T = \inf\{t: x(t) = 0\}` is random. Its distribution :math:`u(x, t) = P(T \le t \mid x)`
solves the Kolmogorov backward equation

.. math:: u_t = -Q(x)\,u_x + \tfrac12\sigma^2 u_{xx},\qquad u(0, t) = 1,\quad u(x, 0) = 0\ (x > 0),

solved here on the solver's grid with the second-order upwind difference for :math:`u_x` where
the diffusion resolves the grid (cell Peclet number :math:`Q\Delta x/(\sigma^2/2) \le 2`), else the
monotone first-order one, the central difference for
:math:`u_{xx}` and BDF2 in time (a backward-Euler first step), one sparse LU factorisation per
time step size. At :math:`\sigma = 0` it is the step at the deterministic crossing time, smeared
by the scheme's numerical diffusion :math:`Q\Delta x/2`.

:func:`simulate_crossing` is the independent check: Euler-Maruyama paths of the SDE (vectorised
NumPy, seeded), with the Brownian-bridge correction -- a path that stays positive at both ends of
a step crossed 0 in between with probability :math:`\exp(-2x_kx_{k+1}/(\sigma^2\Delta t))` --
and :func:`ks_distance` the Kolmogorov-Smirnov distance between its empirical distribution and
the backward equation's.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec.errors import NumericalWarning, ParameterError
from endodec.model.hjb.solver import operators
from endodec.results import ResultBase

__all__ = ["CrossingDistribution", "CrossingMonteCarlo", "crossing_distribution",
           "simulate_crossing", "ks_distance", "monte_carlo_check"]

_REGIMES = ("nash", "coop")


def _policy(sol, regime: str) -> np.ndarray:
    if regime not in _REGIMES:
        raise ParameterError("regime", regime, "'nash' or 'coop'")
    return sol.Q_N if regime == "nash" else sol.Q_C


def _kbe(x: np.ndarray, i0: int, Q: np.ndarray, sigma: float, t: np.ndarray) -> np.ndarray:
    """:math:`P(T \\le t_j \\mid x_0)` on the (uniform) time grid ``t`` (``t[0] = 0``)."""
    from scipy.sparse import coo_matrix, identity
    from scipy.sparse.linalg import splu

    n = x.size
    h = float(x[1] - x[0])
    s = 0.5 * sigma**2
    # second-order upwind where the diffusion resolves the grid (cell Peclet number Q dx/s <= 2),
    # else the monotone first-order difference
    D, D2 = operators(n, h, 2 if s > 0 and float(np.max(Q)) * h <= 2.0 * s else 1)
    rows, cols, vals = D
    R, C, V = [rows], [cols], [-Q[rows] * vals]
    if s > 0:
        R.append(D2[0])
        C.append(D2[1])
        V.append(s * D2[2])
    L = coo_matrix((np.concatenate(V), (np.concatenate(R), np.concatenate(C))),
                   shape=(n, n)).tocsc()
    dt = float(t[1] - t[0])
    eye = identity(n, format="csc")

    def factor(c):
        # row 0 of L is empty (operators()), so row 0 of I - c dt L is the boundary condition
        # u(0, t) = 1 already: no row edit (and no LIL round trip) is needed
        return splu((eye - c * dt * L).tocsc(), permc_spec="NATURAL")  # banded: no fill-in

    be, bdf = factor(1.0), factor(2.0 / 3.0)
    u_prev = np.zeros(n)
    u_prev[0] = 1.0
    out = np.empty(t.size)
    out[0] = 0.0 if i0 > 0 else 1.0
    rhs = u_prev.copy()
    u = be.solve(rhs)
    out[1] = u[i0]
    solve = bdf.solve
    for j in range(2, t.size):
        np.multiply(u, 4.0, out=rhs)  # rhs = (4 u - u_prev) / 3, in place (the same operations)
        rhs -= u_prev
        rhs /= 3.0
        rhs[0] = 1.0
        u_prev, u = u, solve(rhs)
        out[j] = u[i0]
    return np.clip(np.maximum.accumulate(out), 0.0, 1.0)


def _stats(t: np.ndarray, F: np.ndarray) -> dict[str, float]:
    def q(p):
        if F[-1] < p:
            return math.inf
        return float(np.interp(p, F, t)) if np.all(np.diff(F) >= 0) else math.inf

    surv = 1.0 - F
    mean = float(np.sum(0.5 * (surv[1:] + surv[:-1]) * np.diff(t)))
    return {"mean": mean, "median": q(0.5), "q05": q(0.05), "q95": q(0.95),
            "mass": float(F[-1])}


@dataclass(frozen=True, repr=False)
class CrossingDistribution(ResultBase):
    """:math:`P(T \\le t \\mid x_0)` of both regimes (:func:`crossing_distribution`).

    Attributes
    ----------
    sigma : float
    t_N, F_N, t_C, F_C : ndarray
        Time grids and distribution functions, Nash and cooperative.
    stats : dict
        Per regime: ``mean`` (truncated at the last time), ``median``, ``q05``, ``q95``,
        ``mass`` (:math:`P(T \\le t_{\\max})`).
    T_det : dict
        Expected crossing times from the mean equation of the solver (deterministic time at
        sigma = 0).
    label : str
        The specification.
    """

    sigma: float
    t_N: np.ndarray
    F_N: np.ndarray
    t_C: np.ndarray
    F_C: np.ndarray
    stats: dict[str, dict[str, float]]
    T_det: dict[str, float]
    label: str

    _summary_title = "Crossing-time distribution (Kolmogorov backward equation)"

    @property
    def acceleration_median(self) -> float:
        """:math:`1 - \\mathrm{median}(T^N)/\\mathrm{median}(T^C)`."""
        return 1.0 - self.stats["nash"]["median"] / self.stats["coop"]["median"]

    @property
    def acceleration_mean(self) -> float:
        """:math:`1 - E[T^N]/E[T^C]` (the paper's measure on expected times)."""
        return 1.0 - self.T_det["nash"] / self.T_det["coop"]

    def cdf(self, regime: str, t) -> np.ndarray:
        """:math:`P(T \\le t)` at times ``t`` (linear interpolation; 1 - mass beyond the grid
        is not extrapolated)."""
        tt, F = (self.t_N, self.F_N) if regime == "nash" else (self.t_C, self.F_C)
        return np.interp(np.asarray(t, float), tt, F)

    def _scalars(self) -> dict[str, Any]:
        d: dict[str, Any] = {"sigma": self.sigma}
        for r in _REGIMES:
            for k, v in self.stats[r].items():
                d[f"{k}_{r}"] = v
            d[f"E_T_{r}"] = self.T_det[r]
        d["acceleration_mean"] = self.acceleration_mean
        d["acceleration_median"] = self.acceleration_median
        return d

    def _dict_fields(self) -> dict[str, Any]:
        d = dict(self._scalars())
        d.update({"label": self.label, "t_N": self.t_N, "F_N": self.F_N, "t_C": self.t_C,
                  "F_C": self.F_C})
        return d

    def _frame(self):
        import pandas as pd

        return pd.concat([pd.DataFrame({"regime": r, "t": t, "F": F}) for r, t, F in
                          (("nash", self.t_N, self.F_N), ("coop", self.t_C, self.F_C))],
                         ignore_index=True)


def crossing_distribution(sol, nt: int = 2000, t_max: float | None = None
                          ) -> CrossingDistribution:
    """The crossing-time distribution of both regimes of ``sol`` (module docstring).

    Parameters
    ----------
    sol : HJBSolution
        An equilibrium from :func:`endodec.model.hjb.solve_hjb` (any sigma).
    nt : int
        Time steps per regime (integer in [10, 10**6]).
    t_max : float, optional
        Last time (default: 3 times each regime's expected crossing time, doubled up to 5 times until
        99.9% of the mass has crossed; a :class:`~endodec.errors.NumericalWarning` if less than 99.9% of the mass has
        crossed by then).

    Returns
    -------
    CrossingDistribution
    """
    if isinstance(nt, bool) or not isinstance(nt, (int, np.integer)) or not 10 <= nt <= 10**6:
        raise ParameterError("nt", nt, "an integer in [10, 1000000]")
    if t_max is not None and not (isinstance(t_max, (int, float)) and math.isfinite(t_max)
                                  and t_max > 0):
        raise ParameterError("t_max", t_max, "> 0, finite")
    sig = sol.spec.sigma
    out, stats, Tdet = {}, {}, {}
    for r in _REGIMES:
        Q = _policy(sol, r)
        T0 = float(sol.T_N0 if r == "nash" else sol.T_C0)
        tm = t_max if t_max is not None else 3.0 * T0
        for _ in range(6):  # default t_max: doubled until 99.9% of the mass has crossed
            t = np.linspace(0.0, tm, nt + 1)
            F = _kbe(sol.x, sol.i0, Q, sig, t)
            if t_max is not None or F[-1] >= 0.999:
                break
            tm *= 2.0
        out[r] = (t, F)
        stats[r] = _stats(t, F)
        Tdet[r] = T0
        if stats[r]["mass"] < 0.999:
            warnings.warn(f"crossing distribution ({r}): only {stats[r]['mass']:.4f} of the "
                          f"mass has crossed by t_max={tm:.4g} (tolerance 0.999): the mean and "
                          "quantiles are truncated; pass a larger t_max", NumericalWarning,
                          stacklevel=2)
    return CrossingDistribution(float(sig), *out["nash"], *out["coop"], stats, Tdet,
                                sol.spec.label)


def simulate_crossing(sol, regime: str = "nash", n_paths: int = 100_000,
                      dt: float | None = None, t_max: float | None = None,
                      seed: int = 0) -> np.ndarray:
    """Monte Carlo crossing times of :math:`dx = -Q\\,dt + \\sigma\\,dW` from ``x0``.

    Euler-Maruyama with the Brownian-bridge correction (module docstring); a step that ends at
    or below 0 is dated by linear interpolation, a bridge crossing at the step's midpoint.

    Parameters
    ----------
    sol : HJBSolution
    regime : {"nash", "coop"}
    n_paths : int
        Paths (integer in [1, 10**7]).
    dt : float, optional
        Time step (default ``t_max / 4000``).
    t_max : float, optional
        Horizon (default 6 expected crossing times); paths not crossed by then get ``inf``.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    ndarray
        Crossing times (``inf`` where a path had not crossed by ``t_max``).
    """
    Q = _policy(sol, regime)
    if isinstance(n_paths, bool) or not isinstance(n_paths, (int, np.integer)) or \
            not 1 <= n_paths <= 10**7:
        raise ParameterError("n_paths", n_paths, "an integer in [1, 10000000]")
    T0 = float(sol.T_N0 if regime == "nash" else sol.T_C0)
    tm = 6.0 * T0 if t_max is None else float(t_max)
    h = tm / 4000 if dt is None else float(dt)
    if not (math.isfinite(h) and h > 0 and math.isfinite(tm) and tm > 0):
        raise ParameterError("dt", dt, "> 0 and finite (with t_max > 0)")
    rng = np.random.default_rng(seed)
    x0, xg = sol.spec.x0, sol.x
    sig = sol.spec.sigma
    x = np.full(int(n_paths), x0)
    alive = np.arange(int(n_paths))
    T = np.full(int(n_paths), np.inf)
    steps = int(math.ceil(tm / h))
    sq = sig * math.sqrt(h)
    hx = float(xg[1] - xg[0])
    dQ = np.append(np.diff(Q), 0.0)
    top = xg.size - 1
    for k in range(steps):
        xa = x[alive]
        u = np.clip(xa, 0.0, xg[-1]) / hx
        i = np.minimum(u.astype(np.intp), top)
        xn = xa - (Q[i] + (u - i) * dQ[i]) * h
        if sig > 0:
            xn += sq * rng.standard_normal(xa.size)
        hit = xn <= 0
        t_hit = k * h + h * xa / np.maximum(xa - xn, 1e-300)
        if sig > 0:
            pb = np.exp(-2.0 * np.maximum(xa, 0) * np.maximum(xn, 0) / (sig * sig * h))
            bridge = ~hit & (rng.random(xa.size) < pb)
            t_hit = np.where(bridge, (k + 0.5) * h, t_hit)
            hit |= bridge
        T[alive[hit]] = np.minimum(t_hit[hit], tm)
        x[alive] = xn
        alive = alive[~hit]
        if alive.size == 0:
            break
    return T


def ks_distance(dist: CrossingDistribution, regime: str, samples: np.ndarray) -> float:
    """Kolmogorov-Smirnov distance between Monte Carlo crossing times and the backward
    equation's distribution (censored samples, ``inf``, count as beyond every time)."""
    s = np.sort(np.asarray(samples, float))
    n = s.size
    fin = s[np.isfinite(s)]
    F = dist.cdf(regime, fin)
    i = np.arange(1, fin.size + 1)
    return float(max(np.max(np.abs(i / n - F)), np.max(np.abs((i - 1) / n - F)))) \
        if fin.size else 1.0


@dataclass(frozen=True, repr=False)
class CrossingMonteCarlo(ResultBase):
    """Monte Carlo check of a crossing-time distribution (:func:`monte_carlo_check`).

    ``ks`` is the Kolmogorov-Smirnov distance; ``ks_95`` the 95% critical value
    :math:`1.358/\\sqrt{n}` of sampling noise alone.
    """

    regime: str
    n_paths: int
    dt: float
    seed: int
    ks: float
    ks_95: float
    mean_mc: float
    mean_kbe: float
    crossed_share: float

    _summary_title = "Crossing time: Monte Carlo (Brownian bridge) vs Kolmogorov backward equation"


def monte_carlo_check(sol, dist: CrossingDistribution, regime: str = "nash",
                      n_paths: int = 100_000, seed: int = 0, dt: float | None = None
                      ) -> CrossingMonteCarlo:
    """Simulate ``n_paths`` crossings and measure their KS distance to ``dist``."""
    t = dist.t_N if regime == "nash" else dist.t_C
    tm = float(t[-1])
    h = tm / 4000 if dt is None else dt
    T = simulate_crossing(sol, regime, n_paths, dt=h, t_max=tm, seed=seed)
    fin = np.isfinite(T)
    mean_mc = float(np.mean(np.minimum(T, tm)))
    return CrossingMonteCarlo(regime, int(n_paths), float(h), int(seed),
                              ks_distance(dist, regime, T), 1.358 / math.sqrt(n_paths), mean_mc,
                              float(dist.stats[regime]["mean"]), float(np.mean(fin)))
