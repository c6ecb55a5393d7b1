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

Domain: an interior cooperative solution needs :math:`a > 2\sqrt{bNrS}` (:math:`t_0 < 1`); an
interior Nash solution needs :math:`a > (N+1)\sqrt{brS}` (:math:`u_0 < A`). Since
:math:`(N+1)^2 \ge 4N`, the Nash condition is the stricter one.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CODES",
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
    3: "no interior cooperative solution: a <= 2*sqrt(b*N*r*S)",
}

_HALLEY_STEPS = 2
_NASH_STEPS = 2
_TINY = 1e-300


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


def coop_at(N, a, b, r, S, x, xp=np):
    r"""Cooperative benchmark at state ``x`` (closed form; see module docstring).

    Implements (ODE-C) and (C-exact), seed 000 §3.3-3.4. Inputs broadcast; no validation.

    Returns
    -------
    dict
        ``V`` per-firm value :math:`V^P(x)`, ``dV`` per-firm :math:`V^{P\prime}(x)`, ``social_dV``
        :math:`NV^{P\prime}(x)`, ``Q`` total output :math:`Q^C(x)`, ``T`` time to crossing from
        ``x``, ``L`` (internal coordinate).
    """
    w0 = xp.sqrt(b * N * r * S)
    t0 = 2.0 * w0 / a
    s0 = (a - 2.0 * w0) / a
    K = 2.0 * b * r * x / a
    L = solve_L(t0, s0, K, xp)
    v = -xp.expm1(-L)
    t = t0 + s0 * v
    s = s0 * xp.exp(-L)
    V = (a * t / 2.0) ** 2 / (b * N * r)
    social = a * s
    return {
        "V": V,
        "dV": social / N,
        "social_dV": social,
        "Q": a * t / (2.0 * b),
        "T": 2.0 * b * x / a + s0 * v / r,
        "L": L,
    }


def _nash_consts(N, a, b, r, S, xp):
    A = a * (1.0 + N * N)
    B = a * (N * N - 1.0)
    E = 4.0 * N * N * b * (N + 1.0) ** 2 * r
    u0 = xp.sqrt(B * B + E * S)
    # A - u0 = (A^2 - u0^2)/(A + u0) = (4 N^2 a^2 - E S)/(A + u0), accurate near the boundary
    Az0 = (4.0 * N * N * a * a - E * S) / (A + u0)
    return A, B, E, u0, Az0


def nash_at(N, a, b, r, S, x, xp=np):
    r"""Symmetric Markov perfect equilibrium at state ``x`` (closed form).

    Implements (ODE-N), (7) and (N-exact), seed 000 §3.2-3.4, with :math:`D = a^2(N^2-1)^2`,
    :math:`E = 4N^2b(N+1)^2r`, :math:`A = a(1+N^2)` (derived in the module docstring).

    Returns
    -------
    dict
        ``V`` :math:`V^N(x)`, ``dV`` :math:`V^{N\prime}(x)`, ``q`` per-firm output, ``Q`` total
        output :math:`Q^N(x)`, ``T`` time to crossing from ``x``, ``L`` (internal coordinate).
    """
    A, B, E, u0, Az0 = _nash_consts(N, a, b, r, S, xp)
    t0 = u0 / A
    s0 = Az0 / A
    K = x * E / (4.0 * N * N * A)
    # t0 >= (N^2-1)/(N^2+1) >= 0.6 here, so m(L) needs no series (small_t0=False)
    L = solve_L(t0, s0, K, xp, steps=_NASH_STEPS, small_t0=False)
    v = -xp.expm1(-L)
    du = Az0 * v  # u - u0
    u = u0 + du
    uB = E * S / (u0 + B) + du  # u - B, accurate when S -> 0
    V = uB * (u + B) / E
    z = Az0 * xp.exp(-L)  # A - u
    dV = z / (2.0 * N * N)
    Q = (u + B) / (2.0 * N * b * (N + 1.0))
    T = (A * L - B * xp.log1p(du / (u0 + B))) / (a * N * (N + 1.0) * r)
    return {"V": V, "dV": dV, "q": Q / N, "Q": Q, "T": T, "L": L}


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


def _codes(N, a, b, r, S, x0, xp):
    finite = (xp.isfinite(N) & xp.isfinite(a) & xp.isfinite(b) & xp.isfinite(r) & xp.isfinite(S)
              & xp.isfinite(x0))
    okp = finite & (N >= 2) & (a > 0) & (b > 0) & (r > 0) & (S >= 0) & (x0 >= 0)
    coop_ok = (a - 2.0 * xp.sqrt(xp.abs(b * N * r * S))) > 0
    nash_ok = (4.0 * N * N * a * a - 4.0 * N * N * b * (N + 1.0) ** 2 * r * S) > 0
    code = xp.where(okp, xp.where(nash_ok, xp.where(coop_ok, 0, 3), 2), 1)
    return code


