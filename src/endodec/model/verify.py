r"""Independent numerics used to verify the closed forms (tests, ledger, Figure 1).

Nothing here is on the core path. Three independent routes:

- :func:`solve_ode` -- scipy ``solve_ivp`` (DOP853, tight tolerances) on (ODE-N)/(ODE-C) written
  as :math:`V' = f(V)` from the boundary :math:`V(0) = S`; crossing time by ``quad`` of
  :math:`1/Q(x)` (the "solve_ivp + quad" peer);
- :func:`rk4` -- fixed-step classical Runge-Kutta, mirroring the paper's verification;
- :func:`mp_reference` -- the implicit solutions (C-exact), (N-exact) and the crossing-time
  integrals evaluated in mpmath at 40 digits, inverted by ``findroot``.

:func:`verification_error` reports :math:`\max|x_{exact}(V_{num}(x)) - x|` as in seed 000 Figure 1.
"""

from __future__ import annotations

import numpy as np

from endodec._limits import check_size
from endodec.errors import ParameterError
from endodec.model.game import GameParams

__all__ = ["dV_nash", "dV_coop", "solve_ode", "rk4", "x_exact", "mp_reference",
           "verification_error"]


def _scalars(p: GameParams):
    if not isinstance(p, GameParams):
        raise ParameterError("p", type(p).__name__, "a GameParams")
    if p.shape:
        raise ParameterError("params", "array", "scalar parameters for the verification routes")
    return tuple(float(v) for v in p._kernel_args())


def _steps(name: str, n) -> int:
    """``n`` as an integer number of steps in ``[1, 2**40]``, memory-checked (float64 arrays)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 2**40:
        raise ParameterError(name, n, "an integer in [1, 2**40]")
    check_size(f"{name}={n} steps", 8.0 * (n + 1) * 2, f"use a smaller {name}")
    return int(n)


def dV_nash(V, N, a, b, r):
    """Right-hand side of (ODE-N) solved for :math:`V'`: the root with :math:`0 < V' < a`."""
    A, D, E = a * (1 + N * N), (a * (N * N - 1)) ** 2, 4 * N * N * b * (N + 1) ** 2 * r
    return (A - np.sqrt(D + E * V)) / (2 * N * N)


def dV_coop(V, N, a, b, r):
    """Right-hand side of (ODE-C) solved for per-firm :math:`V^{P\\prime}`."""
    return (a - np.sqrt(4 * b * N * r * V)) / N


def _Q(kind, dv, N, a, b):
    return N * (a - dv) / (b * (N + 1)) if kind == "nash" else (a - N * dv) / (2 * b)


def solve_ode(p: GameParams, kind: str = "nash", x=None, rtol: float = 1e-13,
              atol: float = 1e-13):
    """Solve the HJB ODE numerically with scipy (independent of the closed form).

    Returns
    -------
    dict with ``x``, ``V`` (on ``x``), ``T`` (crossing time from x0 by quadrature of 1/Q).
    """
    from scipy.integrate import quad, solve_ivp

    N, a, b, r, S, x0 = _scalars(p)
    f = dV_nash if kind == "nash" else dV_coop
    xs = np.linspace(0, x0, 101) if x is None else np.asarray(x, float)
    sol = solve_ivp(lambda _x, V: f(V, N, a, b, r), (0.0, max(float(xs.max()), x0)), [S],
                    method="DOP853", rtol=rtol, atol=atol, dense_output=True)
    V = sol.sol(xs)[0]

    def inv_Q(xx):
        return 1.0 / _Q(kind, f(sol.sol(xx)[0], N, a, b, r), N, a, b)

    T = quad(inv_Q, 0.0, x0, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
    return {"x": xs, "V": V, "T": T}


def rk4(p: GameParams, kind: str = "nash", n: int = 10_000):
    """Fixed-step RK4 on :math:`V' = f(V)` from :math:`V(0) = S` over ``[0, x0]``.

    Returns ``x`` and ``V`` arrays of length ``n + 1``.
    """
    N, a, b, r, S, x0 = _scalars(p)
    n = _steps("n", n)
    f = dV_nash if kind == "nash" else dV_coop
    h = x0 / n
    V = np.empty(n + 1)
    V[0] = S
    for i in range(n):
        v = V[i]
        k1 = f(v, N, a, b, r)
        k2 = f(v + 0.5 * h * k1, N, a, b, r)
        k3 = f(v + 0.5 * h * k2, N, a, b, r)
        k4 = f(v + h * k3, N, a, b, r)
        V[i + 1] = v + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return {"x": np.linspace(0, x0, n + 1), "V": V}


def x_exact(p: GameParams, V, kind: str = "nash"):
    """The paper's implicit solutions x(V): (N-exact) or (C-exact), seed 000 §3.4."""
    N, a, b, r, S, _ = _scalars(p)
    V = np.asarray(V, float)
    if kind == "coop":
        w0, w = np.sqrt(b * N * r * S), np.sqrt(b * N * r * V)
        return (a * np.log((a - 2 * w0) / (a - 2 * w)) + 2 * (w0 - w)) / (2 * b * r)
    A, D, E = a * (1 + N * N), (a * (N * N - 1)) ** 2, 4 * N * N * b * (N + 1) ** 2 * r
    u0, u = np.sqrt(D + E * S), np.sqrt(D + E * V)
    return 4 * N * N / E * ((u0 - u) + A * np.log((A - u0) / (A - u)))


