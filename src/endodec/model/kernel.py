r"""The closed-form kernel of the differential game: one implementation for every backend.

Everything here is written against an array namespace ``xp`` (NumPy by default; ``jax.numpy`` and
Dask chunks of NumPy run the same code), uses only elementwise operations and a fixed number of
iterations, and never raises: invalid points get ``code != 0`` and NaN outputs. The user-facing
layer (:mod:`endodec.model.game`) validates and raises typed errors instead.

Derivation (seed 000 §3.4 / seed 001 §3.4; the paper gives the implicit solutions (C-exact) and
(N-exact) but leaves the constants ``D, E`` undefined and does not invert them)
-----------------------------------------------------------------------------------------------
**Cooperative** (ODE-C) :math:`rV = (a - NV')^2/(4bN)` gives :math:`NV' = a - 2w` with
:math:`w = \sqrt{bNrV}`. Write :math:`t = 2w/a \in [0, 1)` and :math:`s = 1 - t = NV'/a`.
Separating, :math:`dx = N\,dV/(a-2w)`, and with :math:`h(t) = -\ln(1-t) - t`,

.. math:: h(t) - h(t_0) = 2brx/a, \qquad t_0 = 2\sqrt{bNrS}/a,

which is (C-exact) rearranged. Output :math:`Q^C = (a - NV')/(2b) = at/(2b)`, and since
:math:`dt_{\rm time} = dx/Q^C`, the crossing time from state :math:`x` is exactly

.. math:: T^C(x) = \frac{1}{r}\ln\frac{s_0}{s(x)} = \frac{2bx}{a} + \frac{t(x) - t_0}{r}.

**Nash** (ODE-N) :math:`rV = (a-V')(a-N^2V')/(b(N+1)^2)` is a quadratic in :math:`p = V'`; the
root with :math:`0 < p < a` is :math:`p = (A - u)/(2N^2)` with

.. math:: u = \sqrt{D + EV},\quad A = a(1+N^2),\quad D = a^2(N^2-1)^2 = B^2,\quad
          E = 4N^2 b (N+1)^2 r.

Separating, :math:`dx = (4N^2/E)\,u\,du/(A-u)`, which integrates to (N-exact). With
:math:`t' = u/A` the same function :math:`h` appears: :math:`h(t') - h(t'_0) = xE/(4N^2A)`.
Output :math:`Q^N = N(a - p)/(b(N+1)) = (u + B)/(2Nb(N+1))`, and

.. math:: T^N(x) = \frac{A\ln\frac{A-u_0}{A-u} - B\ln\frac{u+B}{u_0+B}}{aN(N+1)r}.

**Inversion.** Both reduce to solving :math:`h(t_0 + s_0 v) - h(t_0) = K` for
:math:`v \in [0,1)`. With :math:`L = -\ln(1-v)` this is
:math:`\psi(L) = t_0 L + s_0\,(e^{-L} - 1 + L) - K = 0`, increasing and convex in :math:`L`;
it equals the principal branch of Lambert W (:math:`1 - t = -W_0(-(1-t_0)e^{-(1-t_0) - K})`
up to notation) but is solved here by Halley's method in :math:`L`, which keeps full relative
precision near the branch point (``S -> 0``, ``x -> 0``) and far in the tail (``x -> inf``),
where a direct Lambert-W evaluation loses digits.

**Natural units.** With price unit :math:`a`, time unit :math:`1/r`, output-rate unit :math:`a/b`,
stock unit :math:`a/(br)` and value unit :math:`a^2/(br)` the game depends only on :math:`N`, the
stake :math:`\sigma = Sbr/a^2` and the distance :math:`\xi = xbr/a`. The kernel computes in these
units (:func:`coop_hat`, :func:`nash_hat`; every intermediate is a polynomial of degree <= 4 in
:math:`N`, finite for :math:`N \le 2^{53}`) and converts back at the end, so the float64 range is
exceeded only where an output itself (or :math:`\xi`) is not representable. That is detected by
:func:`breakdown` (code 4), never returned as a silently wrong or NaN value with code 0.

Domain: an interior cooperative solution needs :math:`a > 2\sqrt{bNrS}` (:math:`t_0 < 1`); an
interior Nash solution needs :math:`a > (N+1)\sqrt{brS}` (:math:`u_0 < A`). Since
:math:`(N+1)^2 \ge 4N`, the Nash condition is the stricter one.
"""

