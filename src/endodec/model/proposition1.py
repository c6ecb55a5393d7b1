r"""Proposition 1 as a checker (seed 000 §3.5; seed 001 §3.5).

:func:`check_proposition1` checks, for scalar parameters of the N-firm game
(:mod:`endodec.model.game`), the proposition's statement (Nash aggregate output exceeds the
cooperative one at every state, :math:`Q^N(x) > Q^C(x)`), its consequence (:math:`T^N < T^C`)
and the two intermediate claims of its proof (the boundary order :math:`N\mu > \lambda` at
:math:`x = 0` and the shadow-cost order :math:`N V^{P\prime}(x) > V^{N\prime}(x)`); a failure is
reported with a counterexample, never raised. The comparisons are made in the model's natural
units (:func:`endodec.model.kernel.nash_hat`), where they cannot over- or underflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec._limits import check_size
from endodec.errors import NumericalError, ParameterError
from endodec.model import kernel
from endodec.model.game import GameParams, _point, _short, _vals, as_real
from endodec.results import ResultBase

__all__ = ["Proposition1Check", "check_proposition1", "proposition1_flags"]


@dataclass(frozen=True, repr=False)
class Proposition1Check(ResultBase):
    """Result of :func:`check_proposition1`.

    Attributes
    ----------
    output_gap_holds : bool
        :math:`Q^N(x) > Q^C(x)` at every checked state (the proposition's statement).
    crossing_order_holds : bool
        :math:`T^N < T^C` (its consequence).
    boundary_holds : bool
        Proof step 1: :math:`N\\mu > \\lambda` at :math:`x = 0`.
    shadow_order_holds : bool
        Proof step 2: :math:`N V^{P\\prime}(x) > V^{N\\prime}(x)` at every checked state.
    shadow_counterexample : float or None
        Smallest checked ``x`` where step 2 fails.
    shadow_crossover : float or None
        The state where :math:`N V^{P\\prime} = V^{N\\prime}` (root), if step 2 fails.
    min_output_gap : float
        :math:`\\min_x (Q^N - Q^C)` over the checked states.
    x_max : float
        Upper end of the checked state range.
    """

    output_gap_holds: bool
    crossing_order_holds: bool
    boundary_holds: bool
    shadow_order_holds: bool
    shadow_counterexample: float | None
    shadow_crossover: float | None
    output_counterexample: float | None
    min_output_gap: float
    lam: float
    Nmu: float
    x_max: float

    @property
    def holds(self) -> bool:
        """Proposition 1 (statement and consequence) holds on the checked range."""
        return self.output_gap_holds and self.crossing_order_holds

    @property
    def proof_holds(self) -> bool:
        return self.boundary_holds and self.shadow_order_holds

    def verdict(self) -> str:
        s = "holds" if self.holds else f"FAILS (Q_N <= Q_C at x={self.output_counterexample})"
        if not self.shadow_order_holds:
            s += (f"; proof step 2 fails: V_N'(x) > N V_P'(x) for x > {self.shadow_crossover:.6g}"
                  f" (checked to x={self.x_max:.6g})")
        elif not self.boundary_holds:
            s += "; proof step 1 fails at x=0"
        else:
            s += "; proof steps 1-2 hold on the checked range"
        return s

    _summary_title = "Proposition 1 (seed 000 §3.5) and the steps of its proof"

    def _dict_fields(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["holds"] = self.holds
        d["verdict"] = self.verdict()
        return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in d.items()}

    def _summary_text(self) -> str:
        return "Proposition 1: " + self.verdict()

    def _summary_tables(self):
        import pandas as pd

        d = self._dict_fields()
        d.pop("verdict")
        return [("", pd.DataFrame({"value": [str(v) for v in d.values()]}, index=list(d)))]


def check_proposition1(params: GameParams | None = None, x_max: float | None = None,
                       n: int = 2001, crossover: bool = True, **kw) -> Proposition1Check:
    """Check Proposition 1 (seed 000 §3.5) and each step of its proof for scalar parameters.

    Parameters
    ----------
    params : GameParams
        Scalar parameters.
    x_max : float, optional
        Upper end of the state range to check, finite and ``> 0``. Default: ``max(x0, 50 *
        scale)`` where the scale :math:`4N^2A/E = a(1+N^2)/(br(N+1)^2)` is the state distance over
        which the Nash shadow cost decays by e, so the tail where the proof's step 2 can fail is
        covered.
    n : int
        Number of (log-spaced and linear) check points, an integer in ``[2, 2**40]``; memory grows like
        ``n`` (checked against ``ENDODEC_MAX_BYTES``, see :func:`endodec._limits.check_size`).
    crossover : bool
        Locate the step-2 crossover by root finding (``shadow_crossover``); False leaves it None
        (every other field is unchanged) and saves the root finding's kernel evaluations.

    Returns
    -------
    Proposition1Check
        Never raises on failure of a claim: failures are reported with a counterexample.

    Raises
    ------
    ParameterError
        Array parameters, bad ``x_max`` or ``n``.
    DomainError
        No interior solution.
    NumericalError
        A compared quantity is not representable in float64. The comparisons themselves are made
        in the model's natural units (:func:`endodec.model.kernel.nash_hat`), where they cannot
        over- or underflow; the error arises only when the states or the reported values cannot
        be converted back (e.g. the default ``x_max`` overflows), so an extreme-but-valid input is
        never reported as "Proposition 1 FAILS".
    SizeLimitError
        ``n`` so large that the state grid would exceed the memory limit.
    """
    want_crossover = crossover
    p = params if params is not None else GameParams(**kw)
    if p.shape:
        raise ParameterError("params", "array", "scalar parameters for check_proposition1")
    if (isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer))
            or not 2 <= n <= 2**40):
        raise ParameterError("n", _short(n), "an integer in [2, 2**40] (number of check points)")
    # two grids of n states, ~40 float64 kernel temporaries per state
    check_size(f"check_proposition1 with n={n}", 2.0 * n * 40 * 8, "use a smaller n")
    if x_max is not None:
        xm = as_real("x_max", x_max)
        if xm.ndim or not (np.isfinite(xm) and xm > 0):
            raise ParameterError("x_max", _short(x_max), "a finite number > 0")
        x_max = float(xm)
    p.check_domain()
    N, a, b, r, S, x0 = (float(v) for v in p._kernel_args())
    with np.errstate(all="ignore"):
        ss = float(kernel.sqrt_sigma(a, b, r, S))
        to_xi = b / a * r  # state x -> natural units xi = x b r / a
        unit = (a / b) / r
        if x_max is None:
            # Nash decay rate of V_N' in natural units: E/(4N^2 A) = (N+1)^2/(1+N^2)
            x_max = max(x0, 50.0 * (1 + N * N) / (N + 1) ** 2 * unit)
        if not np.isfinite(x_max):
            raise NumericalError("x_max", f"the default 50 a(1+N^2)/(b r (N+1)^2) overflows at "
                                          f"{_point(_vals(p), True)}; give x_max")
        # log-spaced from 1e-9 (or 1e-9 natural stock units a/(br) if smaller): the crossover of
        # step 2 lies at O(1) natural units, so it is resolved whatever the scale of a, b, r
        lo = min(1e-9, 1e-9 * unit, x_max)
        if not lo > 0:
            raise NumericalError("the check grid", f"the stock unit a/(br) underflows at "
                                                   f"{_point(_vals(p), True)}")
        xs = np.unique(np.concatenate([np.linspace(0, x_max, n),
                                       np.geomspace(lo, x_max, n), [x0]]))
        xis = xs * to_xi
        nq, cq = kernel.nash_hat(N, ss, xis, np), kernel.coop_hat(N, ss, xis, np)
        for k in ("Q", "dV"):
            if not np.all(np.isfinite(nq[k])):
                raise NumericalError(f"{k} (Nash) on the check grid", f"at {_point(_vals(p), True)}")
        for k in ("Q", "social_dV"):
            if not np.all(np.isfinite(cq[k])):
                raise NumericalError(f"{k} (cooperative) on the check grid",
                                     f"at {_point(_vals(p), True)}")
        gap = nq["Q"] - cq["Q"]  # in units of a/b
        interior = xs > 0
        out_ok = bool(np.all(gap[interior] > 0))
        out_ce = None if out_ok else float(xs[interior][gap[interior] <= 0][0])
        sh = cq["social_dV"] - nq["dV"]  # in units of a
        sh_ok = bool(np.all(sh > 0))
        sh_ce = None if sh_ok else float(xs[sh <= 0][0])
        crossover = None
        if not sh_ok and want_crossover:
            from scipy.optimize import brentq

            i = int(np.argmax(sh <= 0))
            if i > 0:
                def f(x):
                    xi = x * to_xi
                    return float(kernel.coop_hat(N, ss, xi, np)["social_dV"]
                                 - kernel.nash_hat(N, ss, xi, np)["dV"])

                crossover = float(brentq(f, xs[i - 1], xs[i], xtol=1e-14, rtol=1e-14))
            else:
                crossover = 0.0
        lam, Nmu = a * float(nq["dV"][0]), a * float(cq["social_dV"][0])
        if x0 > 0:
            TN, TC = float(nq["T"][xs == x0][0]), float(cq["T"][xs == x0][0])
            # in natural units (times r); below the smallest normal float they have lost their
            # relative precision (x0 b r / a underflows) and cannot be compared
            if not (np.isfinite(TN) and np.isfinite(TC) and min(TN, TC) >= kernel.TINY):
                raise NumericalError("crossing times at x0", f"r T = {TN:g} (Nash), {TC:g} "
                                     f"(cooperative) at {_point(_vals(p), True)}")
            T_ok = TN < TC
        else:
            T_ok = True
        min_gap = float(gap[interior].min()) * (a / b) if interior.any() else 0.0
        if not np.isfinite(min_gap):
            raise NumericalError("min_output_gap", f"at {_point(_vals(p), True)}")
    return Proposition1Check(out_ok, T_ok, bool(cq["social_dV"][0] > nq["dV"][0]), sh_ok, sh_ce,
                             crossover, out_ce, min_gap, lam, Nmu, float(x_max))




def _default_grid(N: float, a: float, b: float, r: float, x0: float, n: int):
    """The default check grid of :func:`check_proposition1` (``x_max=None``) for scalar
    kernel arguments, the same floats: ``(x_max, xs)``, or None where that function would
    raise (``x_max`` overflows, the stock unit underflows)."""
    with np.errstate(all="ignore"):
        unit = (a / b) / r
        x_max = max(x0, 50.0 * (1 + N * N) / (N + 1) ** 2 * unit)
        if not np.isfinite(x_max):
            return None
        lo = min(1e-9, 1e-9 * unit, x_max)
        if not lo > 0:
            return None
        return x_max, np.unique(np.concatenate([np.linspace(0, x_max, n),
                                                np.geomspace(lo, x_max, n), [x0]]))


def _verdicts(N, ss, grids, xs_l, x0, ab):
    """Per point of one chunk: (clean, statement, step 1, step 2, T_N < T_C) from one kernel
    evaluation over the concatenated check grids (:func:`proposition1_flags`)."""
    size = np.array([g.size for g in grids])
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    xis, xs = np.concatenate(grids), np.concatenate(xs_l)
    Nr, ssr = np.repeat(N, size), np.repeat(ss, size)
    with np.errstate(all="ignore"):
        nq, cq = kernel.nash_hat(Nr, ssr, xis, np), kernel.coop_hat(Nr, ssr, xis, np)
        fin = (np.isfinite(nq["Q"]) & np.isfinite(nq["dV"]) & np.isfinite(cq["Q"])
               & np.isfinite(cq["social_dV"]))
        gap = nq["Q"] - cq["Q"]
        interior = xs > 0
        good = np.logical_and.reduceat(fin, start)
        out_ok = np.logical_and.reduceat(~interior | (gap > 0), start)
        sh_ok = np.logical_and.reduceat(cq["social_dV"] - nq["dV"] > 0, start)
        boundary = cq["social_dV"][start] > nq["dV"][start]
        gmin = np.minimum.reduceat(np.where(interior, gap, np.inf), start)
        any_int = np.logical_or.reduceat(interior, start)
        T_ok = np.ones(size.size, bool)
        for j in np.flatnonzero(good):
            if any_int[j] and not np.isfinite(float(gmin[j]) * ab[j]):  # min_output_gap
                good[j] = False
            elif x0[j] > 0:  # the crossing times at x0 (on the grid)
                k = start[j] + int(np.argmax(xs_l[j] == x0[j]))
                TN, TC = float(nq["T"][k]), float(cq["T"][k])
                if not (np.isfinite(TN) and np.isfinite(TC) and min(TN, TC) >= kernel.TINY):
                    good[j] = False
                else:
                    T_ok[j] = TN < TC
    return good, out_ok, boundary, sh_ok, T_ok


def proposition1_flags(params: GameParams, n: int = 2001, chunk: int = 256
                       ) -> dict[str, np.ndarray]:
    """:func:`check_proposition1` (default ``x_max``, ``crossover=False``) at every point of an
    array ``params``, in one kernel evaluation over the check grids of ``chunk`` points at a time.

    Returns arrays ``clean`` (the point passed every check that makes
    :func:`check_proposition1` raise: domain, representable S, finite outputs and crossing
    times), and where ``clean``: ``holds``, ``boundary_holds``, ``shadow_order_holds``, equal to
    that function's (the same grid and the same elementwise floats; the kernel's operations act
    element by element). Where ``clean`` is False call :func:`check_proposition1` (it raises or
    decides).
    """
    from endodec.model.continuation import S_breakdown

    N, a, b, r, S, x0 = (np.asarray(v, float).ravel() for v in
                         np.broadcast_arrays(*params._kernel_args()))
    m = N.size
    with np.errstate(all="ignore"):
        coop_bad, nash_bad = kernel.domain_bad(N, kernel.sqrt_sigma(a, b, r, S))
    ok = ~(S_breakdown(S, params.convention, params.S_T, params.S_I).ravel() | coop_bad
           | nash_bad)
    pts, grids, xs_l, ss_l = [], [], [], []
    for i in np.flatnonzero(ok):
        Ni, ai, bi, ri, Si, xi0 = (float(v[i]) for v in (N, a, b, r, S, x0))
        g = _default_grid(Ni, ai, bi, ri, xi0, n)
        if g is None:
            continue
        with np.errstate(all="ignore"):
            ss_l.append(float(kernel.sqrt_sigma(ai, bi, ri, Si)))
        xs_l.append(g[1])
        grids.append(g[1] * (bi / ai * ri))  # xis = xs * to_xi
        pts.append(i)
    out = {k: np.zeros(m, bool) for k in ("clean", "holds", "boundary_holds",
                                          "shadow_order_holds")}
    pts, ss = np.array(pts, int), np.array(ss_l)
    for c in range(0, pts.size, max(int(chunk), 1)):
        sl = slice(c, c + max(int(chunk), 1))
        i = pts[sl]
        good, out_ok, boundary, sh_ok, T_ok = _verdicts(N[i], ss[sl], grids[sl], xs_l[sl], x0[i],
                                                        a[i] / b[i])
        out["clean"][i] = good
        out["holds"][i] = good & out_ok & T_ok
        out["boundary_holds"][i] = good & boundary
        out["shadow_order_holds"][i] = good & sh_ok
    return out
