"""Size guards: estimate memory before allocating, refuse above a configurable limit.

A second limit, ``ENDODEC_MAX_POINTS`` (:func:`max_points`), bounds the number of points of a
sweep whatever its memory (a sweep streamed to Parquet needs little memory but may take days).

The memory limit is ``ENDODEC_MAX_BYTES`` (bytes; suffixes ``K``, ``M``, ``G``, ``T`` accepted, e.g.
``ENDODEC_MAX_BYTES=64G``), default :data:`DEFAULT_MAX_BYTES` (8 GiB, a third of a 24 GiB
machine). Every place that allocates in proportion to a user-given count (sweep grids, share
paths, bootstrap resamples, Monte Carlo draws) calls :func:`check_size` first, so a mistyped
``--n 1e12`` fails at once with the estimate instead of hanging or ending in ``MemoryError``.
"""

from __future__ import annotations

import os

from endodec.errors import ParameterError, SizeLimitError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_POINTS", "max_bytes", "max_points", "check_size",
           "human_bytes"]

DEFAULT_MAX_BYTES = 8 * 1024**3

_SUFFIX = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def human_bytes(n: float) -> str:
    """``n`` bytes as a short human-readable string (``"1.5 GiB"``)."""
    n = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(n) < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} PiB"  # pragma: no cover


def max_bytes() -> int:
    """The memory limit in bytes (``ENDODEC_MAX_BYTES`` or :data:`DEFAULT_MAX_BYTES`)."""
    raw = os.environ.get("ENDODEC_MAX_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    s = raw.upper().removesuffix("IB").removesuffix("B")
    mult = _SUFFIX.get(s[-1:], None) if s and not s[-1].isdigit() else 1
    num = s[:-1] if mult is not None and s and not s[-1].isdigit() else s
    try:
        value = float(num) * (mult or 1)
    except ValueError:
        value = float("nan")
    if mult is None or not (value > 0) or value == float("inf"):
        raise ParameterError("ENDODEC_MAX_BYTES", raw,
                             "a positive number of bytes, optionally with K, M, G or T (e.g. 64G)")
    return int(value)


def check_size(what: str, n_bytes: float, alternative: str = "") -> None:
    """Raise :class:`~endodec.errors.SizeLimitError` if ``n_bytes`` exceeds :func:`max_bytes`.

    Parameters
    ----------
    what : str
        What would be allocated, in the user's terms (``"a sweep of 1e+12 points held in memory"``).
    n_bytes : float
        The estimate in bytes.
    alternative : str
        The streaming or smaller alternative to suggest (``"stream with --out x.parquet"``).
    """
    limit = max_bytes()
    if not (float(n_bytes) <= limit):
        msg = (f"{what} needs about {human_bytes(n_bytes)}, above the limit of "
               f"{human_bytes(limit)} (set ENDODEC_MAX_BYTES to raise it)")
        if alternative:
            msg += f"; {alternative}"
        raise SizeLimitError(msg)


#: Default of ``ENDODEC_MAX_POINTS``: the largest sweep accepted. At the kernel's ~4e6 points/s
#: per core, 1e10 points take about 40 minutes on one core (seconds to minutes on a Dask
#: cluster, for which the limit is raised with the variable); beyond that a mistyped grid
#: (``N=2:1e12``, four axes of 1000 values) is far likelier than an intended sweep.
DEFAULT_MAX_POINTS = 10**10


def max_points() -> int:
    """The largest number of points a sweep accepts: ``ENDODEC_MAX_POINTS`` or
    :data:`DEFAULT_MAX_POINTS`."""
    raw = os.environ.get("ENDODEC_MAX_POINTS", "").strip()
    if not raw:
        return DEFAULT_MAX_POINTS
    try:
        v = float(raw)
    except ValueError:
        v = float("nan")
    if not (1 <= v < 2.0**62):
        raise ParameterError("ENDODEC_MAX_POINTS", raw, "a number of points in [1, 2**62)")
    return int(v)