from __future__ import annotations

import numpy as np

from endodec.model.params import GAME_PARAMS

__all__ = [
    "BREAKDOWN",
    "CODES",
    "KERNEL_OUTPUTS",
    "check_outputs",
    "breakdown",
    "coop_hat",
    "domain_bad",
    "nash_hat",
    "sqrt_sigma",
    "solve_L",
    "coop_at",
    "nash_at",
    "game_kernel",
    "nash_L_from_time",
]

#: Meaning of the ``code`` array returned by :func:`game_kernel`.
CODES = {
    0: "valid",
    1: "invalid parameter (need N >= 2, a > 0, b > 0, r > 0, S >= 0, x0 >= 0, all finite)",
    2: "no interior Nash solution: a <= (N+1)*sqrt(b*r*S)",
    3: "no interior cooperative solution: a <= 2*sqrt(b*N*r*S) (hence no interior Nash solution)",
    4: "numerical: an output is not representable in float64 (over/underflow; see 'num')",
}

#: Quantities tested by :func:`breakdown`, in reporting order (``num = 1 + index``): the distance
#: in natural units ``xi`` = x0 b r / a, then the outputs of :func:`game_kernel`.
BREAKDOWN = ("xi", "V_N", "V_P", "T_N", "T_C", "Q_N0", "Q_C0", "dV_N0", "social_dV_P0",
             "welfare_loss", "delta_W", "acceleration", "ratio")

#: The float outputs of :func:`game_kernel`, in the order it returns them (``code`` and ``num``
#: always follow).
KERNEL_OUTPUTS = ("V_N", "V_P", "T_N", "T_C", "Q_N0", "Q_C0", "dV_N0", "social_dV_P0",
                  "welfare_loss", "delta_W", "acceleration", "ratio")
#: Outputs whose float64 breakdown test can never fail at a valid point (``0 < dV_N0 <= a`` and
#: ``0 <= social_dV_P0 <= a``, finite, and not required to be normal: see :func:`breakdown`), so
#: they are computed only when requested. Every other output enters the validity test (``code``,
#: ``num``) whether requested or not.
_ON_DEMAND_ONLY = ("dV_N0", "social_dV_P0")

_HALLEY_STEPS = 2
_NASH_STEPS = 2
_TINY = 1e-300
#: Smallest normal float64: a positive result below it has lost relative precision (underflow).
TINY = float(np.finfo(np.float64).tiny)

#: The valid point (N, a, b, r) substituted where a point is invalid, before masking with NaN:
#: the paper's baseline of the parameter table.
_SUBSTITUTE = tuple(float(GAME_PARAMS[k].default) for k in ("N", "a", "b", "r"))


def _m(L, xp, em1=None):
    """``m(L) = exp(-L) - 1 + L`` to full relative precision (series below 0.02)."""
    if em1 is None:
        em1 = xp.expm1(-L)
    small = L < 0.02
    Ls = xp.minimum(L, 0.02)  # bounded argument for the series (a SIMD ufunc, unlike where)
    # L^2 * sum_{k=0..5} (-L)^k/(k+2)!; truncation error < 3e-15 relative for L < 0.02
    acc = -1 / 5040
    for ck in (1 / 720, -1 / 120, 1 / 24, -1 / 6, 1 / 2):
        acc = ck + Ls * acc
    series = Ls * Ls * acc
    return xp.where(small, series, em1 + L)


