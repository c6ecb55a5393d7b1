r"""The paper's results checked on one specification: Proposition 1, Corollary 1, welfare, T*.

On the paper's specification these are theorems (seed 000 §3.5 Proposition 1, §3.6 Corollary 1;
:mod:`endodec.model.proposition1` checks them on the closed form). For any
:class:`~endodec.model.hjb.spec.HJBSpec` :func:`check_spec` solves the game numerically
(:func:`~endodec.model.hjb.solve_hjb`) and tests

``prop1_Q``
    :math:`Q^N(x) > Q^C(x)` at every grid state :math:`0 < x \le x_0`;
``prop1_T``
    :math:`T^N < T^C` (expected crossing times from :math:`x_0` when :math:`\sigma > 0`);
``cor1``
    :math:`Q^N(x)` strictly higher with :math:`N + 1` firms than with :math:`N` at every
    :math:`0 < x \le x_0` (the added firm has no cost advantage and the mean post-crossing value;
    with ``S=None`` the continuation value follows the convention, as in the paper's code);
``welfare``
    a positive welfare loss :math:`1 - \sum_k V^N_k(x_0)/W(x_0) > 0`.

"Strictly" is tested with a margin of :data:`MARGIN` (relative): a difference inside it is
indistinguishable from 0 at the solver's accuracy and counts as a failure of the strict
inequality (N = 1, where Nash and cooperative coincide, fails ``prop1_Q`` for this reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec.errors import DomainError, NumericalError
from endodec.model.hjb.mpe import as_spec, solve_hjb
from endodec.results import ResultBase

__all__ = ["MARGIN", "RESULTS", "SpecCheck", "check_spec"]

#: Relative margin of the strict inequalities (far above the solver's error at n >= 200, order 2).
MARGIN = 1e-6

#: The results checked, with their statements.
RESULTS = {
    "prop1_Q": "Prop. 1: Q_N(x) > Q_C(x) for all 0 < x <= x0",
    "prop1_T": "Prop. 1: T_N < T_C",
    "cor1": "Cor. 1: Q_N(x) rising in N for all 0 < x <= x0",
    "welfare": "welfare loss 1 - V_N/V_P > 0",
}


@dataclass(frozen=True, repr=False)
class SpecCheck(ResultBase):
    """The paper's results on one specification (:func:`check_spec`).

    Attributes
    ----------
    spec : HJBSpec
    holds : dict
        Result id (:data:`RESULTS`) -> True / False (``cor1``: None when the game with N + 1
        firms has no interior equilibrium; the reason is in ``counterexample``).
    counterexample : dict
        Result id -> where and by how much it fails (only failed results).
    welfare_loss, acceleration : float
        :math:`1 - \\sum V^N/W` and :math:`1 - T^N/T^C` at :math:`x_0`.
    min_gap : float
        :math:`\\min_x (Q^N - Q^C)/Q^C` over :math:`0 < x \\le x_0`.
    """

    spec: Any
    holds: dict[str, bool]
    counterexample: dict[str, str]
    welfare_loss: float
    acceleration: float
    min_gap: float
    T_N: float
    T_C: float

    _summary_title = "The paper's results on one specification"

    def _dict_fields(self) -> dict[str, Any]:
        return {"spec": self.spec.to_dict(), "holds": self.holds,
                "counterexample": self.counterexample, "welfare_loss": self.welfare_loss,
                "acceleration": self.acceleration, "min_gap": self.min_gap, "T_N": self.T_N,
                "T_C": self.T_C}

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({"result": list(self.holds), "holds": list(self.holds.values()),
                             "counterexample": [self.counterexample.get(k, "")
                                                for k in self.holds]})

    def _summary_text(self) -> str:
        lines = ["The paper's results on one specification", f"  {self.spec.describe()}"]
        for k, v in self.holds.items():
            lines.append(f"  {RESULTS[k]:<50} {'n/a' if v is None else 'holds' if v else 'FAILS'}"
                         + (f"  ({self.counterexample[k]})" if k in self.counterexample else ""))
        lines.append(f"  welfare loss {100 * self.welfare_loss:.4g}%, acceleration "
                     f"{100 * self.acceleration:.4g}%")
        return "\n".join(lines)


def _more_firms(spec):
    kw: dict[str, Any] = {"N": spec.N + 1}
    if spec.advantages is not None:
        kw["advantages"] = tuple(spec.advantages) + (0.0,)
    if spec.S_firms is not None:
        kw["S_firms"] = tuple(spec.S_firms) + (float(np.mean(spec.S_firms)),)
    return spec.replace(**kw)


def check_spec(spec=None, *, n: int = 400, cor1: bool = True, **kw) -> SpecCheck:
    """Check Proposition 1, Corollary 1 and the welfare loss on one specification.

    Parameters
    ----------
    spec : HJBSpec or GameParams, optional
    n : int
        Grid points on ``[0, x0]`` (order-2 scheme).
    cor1 : bool
        Also solve with N + 1 firms for Corollary 1.
    **kw
        Fields of :class:`~endodec.model.hjb.spec.HJBSpec`.

    Returns
    -------
    SpecCheck

    Raises
    ------
    DomainError, NumericalError
        The specification (or its N + 1 version) has no interior equilibrium, or the solver
        does not converge.
    """
    sp = as_spec(spec, **kw)
    sol = solve_hjb(sp, n=n)
    i0 = sol.i0
    x = sol.x[1:i0 + 1]
    QN, QC = sol.Q_N[1:i0 + 1], sol.Q_C[1:i0 + 1]
    gap = (QN - QC) / QC
    holds, cex = {}, {}
    j = int(np.argmin(gap))
    holds["prop1_Q"] = bool(gap[j] > MARGIN)
    if not holds["prop1_Q"]:
        bad = gap <= MARGIN
        cex["prop1_Q"] = (f"Q_N={QN[j]:.6g} <= Q_C={QC[j]:.6g} at x={x[j]:.4g} "
                          f"({100 * np.mean(bad):.3g}% of states)")
    holds["prop1_T"] = bool(sol.T_N0 < sol.T_C0 * (1 - MARGIN))
    if not holds["prop1_T"]:
        cex["prop1_T"] = f"T_N={sol.T_N0:.6g} >= T_C={sol.T_C0:.6g}"
    up = None
    if cor1:
        try:
            up = solve_hjb(_more_firms(sp), n=n)
        except (DomainError, NumericalError) as e:  # N + 1 has no interior equilibrium
            holds["cor1"] = None
            cex["cor1_not_evaluated"] = f"N={sp.N + 1}: {e}"[:300]
    if up is not None:
        Q1 = up.Q_N[1:i0 + 1]
        g1 = (Q1 - QN) / QN
        k = int(np.argmin(g1))
        holds["cor1"] = bool(g1[k] > MARGIN)
        if not holds["cor1"]:
            cex["cor1"] = (f"Q_N with N={sp.N + 1}: {Q1[k]:.6g} <= {QN[k]:.6g} with N={sp.N} "
                           f"at x={x[k]:.4g}")
    holds["welfare"] = bool(sol.welfare_loss > MARGIN)
    if not holds["welfare"]:
        cex["welfare"] = f"welfare loss {sol.welfare_loss:.3g} <= 0"
    return SpecCheck(sp, holds, cex, float(sol.welfare_loss), float(sol.acceleration),
                     float(gap[j]), float(sol.T_N0), float(sol.T_C0))
