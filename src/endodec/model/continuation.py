r"""The continuation value :math:`S` at the crossing (eq. 5; seed 000 §3.1, §3.7; seed 001 §3.1).

When the state reaches 0 each firm receives :math:`S`; this module builds it from the game's
parameters in three conventions, overflow-aware, and says where the float64 result is not
representable (:func:`S_breakdown`). :class:`~endodec.model.game.GameParams` and the sweep
engine both use these two functions, so a point has one S everywhere.

Continuation-value conventions
------------------------------
``"code"`` (default)
    :math:`S = \bar\pi/(r+\delta)` with :math:`\bar\pi = (a/(N+1))^2/b` the per-firm Cournot
    profit -- the convention of the author's published script; at the paper's baseline
    (:func:`endodec.model.params.baseline`) it yields the headline numbers (see the claims
    ledger).
``"paper"``
    eq. (5): :math:`S = S_T + S_I/(N(r+\delta))`. The paper calls :math:`S_I = \bar\pi_I` "the
    pre-crossing inference profit level" without fixing it; by default ``S_I`` is the *industry*
    Cournot profit :math:`N\bar\pi`, under which ``"paper"`` with ``S_T = 0`` coincides with
    ``"code"``. Give ``S_I`` explicitly for another reading.
``"direct"``
    :math:`S` given directly (parameter ``S``).
"""

from __future__ import annotations

import numpy as np

from endodec.model import kernel

__all__ = ["CONVENTIONS", "continuation_value", "S_breakdown"]

CONVENTIONS = ("code", "paper", "direct")


def _arr(v) -> np.ndarray:
    return np.asarray(v, dtype=float)


def continuation_value(convention: str, N, a, b, r, delta, S_T=0.0, S_I=None, S=None, xp=np):
    r"""The continuation value :math:`S` of each convention (module docstring), overflow-aware.

    ``"code"``: :math:`S = (a/(N+1))^2/(b(r+\delta))`; where the direct evaluation over- or
    underflows it is recomputed as :math:`w^2`, :math:`w = (a/(N+1))/(\sqrt b\sqrt{r+\delta})`, so
    :math:`S` is non-finite (or 0) only when its value is outside the float64 range.
    ``"paper"``: :math:`S_T + S_I/(N(r+\delta))` (eq. 5; ``S_I=None`` is the industry profit
    :math:`N\bar\pi`, for which the second term is the "code" value). ``"direct"``: ``S``.
    Test the result with :func:`S_breakdown`. ``xp``: the array namespace (``numpy``;
    ``jax.numpy`` inside the fused JAX sweep, which takes the same formulas).
    """
    if xp is not np:
        return _continuation_xp(convention, N, a, b, r, delta, S_T, S_I, S, xp)
    N, a, b, r, d = (_arr(v) for v in (N, a, b, r, delta))
    with np.errstate(all="ignore"):
        if convention == "direct":
            return _arr(S)
        if convention == "code" or S_I is None:
            q = a / (N + 1.0)
            Sc = q * q / b / (r + d)
            bad = ~np.isfinite(Sc) | (Sc < kernel.TINY)
            if np.any(bad):
                w = q / (np.sqrt(b) * np.sqrt(r + d))
                Sc = np.where(bad, w * w, Sc)
            return Sc if convention == "code" else _arr(S_T) + Sc
        return _arr(S_T) + _arr(S_I) / (N * (r + d))


def _continuation_xp(convention, N, a, b, r, d, S_T, S_I, S, xp):
    """:func:`continuation_value` for a traced namespace (no data-dependent branch)."""
    if convention == "direct":
        return S
    if convention == "code" or S_I is None:
        q = a / (N + 1.0)
        Sc = q * q / b / (r + d)
        bad = ~xp.isfinite(Sc) | (Sc < kernel.TINY)
        w = q / (xp.sqrt(b) * xp.sqrt(r + d))
        Sc = xp.where(bad, w * w, Sc)
        return Sc if convention == "code" else S_T + Sc
    return S_T + S_I / (N * (r + d))


def S_breakdown(S, convention: str, S_T=0.0, S_I=None, xp=np) -> np.ndarray:
    """True where the computed continuation value is not representable in float64.

    That is where it is not finite (overflow), or 0 or subnormal (below the smallest normal float,
    so it has lost relative precision) although its value is positive (underflow):
    under "code" :math:`S > 0` always; under "paper" when ``S_T > 0`` or the inference term is
    positive (``S_I`` None or ``> 0``). A given ("direct") S is validated as a parameter.
    """
    S = xp.asarray(S, dtype=xp.float64)
    if convention == "direct":
        return xp.zeros(S.shape, dtype=bool)
    if convention == "code" or S_I is None:
        positive = True
    else:
        positive = (xp.asarray(S_T) > 0) | (xp.asarray(S_I) > 0)
    return ~xp.isfinite(S) | ((S < kernel.TINY) & positive)
