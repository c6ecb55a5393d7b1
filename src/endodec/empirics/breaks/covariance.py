"""HAC long-run covariance of Bai-Perron's robust statistics.

Quadratic spectral kernel, Andrews (1991) automatic AR(1) bandwidth and optional AR(1)
prewhitening (Andrews and Monahan 1992), as in Bai and Perron's (2003) code and ``mbreaks``.
"""

from __future__ import annotations

import numpy as np

from endodec.errors import DataError

__all__ = ["long_run_covariance"]


def _qs_kernel(x):
    """Quadratic spectral kernel (Andrews 1991, Eq. (2.7)), for x > 0."""
    d = 6.0 * np.pi * x / 5.0
    return 3.0 * (np.sin(d) / d - np.cos(d)) / d**2


def _andrews_bandwidth(v):
    """Andrews (1991) automatic bandwidth for the QS kernel from column-wise AR(1) fits (no
    intercept, unit weights): ``1.3221 (a(2) n)^(1/5)``."""
    n = v.shape[0]
    y, lag = v[1:], v[:-1]
    den = np.einsum("ij,ij->j", lag, lag)
    if np.any(den <= 0):
        raise DataError("HAC bandwidth: a column of z_t*u_t is identically zero in a regime "
                        "(all residuals zero or a regressor is zero there); use robust=False")
    rho = np.einsum("ij,ij->j", y, lag) / den
    sig = ((y - lag * rho) ** 2).sum(0) / (n - 1)
    a2n = np.sum(4 * rho**2 * sig**2 / (1 - rho) ** 8)
    a2d = np.sum(sig**2 / (1 - rho) ** 4)
    if not a2d > 0:
        raise DataError("HAC bandwidth undefined: the AR(1) residual variance is zero in a regime "
                        "(all residuals zero?); use robust=False")
    return 1.3221 * (a2n / a2d * n) ** 0.2


def _kernel_sum(v):
    """``(Γ_0 + Σ_{j>=1} k(j/S) (Γ_j + Γ_j')) / (n - d)`` with the QS kernel and Andrews' S."""
    n, d = v.shape
    if n - d < 1:
        raise DataError(f"HAC covariance needs more than {d} observations in a regime, got {n}: "
                        "use a larger trimming h")
    st = _andrews_bandwidth(v)
    j = np.arange(1, n)
    w = _qs_kernel(j / st)
    # Γ_j = Σ_t v_{t+j} v_t' for all lags at once: (n-1, d, d)
    G = np.stack([v[k:].T @ v[:-k] for k in j]) if n > 1 else np.zeros((0, d, d))
    S = np.einsum("j,jab->ab", w, G)
    return (v.T @ v + S + S.T) / (n - d)


def long_run_covariance(Z, u, prewhit: bool = True) -> np.ndarray:
    """Long-run covariance of ``z_t u_t`` (HAC), as in Bai-Perron's (2003) code.

    Quadratic spectral kernel with Andrews' (1991) automatic bandwidth from AR(1) approximations
    (unit weights); with ``prewhit`` the vectors are first filtered by a VAR(1) without intercept
    and the estimate is recoloured (Andrews and Monahan 1992). Small-sample divisor ``n - d``.

    Parameters
    ----------
    Z : (n, d) array_like
        Regressors.
    u : (n,) array_like
        Residuals.
    prewhit : bool
        AR(1) prewhitening.

    Returns
    -------
    ndarray
        (d, d) matrix.
    """
    Z = np.asarray(Z, float)
    v = Z * np.asarray(u, float).reshape(-1, 1)
    if not prewhit:
        return _kernel_sum(v)
    d = v.shape[1]
    B, *_ = np.linalg.lstsq(v[:-1], v[1:], rcond=None)  # v_t ≈ v_{t-1} B
    vstar = v[1:] - v[:-1] @ B
    inv = np.linalg.inv(np.eye(d) - B.T)
    return inv @ _kernel_sum(vstar) @ inv.T