def solve_L(t0, s0, K, xp=np, steps: int = _HALLEY_STEPS, small_t0: bool = True):
    r"""Solve :math:`t_0 L + s_0 (e^{-L} - 1 + L) = K` for :math:`L \ge 0`.

    Parameters
    ----------
    t0, s0 : array_like
        :math:`t_0 \in [0,1)` and :math:`s_0 = 1 - t_0` (passed separately so that both keep full
        relative precision).
    K : array_like
        Right-hand side, ``K >= 0``.
    xp : module
        Array namespace.
    steps : int
        Halley iterations (2 reach machine precision from the starting guess used here).
    small_t0 : bool
        Whether ``t0`` may be small. If False (Nash: ``t0 >= (N^2-1)/(N^2+1) >= 0.6``), the
        term ``t0 L`` dominates and ``m(L)`` needs no series (faster).

    Returns
    -------
    L : array
    """
    # Start: replace m(L) by its Pade-type approximant L^2/(2 + 2L/3) (exact to O(L^4)) and solve
    # the resulting quadratic c L^2 + bq L - 2K = 0 in a cancellation-free form; for large L use
    # the asymptote L - s0 + s0 e^{-L} = K. The start is within 4% everywhere and within 1e-5
    # after one Halley step, so two steps reach machine precision (tests scan t0, K).
    c = 2.0 * t0 / 3.0 + s0
    bq = 2.0 * t0 - 2.0 * K / 3.0
    disc = xp.sqrt(bq * bq + 8.0 * K * c)
    pos = bq + disc
    Lq = xp.where(bq >= 0, 4.0 * K / xp.where(pos > 0, pos, 1.0), (disc - bq) / (2.0 * c))
    Lb = K + s0 - s0 * xp.exp(-(K + s0))
    L = xp.where(Lq < 2.0, Lq, Lb)
    L = xp.where(K > 0, L, 0.0)
    for _ in range(steps):
        em1 = xp.expm1(-L)
        m = _m(L, xp, em1) if small_t0 else em1 + L
        f = t0 * L + s0 * m - K
        f1 = t0 - s0 * em1
        f2 = s0 * (1.0 + em1)
        # Halley's denominator is positive near the root (where the start lies); the floor only
        # guards 0/0 at K = 0 (then f = 0 and the step is 0). maximum() is a SIMD ufunc, where()
        # is not: this loop is the hot path of every sweep.
        den = xp.maximum(2.0 * f1 * f1 - f * f2, _TINY)
        L = xp.maximum(L - 2.0 * f * f1 / den, 0.0)
    return L


def sqrt_sigma(a, b, r, S, xp=np):
    r"""Square root of the dimensionless boundary stake :math:`\sigma = Sbr/a^2`, overflow-safe.

    Computed as :math:`(\sqrt S\sqrt b/a)\sqrt r`: for finite positive ``a, b, r`` and finite
    ``S >= 0`` every factor is finite, so the result is never NaN; it is ``inf`` only when
    :math:`\sqrt\sigma > 10^{146}` (far outside the domain :math:`\sqrt\sigma < 1/(N+1)`) and it
    underflows to 0 only when :math:`\sigma < 10^{-338}`, where :math:`\sigma = 0` is exact to
    float64 precision in every dimensionless output.
    """
    return xp.sqrt(S) * xp.sqrt(b) / a * xp.sqrt(r)


def domain_bad(N, ss, xp=np):
    r"""The interior-solution conditions in dimensionless, overflow-free form.

    Parameters
    ----------
    N : array_like
        Number of firms.
    ss : array_like
        :math:`\sqrt\sigma` from :func:`sqrt_sigma`.

    Returns
    -------
    coop_bad, nash_bad : arrays of bool
        Cooperative :math:`a \le 2\sqrt{bNrS} \iff 2\sqrt{N\sigma} \ge 1` and Nash
        :math:`a \le (N+1)\sqrt{brS} \iff (N+1)\sqrt\sigma \ge 1`. These are exactly the
        quantities :math:`t_0 < 1` and :math:`1 - y > 0` of :func:`coop_hat` / :func:`nash_hat`,
        so a point passes the test if and only if the kernel's square roots and logarithms are
        taken inside their domain. The single rule used by ``GameParams.check_domain`` and the
        kernel's codes 2 and 3.
    """
    return ~(2.0 * xp.sqrt(N) * ss < 1.0), ~((N + 1.0) * ss < 1.0)


