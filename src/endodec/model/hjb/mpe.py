r"""The numerical MPE of a specification: :func:`solve_hjb` and its :class:`HJBSolution`.

Both regimes of the game (Nash MPE and cooperative benchmark; seed 000 §3.2-3.5, seed 001
§3.2-3.5) are solved on one grid by :func:`endodec.model.hjb.solver.solve_regime`; the solution
carries the same objects as the closed form of :mod:`endodec.model.game` (values, shadow costs,
policies, aggregate output, crossing times, welfare loss, acceleration) as functions of the state.
On the paper's specification it reproduces the closed form (``tests/model/hjb``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec.errors import DomainError, NumericalWarning, ParameterError
from endodec.model.hjb.solver import (
    DEFAULT_N,
    MAX_ITER,
    TOL,
    ConvergenceError,
    RegimeGrid,
    make_grid,
    solve_regime,
)
from endodec.model.hjb.spec import HJBSpec
from endodec.results import ResultBase

__all__ = ["HJBSolution", "solve_hjb", "as_spec", "PAD_FACTOR"]

#: sigma > 0: the grid extends PAD_FACTOR * sigma^2 / Q above x0 (a path rises that far with
#: probability about exp(-2 PAD_FACTOR)).
PAD_FACTOR = 15.0


def as_spec(spec=None, **kw) -> HJBSpec:
    """An :class:`HJBSpec` from a spec, a scalar ``GameParams`` (the paper's specification) or
    keyword fields."""
    if spec is None:
        return HJBSpec(**kw)
    if isinstance(spec, HJBSpec):
        return spec.replace(**kw) if kw else spec
    from endodec.model.game import GameParams

    if isinstance(spec, GameParams):
        return HJBSpec.from_game(spec, **kw)
    raise ParameterError("spec", type(spec).__name__, "an HJBSpec or a scalar GameParams")


@dataclass(frozen=True, repr=False)
class HJBSolution(ResultBase):
    """Nash MPE and cooperative benchmark of one specification on a grid (:func:`solve_hjb`).

    Attributes
    ----------
    spec : HJBSpec
    x : ndarray
        Grid (``x[i0] = x0``; above ``x0`` only when ``sigma > 0``).
    nash, coop : RegimeGrid
        The two regimes (Nash values per firm, cooperative the industry value ``W = N V_P``).
    V_N0, V_P0 : float
        Mean per-firm Nash value and per-firm cooperative value at ``x0``.
    T_N0, T_C0 : float
        (Expected) crossing times from ``x0``.
    welfare_loss : float
        :math:`1 - \\sum_k V^N_k(x_0)/W(x_0)` (per firm when symmetric: :math:`1 - V_N/V_P`).
    acceleration : float
        :math:`1 - T^N/T^C`.
    overinvestment_ratio : float
        :math:`Q^N(x_0)/Q^C(x_0)`.
    order, n : int
        Scheme order and grid points on ``[0, x0]``.
    """

    spec: HJBSpec
    x: np.ndarray
    i0: int
    nash: RegimeGrid
    coop: RegimeGrid
    V_N0: float
    V_P0: float
    T_N0: float
    T_C0: float
    welfare_loss: float
    acceleration: float
    overinvestment_ratio: float
    order: int
    n: int

    _summary_title = "Numerical MPE (implicit upwind finite differences)"

    # -- objects of the closed form as functions of x ------------------------------------------
    @property
    def V_N(self) -> np.ndarray:
        """Per-firm Nash value on the grid (mean over firms when asymmetric)."""
        return self.nash.V.mean(axis=0)

    @property
    def V_P(self) -> np.ndarray:
        """Per-firm cooperative value :math:`W/N`."""
        return self.coop.V[0] / self.spec.N

    @property
    def dV_N(self) -> np.ndarray:
        return self.nash.p.mean(axis=0)

    @property
    def social_dV_P(self) -> np.ndarray:
        """The planner's shadow cost :math:`NV_P' = W'`."""
        return self.coop.p[0]

    @property
    def Q_N(self) -> np.ndarray:
        return self.nash.Q

    @property
    def Q_C(self) -> np.ndarray:
        return self.coop.Q

    @property
    def T_N(self) -> np.ndarray:
        return self.nash.T

    @property
    def T_C(self) -> np.ndarray:
        return self.coop.T

    def at(self, name: str, x) -> np.ndarray:
        """A grid quantity (``"V_N"``, ``"Q_C"``, ...) interpolated (linearly) at states ``x``."""
        if name not in ("V_N", "V_P", "dV_N", "social_dV_P", "Q_N", "Q_C", "T_N", "T_C"):
            raise ParameterError("name", name, "V_N, V_P, dV_N, social_dV_P, Q_N, Q_C, T_N, T_C")
        return np.interp(np.asarray(x, float), self.x, getattr(self, name))

    # -- protocol hooks ----------------------------------------------------------------------
    def _scalars(self) -> dict[str, Any]:
        return {"V_N0": self.V_N0, "V_P0": self.V_P0, "T_N0": self.T_N0, "T_C0": self.T_C0,
                "welfare_loss": self.welfare_loss, "acceleration": self.acceleration,
                "overinvestment_ratio": self.overinvestment_ratio}

    def _dict_fields(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(self._scalars())
        d.update({"order": self.order, "n": self.n, "grid_points": int(self.x.size),
                  "x_max": float(self.x[-1]),
                  "iterations": {"nash": self.nash.iterations, "coop": self.coop.iterations},
                  "residual": {"nash": self.nash.residual, "coop": self.coop.residual},
                  "spec": self.spec.to_dict()})
        return d

    def _frame(self):
        import pandas as pd

        d = {"x": self.x, "V_N": self.V_N, "V_P": self.V_P, "dV_N": self.dV_N,
             "social_dV_P": self.social_dV_P, "Q_N": self.Q_N, "Q_C": self.Q_C,
             "T_N": self.T_N, "T_C": self.T_C}
        if not self.spec.symmetric:
            for k in range(self.spec.N):
                d[f"V_N_{k}"] = self.nash.V[k]
                d[f"q_N_{k}"] = self.nash.q[k]
        return pd.DataFrame(d)

    def _summary_tables(self):
        import pandas as pd

        s = self._scalars()
        return [("at x0", pd.DataFrame({"value": list(s.values())}, index=list(s)))]

    def _summary_text(self) -> str:
        sp = self.spec
        return "\n".join([
            "Numerical MPE (implicit upwind finite differences, Newton)",
            f"  {sp.describe()}",
            f"  grid: {self.n} points on [0, x0], {self.x.size} in all (x_max={self.x[-1]:.4g}), "
            f"order {self.order}; Newton iterations nash {self.nash.iterations}, coop "
            f"{self.coop.iterations}; residuals {self.nash.residual:.1e} / "
            f"{self.coop.residual:.1e}",
            f"  V_N(x0)          {self.V_N0:12.6g}",
            f"  V_P(x0)          {self.V_P0:12.6g}",
            f"  welfare loss     {100 * self.welfare_loss:11.4g}%",
            f"  T_Nash           {self.T_N0:12.6g}" + (" (expected)" if sp.sigma > 0 else ""),
            f"  T_Coop           {self.T_C0:12.6g}",
            f"  acceleration     {100 * self.acceleration:11.4g}%",
            f"  Q_N/Q_C at x0    {self.overinvestment_ratio:12.6g}",
        ])

    def __str__(self) -> str:
        return str(self.summary())


def _pad(spec: HJBSpec, n: int, order: int, tol: float, max_iter: int) -> float:
    """``x_max`` for sigma > 0 from a deterministic pre-solve (coarse grid)."""
    det = spec.replace(sigma=0.0)
    xg, i0 = make_grid(spec.x0, min(n, 400))
    Qs = [solve_regime(det, r, xg, i0, order=order, tol=tol, max_iter=max_iter).Q[i0]
          for r in (_nash_regime(spec), "coop")]
    pad = PAD_FACTOR * spec.sigma**2 / min(Qs)
    cap = 200.0 * spec.x0
    if pad > cap:
        warnings.warn(f"sigma={spec.sigma:g}: the grid would extend {pad:.3g} above x0; capped at "
                      f"{cap:.3g} (200 x0): paths beyond the cap are reflected, which biases the "
                      "crossing-time tail; lower sigma or pass x_max", NumericalWarning,
                      stacklevel=3)
        pad = cap
    return spec.x0 + pad


def _nash_regime(spec: HJBSpec) -> str:
    return "nash" if spec.symmetric else "nash_asym"


def _regime(spec, regime, x, i0, n, order, tol, max_iter, x_max):
    """One regime; if Newton fails from the linear guess on a fine grid, start from the solution
    on a coarse grid (grid continuation)."""
    try:
        return solve_regime(spec, regime, x, i0, order=order, tol=tol, max_iter=max_iter)
    except ConvergenceError:
        if n <= 200:
            raise
        xc, ic = make_grid(spec.x0, 200, x_max)
        c = _regime(spec, regime, xc, ic, 200, order, tol, max_iter, x_max)
        start = np.array([np.interp(x, xc, v) for v in c.V])
        return solve_regime(spec, regime, x, i0, order=order, tol=tol, max_iter=max_iter,
                            V_start=start)


def _solve_once(spec, n, order, x_max, tol, max_iter) -> HJBSolution:
    x, i0 = make_grid(spec.x0, n, x_max)
    nash = _regime(spec, _nash_regime(spec), x, i0, n, order, tol, max_iter, x_max)
    coop = _regime(spec, "coop", x, i0, n, order, tol, max_iter, x_max)
    VN = float(nash.V[:, i0].sum()) if not spec.symmetric else spec.N * float(nash.V[0, i0])
    W = float(coop.V[0, i0])
    TN, TC = float(nash.T[i0]), float(coop.T[i0])
    if not (W > 0 and TC > 0 and math.isfinite(VN) and math.isfinite(TN)):
        raise DomainError(f"the equilibrium at x0 is degenerate (W(x0)={W:.4g}, T_C={TC:.4g}, "
                          f"sum V_N={VN:.4g}, T_N={TN:.4g}) for {spec.describe()}")
    return HJBSolution(spec, x, i0, nash, coop, VN / spec.N, W / spec.N, TN, TC,
                       1.0 - VN / W, 1.0 - TN / TC,
                       float(nash.Q[i0] / coop.Q[i0]), order, n)


def solve_hjb(spec=None, *, n: int = DEFAULT_N, order: int = 2, x_max: float | None = None,
              tol: float = TOL, max_iter: int = MAX_ITER, accuracy: float | None = None,
              **kw) -> HJBSolution:
    """Solve the Nash MPE and the cooperative benchmark of a specification numerically.

    Parameters
    ----------
    spec : HJBSpec or GameParams, optional
        The specification (a scalar ``GameParams``: the paper's; default: ``HJBSpec()``, the
        paper's baseline).
    n : int
        Grid points on ``[0, x0]`` (default 2000).
    order : {1, 2}
        Upwind scheme order (:mod:`endodec.model.hjb.solver`).
    x_max : float, optional
        Top of the grid when ``sigma > 0`` (default ``x0 + 15 sigma^2 / Q(x0)``).
    tol, max_iter : float, int
        Convergence criterion of Newton's method.
    accuracy : float, optional
        Requested relative accuracy of the values and crossing times at ``x0``: the error is
        estimated by a solve on a grid twice as coarse (Richardson) and a
        :class:`~endodec.errors.NumericalWarning` names the estimate, the request and the ``n``
        that would meet it.
    **kw
        Fields of :class:`HJBSpec` (``solve_hjb(sigma=2.0)``).

    Returns
    -------
    HJBSolution

    Raises
    ------
    ParameterError, DomainError, NumericalError
        Invalid inputs; no interior equilibrium; no convergence.
    """
    sp = as_spec(spec, **kw)
    sp.check_boundary()
    if order not in (1, 2) or isinstance(order, bool):
        raise ParameterError("order", order, "1 (monotone upwind) or 2 (second-order upwind)")
    for name, v, lo in (("tol", tol, 0.0), ("max_iter", max_iter, 1)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= lo or \
                not math.isfinite(v) or (name == "tol" and v == 0):
            raise ParameterError(name, v, "> 0, finite" if name == "tol" else "an integer >= 1")
    if sp.sigma > 0 and x_max is None:
        x_max = _pad(sp, n, order, tol, max_iter)
    elif x_max is not None and (not isinstance(x_max, (int, float)) or not math.isfinite(x_max)
                                or x_max < sp.x0):
        raise ParameterError("x_max", x_max, f">= x0 = {sp.x0:g}, finite")
    sol = _solve_once(sp, n, order, x_max, tol, int(max_iter))
    if accuracy is not None:
        _check_accuracy(sol, accuracy, x_max, tol, int(max_iter))
    return sol


def grid_error(sol: HJBSolution, x_max=None, tol: float = TOL, max_iter: int = MAX_ITER) -> float:
    """Estimated relative discretisation error of ``sol`` at ``x0`` (Richardson: a solve on a
    grid twice as coarse; error of the fine solve ~ difference / (2^order - 1))."""
    nc = (sol.n - 1) // 2 + 1
    if x_max is None and sol.spec.sigma > 0:
        x_max = float(sol.x[-1])
    c = _solve_once(sol.spec, nc, sol.order, x_max, tol, max_iter)
    rel = [abs(getattr(sol, k) - getattr(c, k)) / max(abs(getattr(sol, k)), 1e-300)
           for k in ("V_N0", "V_P0", "T_N0", "T_C0")]
    return max(rel) / (2**sol.order - 1)


def _check_accuracy(sol, accuracy, x_max, tol, max_iter) -> None:
    if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float)) or \
            not (0 < accuracy < 1):
        raise ParameterError("accuracy", accuracy, "in (0, 1) (relative error)")
    est = grid_error(sol, x_max, tol, max_iter)
    if est > accuracy:
        need = int(math.ceil(sol.n * 1.2 * (est / accuracy) ** (1.0 / sol.order)))
        warnings.warn(f"grid too coarse for the requested accuracy: estimated relative error "
                      f"{est:.3g} > accuracy {accuracy:.3g} at n={sol.n} (order {sol.order}); "
                      f"use n >= {need} or order=2", NumericalWarning, stacklevel=3)
