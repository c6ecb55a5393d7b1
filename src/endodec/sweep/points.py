r"""One chunk of sweep points: validation by the rule of :func:`endodec.model.game.solve`, the
continuation value, and the classification of the kernel's outputs (seed 000 §3.2-3.5 / seed 001
§3.2-3.5).

The functions here are backend-neutral: they prepare the kernel's arguments and finish its outputs
in NumPy; :mod:`endodec.sweep.backends` runs :func:`endodec.model.kernel.game_kernel` in between.

Continuation value
------------------
``convention`` is that of :class:`~endodec.model.game.GameParams` (``"code"``, ``"paper"``,
``"direct"``); S is computed per chunk by :func:`endodec.model.continuation.continuation_value`, the
function ``GameParams`` uses, so the sweep never re-implements the formula for S. Default:
``"direct"`` if the points have an ``S`` column, else ``"code"``.

Validity: one rule with :func:`endodec.model.game.solve`
-------------------------------------------------------
Each point is checked by the functions ``GameParams`` and ``solve`` use
(:func:`endodec.model.game.param_violations`, :func:`~endodec.model.continuation.S_breakdown`, the
kernel's overflow-free domain test :func:`endodec.model.kernel.domain_bad` and float64 breakdown
test :func:`endodec.model.kernel.breakdown`), so a point gets the reason that names the error
``solve`` raises there: ``invalid parameter <name>: must be <range>`` (ParameterError), ``no
interior ... solution`` (DomainError) or ``numerical: <quantity> not representable in float64``
(NumericalError). A point with ``code == 0`` has finite outputs (``ratio`` is exactly ``inf`` at
``S = x0 = 0``).

Outputs per point
-----------------
The parameters (incl. the continuation value ``S`` actually used), ``V_N, V_P`` (values at x0),
``T_nash, T_coop`` (crossing times, model units), ``welfare_loss`` (1 - V_N/V_P), ``delta_W``,
``acceleration`` (1 - T_N/T_C), ``ratio`` (Q_N/Q_C at x0), ``Q_N0, Q_C0``, ``dV_N0`` (private
shadow cost V_N'(x0)), ``social_dV_P0`` (N V_P'(x0)), ``code`` (kernel code, see
:data:`endodec.model.kernel.CODES`; 1 also for parameters rejected here, 4 also when S is not
representable), ``reason`` (text,
empty for valid points) and ``prop1`` (below). Invalid points are kept, with NaN outputs and a
reason -- never dropped.

Proposition 1 status (``prop1``), a cheap per-point check at the initial state only
-------------------------------------------------------------------------------------
``"holds"``
    :math:`Q^N(x_0) > Q^C(x_0)` (the statement at :math:`x_0`), :math:`T^N < T^C` (its
    consequence; trivially true at :math:`x_0 = 0`) and :math:`N V^{P\prime}(x_0) > V^{N\prime}(x_0)`
    (step 2 of the proof at :math:`x_0`).
``"holds; proof step 2 fails at x0"``
    Statement and consequence hold but the shadow-cost ordering of the proof fails at x0 (it does
    for large x; see :func:`endodec.model.game.check_proposition1`).
``"fails at x0"``
    :math:`Q^N(x_0) \le Q^C(x_0)` or :math:`T^N \ge T^C`.
``"not evaluated"``
    Invalid point.
The proposition is a statement for *all* :math:`x \in (0, x_0]`; the full check on a state grid is
:func:`endodec.model.game.check_proposition1` (scalar parameters, ~4000 states: too costly per
sweep point).
"""

from __future__ import annotations

import numpy as np

from endodec.errors import ParameterError
from endodec.model import kernel
from endodec.model.continuation import CONVENTIONS, S_breakdown, continuation_value
from endodec.model.game import (
    NUMERICAL,
    PARAM_ORDER,
    as_real,
    numerical_reason,
    param_reason,
    param_violations,
)
from endodec.sweep.grid import DEFAULTS

__all__ = ["OUTPUTS", "PROP1_STATUS", "REASONS", "resolve_outputs"]