def coop_hat(N, ss, xi, xp=np, shadow: bool = True):
    r"""Cooperative benchmark in the model's natural units (:math:`a = b = r = 1`).

    Units: price :math:`a`, time :math:`1/r`, output rate :math:`a/b`, output stock
    :math:`a/(br)` and value :math:`a^2/(br)`. In them the game depends only on :math:`N`,
    :math:`\sigma = Sbr/a^2` (given as ``ss`` = :math:`\sqrt\sigma`) and the dimensionless distance
    :math:`\xi = xbr/a`; every intermediate is :math:`O(N^4)` at most, so float64 over- or
    underflow can only occur when converting back (:func:`coop_at`).

    Returns
    -------
    dict
        ``V`` (value / :math:`a^2/(br)`), ``social_dV`` (:math:`NV'/a`), ``Q`` (output /
        :math:`(a/b)`), ``T`` (time x :math:`r`), ``L``; without ``shadow`` no ``social_dV``
        (one exponential less).
    """
    t0 = 2.0 * xp.sqrt(N) * ss
    s0 = 1.0 - t0
    L = solve_L(t0, s0, 2.0 * xi, xp)
    v = -xp.expm1(-L)
    t = t0 + s0 * v
    out = {"V": t * t / (4.0 * N), "Q": 0.5 * t, "T": 2.0 * xi + s0 * v, "L": L}
    if shadow:
        out["social_dV"] = s0 * xp.exp(-L)
    return out


def coop_at(N, a, b, r, S, x, xp=np):
    r"""Cooperative benchmark at state ``x`` (closed form; see module docstring).

    Implements (ODE-C) and (C-exact), seed 000 §3.3-3.4, evaluated in natural units by
    :func:`coop_hat` and converted back. Inputs broadcast; no validation.

    Returns
    -------
    dict
        ``V`` per-firm value :math:`V^P(x)`, ``dV`` per-firm :math:`V^{P\prime}(x)`, ``social_dV``
        :math:`NV^{P\prime}(x)`, ``Q`` total output :math:`Q^C(x)`, ``T`` time to crossing from
        ``x``, ``L`` (internal coordinate), ``V_hat`` (the value in natural units, V b r / a^2).
    """
    h = coop_hat(N, sqrt_sigma(a, b, r, S, xp), x * b / a * r, xp)
    social = a * h["social_dV"]
    return {"V": _value_unit(a / b, a / r, xp)(h["V"]), "dV": social / N, "social_dV": social,
            "Q": h["Q"] * (a / b), "T": h["T"] / r, "L": h["L"], "V_hat": h["V"]}


def _nash_consts(N, a, b, r, S, xp):
    A = a * (1.0 + N * N)
    B = a * (N * N - 1.0)
    E = 4.0 * N * N * b * (N + 1.0) ** 2 * r
    u0 = xp.sqrt(B * B + E * S)
    # A - u0 = (A^2 - u0^2)/(A + u0) = (4 N^2 a^2 - E S)/(A + u0), accurate near the boundary
    Az0 = (4.0 * N * N * a * a - E * S) / (A + u0)
    return A, B, E, u0, Az0