def verification_error(p: GameParams, n: int = 10_000) -> dict[str, float]:
    """Max |x_exact(V_RK4(x)) - x| for both regimes (the paper's Figure 1 check)."""
    n = _steps("n", n)
    out = {}
    for kind in ("nash", "coop"):
        sol = rk4(p, kind, n)
        out[kind] = float(np.max(np.abs(x_exact(p, sol["V"], kind) - sol["x"])))
    return out


def mp_reference(p: GameParams, dps: int = 30, time_method: str = "formula") -> dict[str, float]:
    """High-precision reference values (mpmath) of V_N(x0), V_P(x0), T_N, T_C.

    Values: the paper's implicit solutions (N-exact), (C-exact) inverted by bisection at
    ``dps`` significant digits plus the digits the tail needs (the shadow cost decays like
    ``exp(-K)``), independent of the kernel's Halley solver in ``L``.

    Times: ``time_method="formula"`` evaluates the time integrals in their own variables
    (cooperative :math:`T = \\frac1r\\ln\\frac{a-2w_0}{a-2w_1}`, :math:`w=\\sqrt{bNrV}`; Nash
    :math:`T = [A\\ln\\frac{A-u_0}{A-u} - B\\ln\\frac{u+B}{u_0+B}]/(aN(N+1)r)`);
    ``"quad"`` integrates :math:`dV/(V'(V)\\,Q(V))` by tanh-sinh quadrature (use for moderate
    ``x0``; it is what validates the formulas in the tests).
    """
    import mpmath as mp

    if isinstance(dps, (bool, np.bool_)) or not isinstance(dps, (int, np.integer)) or not 5 <= dps <= 10_000:
        raise ParameterError("dps", dps, "an integer in [5, 10000] (significant digits)")
    if time_method not in ("formula", "quad"):
        raise ParameterError("time_method", time_method, "'formula' or 'quad'")
    N_, a_, b_, r_, S_, x0_ = _scalars(p)
    Kmax = max(2 * b_ * r_ * x0_ / a_,
               x0_ * 4 * N_**2 * b_ * (N_ + 1) ** 2 * r_ / (4 * N_**2 * a_ * (1 + N_**2)))
    if not Kmax <= 1e5:  # the tail needs Kmax/2.3 extra digits: beyond this mpmath would hang
        raise ParameterError("x0", x0_, "small enough that x0*b*r/a <= 1e5 for the mpmath "
                             "reference (it needs about x0*b*r/(2.3a) extra digits)")
    dps = int(dps + Kmax / 2.3 + 5)
    with mp.workdps(dps):
        N, a, b, r, S, x0 = (mp.mpf(v) for v in (N_, a_, b_, r_, S_, x0_))
        A, D, E = a * (1 + N * N), (a * (N * N - 1)) ** 2, 4 * N * N * b * (N + 1) ** 2 * r
        B = a * (N * N - 1)
        u0 = mp.sqrt(D + E * S)
        w0 = mp.sqrt(b * N * r * S)

        def xn(V):
            u = mp.sqrt(D + E * V)
            return 4 * N * N / E * ((u0 - u) + A * mp.log((A - u0) / (A - u)))

        def xc(V):
            w = mp.sqrt(b * N * r * V)
            return (a * mp.log((a - 2 * w0) / (a - 2 * w)) + 2 * (w0 - w)) / (2 * b * r)

        def inv(fx, Vmax):
            lo, hi = S, Vmax
            for _ in range(int(3.4 * dps) + 10):
                mid = (lo + hi) / 2
                if mid == lo or mid == hi:
                    break
                try:
                    below = fx(mid) < x0
                except (ValueError, ZeroDivisionError):
                    below = False
                if below:
                    lo = mid
                else:
                    hi = mid
            return (lo + hi) / 2

        VN = inv(xn, (A * A - D) / E)
        VP = inv(xc, a * a / (4 * b * N * r))
        if time_method == "quad":
            def dvn(V):
                return (A - mp.sqrt(D + E * V)) / (2 * N * N)

            def dvc(V):
                return (a - mp.sqrt(4 * b * N * r * V)) / N

            TN = mp.quad(lambda V: 1 / (dvn(V) * N * (a - dvn(V)) / (b * (N + 1))), [S, VN])
            TC = mp.quad(lambda V: 1 / (dvc(V) * (a - N * dvc(V)) / (2 * b)), [S, VP])
        else:
            u1, w1 = mp.sqrt(D + E * VN), mp.sqrt(b * N * r * VP)
            TN = (A * mp.log((A - u0) / (A - u1)) - B * mp.log((u1 + B) / (u0 + B))) / (
                a * N * (N + 1) * r)
            TC = mp.log((a - 2 * w0) / (a - 2 * w1)) / r
        return {"V_N": float(VN), "V_P": float(VP), "T_N": float(TN), "T_C": float(TC)}