#: kernel output -> result column
_KERNEL_COLS = {
    "V_N": "V_N", "V_P": "V_P", "T_N": "T_nash", "T_C": "T_coop", "welfare_loss": "welfare_loss",
    "delta_W": "delta_W", "acceleration": "acceleration", "ratio": "ratio", "Q_N0": "Q_N0",
    "Q_C0": "Q_C0", "dV_N0": "dV_N0", "social_dV_P0": "social_dV_P0",
}
#: Float output columns of a sweep.
OUTPUTS = tuple(_KERNEL_COLS.values())
#: Kernel outputs the Proposition 1 status needs (computed whatever outputs are requested).
_PROP1_NEEDS = ("T_N", "T_C", "Q_N0", "Q_C0", "dV_N0", "social_dV_P0")
#: Columns summarised by ``reduce="summary"``.
SUMMARY_COLS = ("V_N", "V_P", "T_nash", "T_coop", "welfare_loss", "acceleration", "ratio")

#: ``reason`` categories: index 0 valid, 1-3 kernel codes, then one per invalid parameter (the
#: shared rule :func:`endodec.model.game.param_reason`, checked in ``PARAM_ORDER``), then one per
#: quantity that can break down in float64 (:data:`endodec.model.game.NUMERICAL`; code 4).
#: The same texts as the errors of :func:`endodec.model.game.solve` at the same point.
REASONS = ("", kernel.CODES[1], kernel.CODES[2], kernel.CODES[3]) + tuple(
    param_reason(k) for k in PARAM_ORDER) + tuple(
    numerical_reason(q) for q in NUMERICAL)
_PARAM_BASE = 3  # reason of the parameter PARAM_ORDER[i] is _PARAM_BASE + 1 + i
_NUM_BASE = 4 + len(PARAM_ORDER)  # reason of NUMERICAL[i] is _NUM_BASE + i

#: ``prop1`` categories (module docstring).
PROP1_STATUS = ("holds", "holds; proof step 2 fails at x0", "fails at x0", "not evaluated")

# values substituted at invalid points so that GameParams / the kernel see a valid point
_SAFE = dict(DEFAULTS, S_I=1.0, S=1.0)


def resolve_outputs(outputs) -> tuple[str, ...]:
    """The kernel outputs a sweep returns, in canonical order (None: all of :data:`OUTPUTS`).

    Parameters
    ----------
    outputs : sequence of str, str or None
        Names of :data:`endodec.model.kernel.KERNEL_OUTPUTS` (``"T_N"``, ``"T_C"``, ...) or of
        the sweep's columns (:data:`OUTPUTS`: ``"T_nash"``, ``"T_coop"``, ...); a string is a
        comma-separated list.

    Raises
    ------
    ParameterError
        An unknown name, or no name; the message lists the allowed ones.
    """
    if outputs is None:
        return kernel.KERNEL_OUTPUTS
    if isinstance(outputs, str):
        outputs = [o.strip() for o in outputs.split(",") if o.strip()]
    allowed = (f"names among {', '.join(kernel.KERNEL_OUTPUTS)} (or the column names "
               f"{', '.join(c for k, c in _KERNEL_COLS.items() if c != k)})")
    by_col = {c: k for k, c in _KERNEL_COLS.items()}
    names = []
    for o in outputs:
        k = o if isinstance(o, str) and o in _KERNEL_COLS else by_col.get(o) if isinstance(
            o, str) else None
        if k is None:
            raise ParameterError("outputs", o, allowed)
        names.append(k)
    if not names:
        raise ParameterError("outputs", outputs, f"at least one of the {allowed}")
    return tuple(k for k in kernel.KERNEL_OUTPUTS if k in names)


def _kernel_request(want: tuple[str, ...]) -> tuple[str, ...]:
    """Kernel outputs to compute for the sweep outputs ``want``: those plus the Proposition 1
    inputs (the ``prop1`` status is always evaluated)."""
    return tuple(k for k in kernel.KERNEL_OUTPUTS if k in want or k in _PROP1_NEEDS)