def nash_hat(N, ss, xi, xp=np, shadow: bool = True):
    r"""Symmetric MPE in natural units (:math:`a = b = r = 1`; see :func:`coop_hat`).

    With :math:`y = (N+1)\sqrt\sigma`: :math:`\hat A = 1+N^2`, :math:`\hat B = N^2-1`,
    :math:`\hat E = 4N^2(N+1)^2`, :math:`\hat E\sigma = 4N^2y^2`, :math:`\hat u_0 =
    \sqrt{\hat B^2 + 4N^2y^2}` and :math:`\hat A - \hat u_0 = 4N^2(1-y)(1+y)/(\hat A+\hat u_0)`
    (the factored form keeps full precision at the boundary :math:`y \to 1`).

    Returns
    -------
    dict
        ``V`` (value / :math:`a^2/(br)`), ``dV`` (:math:`V'/a`), ``Q`` (output / :math:`(a/b)`),
        ``T`` (time x :math:`r`), ``L``; without ``shadow`` no ``dV`` (one exponential less).
    """
    N2 = N * N
    A = 1.0 + N2
    B = N2 - 1.0
    E = 4.0 * N2 * (N + 1.0) ** 2
    y = (N + 1.0) * ss
    ES = 4.0 * N2 * y * y
    u0 = xp.sqrt(B * B + ES)
    Az0 = 4.0 * N2 * (1.0 - y) * (1.0 + y) / (A + u0)
    K = xi * E / (4.0 * N2 * A)
    # t0 = u0/A >= (N^2-1)/(N^2+1) >= 0.6 here, so m(L) needs no series (small_t0=False)
    L = solve_L(u0 / A, Az0 / A, K, xp, steps=_NASH_STEPS, small_t0=False)
    v = -xp.expm1(-L)
    du = Az0 * v  # u - u0
    u = u0 + du
    uB = ES / (u0 + B) + du  # u - B, accurate when S -> 0
    out = {"V": uB * (u + B) / E, "Q": (u + B) / (2.0 * N * (N + 1.0)),
           "T": (A * L - B * xp.log1p(du / (u0 + B))) / (N * (N + 1.0)), "L": L}
    if shadow:
        z = Az0 * xp.exp(-L)  # A - u
        out["dV"] = z / (2.0 * N2)
    return out


def nash_at(N, a, b, r, S, x, xp=np):
    r"""Symmetric Markov perfect equilibrium at state ``x`` (closed form).

    Implements (ODE-N), (7) and (N-exact), seed 000 §3.2-3.4, with :math:`D = a^2(N^2-1)^2`,
    :math:`E = 4N^2b(N+1)^2r`, :math:`A = a(1+N^2)` (derived in the module docstring), evaluated
    in natural units by :func:`nash_hat` and converted back.

    Returns
    -------
    dict
        ``V`` :math:`V^N(x)`, ``dV`` :math:`V^{N\prime}(x)`, ``q`` per-firm output, ``Q`` total
        output :math:`Q^N(x)`, ``T`` time to crossing from ``x``, ``L`` (internal coordinate),
        ``V_hat`` (the value in natural units, V b r / a^2).
    """
    h = nash_hat(N, sqrt_sigma(a, b, r, S, xp), x * b / a * r, xp)
    Q = h["Q"] * (a / b)
    return {"V": _value_unit(a / b, a / r, xp)(h["V"]), "dV": a * h["dV"], "q": Q / N, "Q": Q,
            "T": h["T"] / r, "L": h["L"], "V_hat": h["V"]}


def nash_L_from_time(N, a, b, r, S, tau, xp=np, steps: int = 30):
    """Internal coordinate ``L`` of the Nash state from which crossing takes time ``tau``.

    Inverts the Nash crossing-time formula by safeguarded Newton iteration (the map is strictly
    increasing). Used for the state path :math:`x(t)`; not on the hot path.
    """
    A, B, E, u0, Az0 = _nash_consts(N, a, b, r, S, xp)
    target = tau * a * N * (N + 1.0) * r
    L = target / A
    for _ in range(steps):
        v = -xp.expm1(-L)
        du = Az0 * v
        f = A * L - B * xp.log1p(du / (u0 + B)) - target
        f1 = A - B * Az0 * xp.exp(-L) / (u0 + B + du)
        L = xp.maximum(L - f / f1, 0.0)
    return L


def _codes(N, a, b, r, S, x0, ss, xp):
    finite = (xp.isfinite(N) & xp.isfinite(a) & xp.isfinite(b) & xp.isfinite(r) & xp.isfinite(S)
              & xp.isfinite(x0))
    okp = finite & (N >= 2) & (a > 0) & (b > 0) & (r > 0) & (S >= 0) & (x0 >= 0)
    coop_bad, nash_bad = domain_bad(N, ss, xp)
    # the cooperative condition is reported first (as GameParams.check_domain does); it implies
    # the Nash one, so code 2 means "Nash fails, cooperative holds"
    return xp.where(okp, xp.where(coop_bad, 3, xp.where(nash_bad, 2, 0)), 1)