#: NumPy evaluates large inputs in blocks of this many points: the kernel's ~40 float64
#: temporaries (64 KiB each) then stay in cache and below glibc's default 128 KiB mmap threshold.
#: Measured on one core at M = 1e6: 2.1e6 points/s in one call, 3.8e6 in blocks of 8192.
NUMPY_BLOCK = 8192


def game_kernel(N, a, b, r, S, x0, xp=np):
    """Solve the game for arrays of parameters: the function sweeps and backends call.

    Parameters
    ----------
    N, a, b, r, S, x0 : array_like
        Number of firms, demand intercept and slope, discount rate, continuation value at
        crossing, initial distance to the crossing threshold. Broadcast together.
    xp : module
        Array namespace (``numpy``, ``jax.numpy``; Dask maps it over NumPy chunks).

    Returns
    -------
    dict of arrays
        ``V_N, V_P`` (values at x0), ``T_N, T_C`` (crossing times), ``Q_N0, Q_C0`` (aggregate
        outputs at x0), ``dV_N0`` (private shadow cost at x0), ``social_dV_P0`` (N V_P'(x0)),
        ``welfare_loss`` (1 - V_N/V_P), ``delta_W`` (N (V_P - V_N)), ``acceleration``
        (1 - T_N/T_C), ``ratio`` (Q_N/Q_C at x0), ``code`` (see :data:`CODES`). Outputs are NaN
        where ``code != 0``.
    """
    N, a, b, r, S, x0 = (xp.asarray(v, dtype=xp.float64) for v in (N, a, b, r, S, x0))
    if xp is np:
        shape = np.broadcast_shapes(*(v.shape for v in (N, a, b, r, S, x0)))
        size = int(np.prod(shape))
        if size > 4 * NUMPY_BLOCK:  # elementwise: blocks give identical results, in cache
            flat = [np.broadcast_to(v, shape).ravel() for v in (N, a, b, r, S, x0)]
            out: dict = {}
            for i in range(0, size, NUMPY_BLOCK):
                part = _kernel(*(v[i:i + NUMPY_BLOCK] for v in flat), xp=np)
                if not out:
                    out = {k: np.empty(size, dtype=v.dtype) for k, v in part.items()}
                for k, v in part.items():
                    out[k][i:i + NUMPY_BLOCK] = v
            return {k: v.reshape(shape) for k, v in out.items()}
    return _kernel(N, a, b, r, S, x0, xp)


def _kernel(N, a, b, r, S, x0, xp):
    """:func:`game_kernel` on one block (inputs already float64 arrays of namespace ``xp``)."""
    code = _codes(N, a, b, r, S, x0, xp)
    ok = code == 0
    # NumPy fast path: when every point is valid (the usual case) skip the substitution and the
    # NaN masks (18 where() passes). Traced backends (JAX) always take the masked path.
    all_ok = xp is np and bool(np.all(ok))
    if all_ok:
        N_, a_, b_, r_, S_, x_ = N, a, b, r, S, x0
    else:
        # substitute a harmless valid point where invalid, compute, then mask with NaN
        N_, a_, b_, r_ = (xp.where(ok, v, d)
                          for v, d in ((N, 5.0), (a, 10.0), (b, 0.5), (r, 0.05)))
        S_, x_ = xp.where(ok, S, 1.0), xp.where(ok, x0, 1.0)
    c = coop_at(N_, a_, b_, r_, S_, x_, xp)
    n = nash_at(N_, a_, b_, r_, S_, x_, xp)
    nan = xp.nan
    out = {
        "V_N": n["V"],
        "V_P": c["V"],
        "T_N": n["T"],
        "T_C": c["T"],
        "Q_N0": n["Q"],
        "Q_C0": c["Q"],
        "dV_N0": n["dV"],
        "social_dV_P0": c["social_dV"],
        "welfare_loss": xp.where(c["V"] > 0, 1.0 - n["V"] / xp.where(c["V"] > 0, c["V"], 1.0), 0.0),
        "delta_W": N_ * (c["V"] - n["V"]),
        # at x0 = 0 both times vanish; the limit of T_N/T_C is Q_C(0)/Q_N(0)
        "acceleration": xp.where(c["T"] > 0, 1.0 - n["T"] / xp.where(c["T"] > 0, c["T"], 1.0),
                                 1.0 - c["Q"] / n["Q"]),
        "ratio": n["Q"] / c["Q"],
    }
    if not all_ok:
        out = {k: xp.where(ok, v, nan) for k, v in out.items()}
    else:  # broadcast outputs to the common shape, as the masked path does
        shape = np.broadcast_shapes(*(np.shape(v) for v in (N, a, b, r, S, x0)))
        out = {k: (v if np.shape(v) == shape else np.broadcast_to(v, shape).copy())
               for k, v in out.items()}
    out["code"] = code
    return out