def _resolve_convention(convention: str | None, names) -> str:
    if convention is None:
        return "direct" if "S" in names else "code"
    if convention not in CONVENTIONS:
        raise ParameterError("convention", convention, f"one of {CONVENTIONS}")
    if convention == "direct" and "S" not in names:
        raise ParameterError("S", None, "a varied or fixed parameter when convention='direct'")
    if convention != "direct" and "S" in names:
        raise ParameterError("S", "given", "absent unless convention='direct'",
                             f"convention {convention!r} computes S itself")
    return convention


def _prepare(params: dict[str, np.ndarray], convention: str):
    """Validate per point (shared rule), compute S, substitute safe values at rejected points.

    The rule is :func:`endodec.model.game.param_violations` over every parameter column present
    (as ``GameParams`` checks every field it is given) and :func:`endodec.model.continuation.S_breakdown`
    on S from :func:`endodec.model.continuation.continuation_value`, the functions ``GameParams`` uses.
    """
    given = {k: as_real(k, params[k]) for k in PARAM_ORDER if k in params}
    if not given or any(v.ndim != 1 for v in given.values()) or len(
            {v.size for v in given.values()}) != 1:
        raise ParameterError("params", sorted(params), "equal-length 1-D arrays of parameters "
                             f"named among {PARAM_ORDER}")
    n = next(iter(given.values())).size
    viol = param_violations(given)
    reason = np.where(viol > 0, viol + np.int8(_PARAM_BASE), 0).astype(np.int8)
    ok = reason == 0
    gp = {k: (v if ok.all() else np.where(ok, v, _SAFE[k])) for k, v in given.items()}
    for k in ("N", "a", "b", "r", "x0", "delta", "S_T"):
        gp.setdefault(k, np.full(n, DEFAULTS[k]))
    S_I = gp.get("S_I") if convention == "paper" else None
    S = np.broadcast_to(continuation_value(convention, gp["N"], gp["a"], gp["b"], gp["r"],
                                           gp["delta"], gp["S_T"], S_I, gp.get("S")), (n,))
    Sbad = S_breakdown(S, convention, gp["S_T"], S_I) & ok
    if Sbad.any():  # numerical: S itself is not representable; evaluate a safe point instead
        reason = np.where(Sbad, np.int8(_NUM_BASE), reason).astype(np.int8)
        ok = reason == 0
        gp = {k: np.where(ok, v, _SAFE[k]) for k, v in gp.items()}
        S = np.where(ok, S, 1.0)
    args = (gp["N"], gp["a"], gp["b"], gp["r"], S, gp["x0"])
    return args, reason, S


def _finish(kout: dict, reason: np.ndarray, x0: np.ndarray,
            want: tuple[str, ...] = kernel.KERNEL_OUTPUTS) -> dict[str, np.ndarray]:
    """Codes, reasons, masks and Proposition 1 status of a chunk; the columns of ``want``."""
    cols = {_KERNEL_COLS[k]: np.asarray(kout[k], dtype=float) for k in _kernel_request(want)}
    kcode = np.asarray(kout["code"]).astype(np.int8)
    knum = np.asarray(kout["num"]).astype(np.int8)
    # kernel codes 1-3 are REASONS[1-3]; code 4 names the quantity (NUMERICAL[num])
    kreason = np.where(kcode == 4, knum + np.int8(_NUM_BASE), kcode)
    code = np.where(reason > 0, np.where(reason >= _NUM_BASE, 4, 1), kcode).astype(np.int8)
    reason = np.where(reason > 0, reason, kreason).astype(np.int8)
    valid = code == 0
    if not valid.all():  # points rejected here were evaluated at safe values: mask them
        cols = {k: np.where(valid, v, np.nan) for k, v in cols.items()}
    with np.errstate(invalid="ignore"):
        out_ok = cols["Q_N0"] > cols["Q_C0"]
        cross_ok = (cols["T_nash"] < cols["T_coop"]) | (x0 == 0)
        shadow_ok = cols["social_dV_P0"] > cols["dV_N0"]
    prop = np.where(out_ok & cross_ok, np.where(shadow_ok, 0, 1), 2)
    prop = np.where(valid, prop, 3).astype(np.int8)
    cols = {_KERNEL_COLS[k]: cols[_KERNEL_COLS[k]] for k in want}
    cols["code"], cols["reason"], cols["prop1"] = code, reason, prop
    return cols