def _value_unit(Qu, au, xp):
    """A function ``v -> v * (a/b) * (a/r)`` without a spurious over/underflow of an intermediate.

    The value unit :math:`u = (a/b)(a/r)` is used where it is finite (then, since the natural-unit
    values are below 1, the product leaves the float64 range only if the value does); where ``u``
    overflows, ``v`` is multiplied by the larger factor first (which is then above
    :math:`10^{154}`, so ``v * larger`` neither over- nor underflows for normal ``v <= 1``).
    """
    u = Qu * au
    if xp is np and not np.isinf(u).any():  # the usual case: one multiplication
        return lambda v: v * u
    big, small = xp.maximum(Qu, au), xp.minimum(Qu, au)
    inf = xp.isinf(u)
    return lambda v: xp.where(inf, (v * big) * small, v * u)


def breakdown(out, S, x0, xi, xp=np, hats=None):
    r"""Float64 breakdown test on kernel outputs: index of the first unrepresentable quantity.

    First the input of the natural-unit computation: :math:`\xi = x_0br/a` must be finite and, for
    :math:`x_0 > 0`, at least :data:`TINY` (a subnormal or zero :math:`\xi` has lost the relative
    precision every value, time and ratio at :math:`x_0` inherits). Then each output is *not
    representable* when it is NaN or infinite, or when it is 0 or subnormal (below :data:`TINY`,
    so it has lost relative precision) although its mathematical value is positive (underflow):
    :math:`V^N, V^P > 0` and :math:`Q^C > 0` unless :math:`S = x_0 = 0`; :math:`T^N, T^C > 0` for
    :math:`x_0 > 0`; :math:`Q^N \ge a(N-1)/(Nb) > 0` always (from :math:`u \ge B`). These are the
    quantities the headline ratios divide by. ``ratio`` :math:`= Q^N/Q^C` is exactly
    :math:`+\infty` at :math:`S = x_0 = 0` (no cooperative output at the threshold), which is not a
    breakdown. Shadow costs may underflow to 0 (they decay like :math:`e^{-\xi}`): 0 is then the
    correctly rounded value (absolute error below :math:`10^{-308}a`).

    Parameters
    ----------
    out : dict
        :func:`game_kernel`-style outputs (the output keys of :data:`BREAKDOWN`); a quantity
        absent from ``out`` is not tested (only ``dV_N0`` and ``social_dV_P0`` may be absent:
        they never break down at a valid point).
    S, x0 : array_like
        Continuation value and initial state of the points.
    xi : array_like
        :math:`x_0br/a` as the kernel computed it.
    hats : dict, optional
        Natural-unit values ``{"V_N": ..., "V_P": ...}``: tested like the values themselves (a
        subnormal natural-unit value times a large value unit would look normal but be imprecise).

    Returns
    -------
    array of int8
        0 where everything is representable, else ``1 + i`` for ``BREAKDOWN[i]``, the first
        failing quantity in the order of :data:`BREAKDOWN`.
    """
    if xp is np:  # screen (about a third of the passes): sums of finite values are finite and
        # minima of positive ones positive; only a block failing it takes the exact test below
        with np.errstate(all="ignore"):
            tot = xi + out["V_N"]
            lo = np.minimum(xi, out["V_N"])
            for k in BREAKDOWN[2:]:
                if k in out:
                    tot = tot + out[k]
            for k in ("V_P", "T_N", "T_C", "Q_N0", "Q_C0"):
                lo = np.minimum(lo, out[k])
            for v in (hats or {}).values():
                lo = np.minimum(lo, v)
            if bool(np.isfinite(tot).all()) and bool((lo >= TINY).all()):
                return np.zeros(np.shape(tot), dtype=np.int8)
    zero_ok = (S == 0) & (x0 == 0)
    pos = {"V_N": ~zero_ok, "V_P": ~zero_ok, "T_N": x0 > 0, "T_C": x0 > 0, "Q_N0": True,
           "Q_C0": ~zero_ok}
    idx = xp.zeros(xp.shape(out["V_N"]), dtype=xp.int8)
    xi = xp.broadcast_to(xi, xp.shape(idx))
    for i in range(len(BREAKDOWN) - 1, -1, -1):  # reverse: the first failing output wins
        k = BREAKDOWN[i]
        if k != "xi" and k not in out:
            continue
        v = xi if k == "xi" else out[k]
        if k == "xi":
            bad = ~xp.isfinite(v) | ((v < TINY) & (x0 > 0))
        elif k == "ratio":
            bad = xp.isnan(v) | (xp.isinf(v) & ~zero_ok)
        else:
            bad = ~xp.isfinite(v)
            if k in pos:  # v >= 0 here; below the smallest normal float = (partial) underflow
                bad = bad | ((v < TINY) & pos[k])
                if hats is not None and k in hats:
                    bad = bad | ((hats[k] < TINY) & pos[k])
        idx = xp.where(bad, xp.int8(i + 1), idx)
    return idx


#: NumPy evaluates large inputs in blocks of this many points: the kernel's ~40 float64
#: temporaries (64 KiB each) then stay in cache and below glibc's default 128 KiB mmap threshold.
#: Measured on one core at M = 1e6: 2.1e6 points/s in one call, 3.8e6 in blocks of 8192.
NUMPY_BLOCK = 8192


def check_outputs(outputs) -> tuple[str, ...]:
    """The requested outputs of :func:`game_kernel` in their canonical order (None: all).

    Raises
    ------
    ValueError
        An unknown name (the message lists :data:`KERNEL_OUTPUTS`).
    """
    if outputs is None:
        return KERNEL_OUTPUTS
    if isinstance(outputs, str):
        outputs = (outputs,)
    names = list(outputs)
    bad = [k for k in names if k not in KERNEL_OUTPUTS]
    if bad:
        raise ValueError(f"unknown kernel output(s) {bad}; allowed: {', '.join(KERNEL_OUTPUTS)}")
    return tuple(k for k in KERNEL_OUTPUTS if k in names)


def game_kernel(N, a, b, r, S, x0, xp=np, outputs=None):
    """Solve the game for arrays of parameters: the function sweeps and backends call.

    Parameters
    ----------
    N, a, b, r, S, x0 : array_like
        Number of firms, demand intercept and slope, discount rate, continuation value at
        crossing, initial distance to the crossing threshold. Broadcast together.
    xp : module
        Array namespace (``numpy``, ``jax.numpy``; Dask maps it over NumPy chunks).
    outputs : sequence of str, optional
        The float outputs wanted (names of :data:`KERNEL_OUTPUTS`; default all). Only those are
        returned (with ``code`` and ``num``), bit for bit equal to the full computation; the
        intermediates needed only by unrequested outputs are skipped. ``code`` and ``num`` are
        always those of the full computation: the validity test needs both solutions and every
        output except ``dV_N0`` and ``social_dV_P0``, which are computed only on request.

    Returns
    -------
    dict of arrays
        ``V_N, V_P`` (values at x0), ``T_N, T_C`` (crossing times), ``Q_N0, Q_C0`` (aggregate
        outputs at x0), ``dV_N0`` (private shadow cost at x0), ``social_dV_P0`` (N V_P'(x0)),
        ``welfare_loss`` (1 - V_N/V_P), ``delta_W`` (N (V_P - V_N)), ``acceleration``
        (1 - T_N/T_C), ``ratio`` (Q_N/Q_C at x0), ``code`` (see :data:`CODES`) and ``num``
        (int8: 0, or ``1 + i`` when ``BREAKDOWN[i]`` is not representable in float64;
        then ``code == 4``; see :func:`breakdown`). Outputs are NaN where ``code != 0``.
    """
    want = check_outputs(outputs)
    N, a, b, r, S, x0 = (xp.asarray(v, dtype=xp.float64) for v in (N, a, b, r, S, x0))
    if xp is np:
        shape = np.broadcast_shapes(*(v.shape for v in (N, a, b, r, S, x0)))
        size = int(np.prod(shape))
        if size > 4 * NUMPY_BLOCK:  # elementwise: blocks give identical results, in cache
            flat = [np.broadcast_to(v, shape).ravel() for v in (N, a, b, r, S, x0)]
            out: dict = {}
            for i in range(0, size, NUMPY_BLOCK):
                part = _kernel(*(v[i:i + NUMPY_BLOCK] for v in flat), xp=np, want=want)
                if not out:
                    out = {k: np.empty(size, dtype=v.dtype) for k, v in part.items()}
                for k, v in part.items():
                    out[k][i:i + NUMPY_BLOCK] = v
            return {k: v.reshape(shape) for k, v in out.items()}
    return _kernel(N, a, b, r, S, x0, xp, want)


def _kernel(N, a, b, r, S, x0, xp, want=KERNEL_OUTPUTS):
    """:func:`game_kernel` on one block (inputs already float64 arrays of namespace ``xp``;
    ``want``: the requested outputs, as returned by :func:`check_outputs`)."""
    ss = sqrt_sigma(a, b, r, xp.abs(S), xp)
    code = _codes(N, a, b, r, S, x0, ss, xp)
    ok = code == 0
    # NumPy fast path: when every point is valid (the usual case) skip the substitution and the
    # NaN masks (18 where() passes). Traced backends (JAX) always take the masked path.
    all_ok = xp is np and bool(np.all(ok))
    if all_ok:
        N_, a_, b_, r_, S_, x_, ss_ = N, a, b, r, S, x0, ss
    else:
        # substitute a harmless valid point where invalid, compute, then mask with NaN
        N_, a_, b_, r_ = (xp.where(ok, v, d) for v, d in zip((N, a, b, r), _SUBSTITUTE,
                                                             strict=True))
        S_, x_, ss_ = xp.where(ok, S, 1.0), xp.where(ok, x0, 1.0), xp.where(ok, ss, 0.1)
    xi = x_ * b_ / a_ * r_  # dimensionless distance x0 b r / a (natural units: coop_hat)
    c = coop_hat(N_, ss_, xi, xp, shadow="social_dV_P0" in want)
    n = nash_hat(N_, ss_, xi, xp, shadow="dV_N0" in want)
    # back to the user's units: value a^2/(br), price a, output rate a/b, time 1/r
    Qu, au = a_ / b_, a_ / r_
    to_value = _value_unit(Qu, au, xp)
    VN, VP = to_value(n["V"]), to_value(c["V"])
    out = {
        "V_N": VN,
        "V_P": VP,
        "T_N": n["T"] / r_,
        "T_C": c["T"] / r_,
        "Q_N0": n["Q"] * Qu,
        "Q_C0": c["Q"] * Qu,
        # ratios from the dimensionless values: exact even where V, T, Q over/underflow
        "welfare_loss": xp.where(c["V"] > 0, 1.0 - n["V"] / xp.where(c["V"] > 0, c["V"], 1.0), 0.0),
        "delta_W": to_value(N_ * (c["V"] - n["V"])),
        # at x0 = 0 both times vanish; the limit of T_N/T_C is Q_C(0)/Q_N(0)
        "acceleration": xp.where(c["T"] > 0, 1.0 - n["T"] / xp.where(c["T"] > 0, c["T"], 1.0),
                                 1.0 - c["Q"] / n["Q"]),
        "ratio": n["Q"] / c["Q"],
    }
    if "dV_N0" in want:
        out["dV_N0"] = a_ * n["dV"]
    if "social_dV_P0" in want:
        out["social_dV_P0"] = a_ * c["social_dV"]
    num = breakdown(out, S_, x_, xi, xp, hats={"V_N": n["V"], "V_P": c["V"]})
    if xp is np and all_ok and not num.any():
        shape = np.broadcast_shapes(*(np.shape(v) for v in (N, a, b, r, S, x0)))
        out = {k: (out[k] if np.shape(out[k]) == shape else np.broadcast_to(out[k], shape).copy())
               for k in want}
    else:
        num = xp.where(ok, num, xp.int8(0))
        code = xp.where(ok & (num > 0), 4, code)
        ok = code == 0
        out = {k: xp.where(ok, out[k], xp.nan) for k in want}
    out["code"] = code
    out["num"] = num
    return out
