r"""The JAX sweep as one compiled function per chunk (seed 000 §3.2-3.5 / seed 001 §3.2-3.5).

For ``backend="jax"`` every step of a chunk runs inside one ``jax.jit``-compiled function:

1. the points: generated from the flat index range of the chunk when the source is a
   :class:`~endodec.sweep.grid.Grid` (its axes are on the device; nothing of size ``M`` is
   built on the host), or the chunk's block of a sample;
2. validation by the rule of :func:`endodec.model.game.solve` (the parameter table's
   :meth:`~endodec.model.params.Param.invalid`, in ``PARAM_ORDER``) and the continuation value
   (:func:`endodec.model.continuation.continuation_value`,
   :func:`~endodec.model.continuation.S_breakdown`), as :func:`endodec.sweep.points._prepare`.
   A grid point's parameters are valid when each of its axis values is (the fixed values are
   validated by :class:`~endodec.sweep.grid.Grid`): the axes are validated once, on the host,
   and each point gathers the first violation (in ``PARAM_ORDER``) of its axis values; a grid
   without an invalid axis value compiles without that step;
3. the closed-form kernel :func:`endodec.model.kernel.game_kernel` (only the requested outputs
   and those the Proposition 1 status needs);
4. codes, reasons and Proposition 1 status, as :func:`endodec.sweep.points._finish` (the NaN
   masks of the outputs only where columns are returned: the statistics mask by ``code``);
5. with ``reduce="summary"`` the chunk's streaming statistics (counts, and n / mean / M2 / min /
   max per summarised column, as :func:`endodec.sweep.stats.chunk_stats`), below.

Statistics of one block in one pass
-----------------------------------
The counts are one histogram of a combined category (``reason``, or the Proposition 1 status of
a valid point; :func:`_split_hist` recovers codes, reasons and statuses). Each column is reduced
in one pass: shifted sums :math:`s_1 = \sum (v - K)`, :math:`s_2 = \sum (v - K)^2`, min and
max, so :math:`\bar v = K + s_1/n` and :math:`M_2 = s_2 - s_1^2/n`. The shift ``K`` is the mean
of a strided subsample (every 64th point) of the block; the rounding error of :math:`M_2` is
about :math:`\epsilon (1 + z^2)` relative, :math:`z = |\bar v - K|/sd`. A block where
:math:`z > 4`, or a sum is not finite (huge values: the sum overflowed), takes the exact
two-pass route instead (``lax.cond``: mean, rescaled when the sum overflows, then
:math:`\sum (v - \bar v)^2`), so the statistics agree with the NumPy backend's far within
1e-12. A block whose points are all valid takes a branch without masks. The statistics run inside a
``lax.cond`` on the kernel's outputs, so those are materialised once: XLA otherwise fuses the
code logic into every reduction and recomputes it there (``lax.optimization_barrier`` does not
prevent that on CPU).

Only the summaries (or the requested columns) leave the device; the host merges the chunks'
statistics (:func:`~endodec.sweep.stats.merge_stats`). On CPU the chunk is processed inside the
compiled function in a loop (``lax.map``) over blocks of :data:`~endodec.sweep.backends.JAX_CPU_BLOCK`
points, whose working set stays in cache; the blocks' statistics are combined on the device by
the parallel (Chan et al.) update. On a GPU a chunk is one block. Chunk ``k + 1`` is dispatched
before chunk ``k``'s result is read, so the host never waits between chunks. The results agree
with the NumPy backend to 1e-12 (relative), with the same codes, reasons and statuses.
"""

from __future__ import annotations

import numpy as np

from endodec.errors import ParameterError
from endodec.model import kernel
from endodec.model.continuation import S_breakdown, continuation_value
from endodec.model.game import PARAM_ORDER
from endodec.model.params import GAME_PARAMS
from endodec.sweep import backends
from endodec.sweep.grid import DEFAULTS, PARAMS, Grid
from endodec.sweep.points import (
    _KERNEL_COLS,
    _NUM_BASE,
    _PARAM_BASE,
    _SAFE,
    REASONS,
    SUMMARY_COLS,
    _kernel_request,
)

__all__ = ["run_fused"]

_CACHE: dict = {}
#: no violation (larger than any PARAM_ORDER position + 1)
_NONE = 127
#: the histogram of a block: bins 0-2 the Prop. 1 status of valid points, 2 + r reason r > 0,
#: then one bin for padding
_NBINS = len(REASONS) + 3
#: the shift of the one-pass sums is the mean of every _SUB-th point of a block
_SUB = 64
#: largest accepted |mean - shift| / sd of a block's one-pass sums (else: exact two passes)
_ZMAX2 = 16.0
#: grid points (plus padding) whose flat indices split exactly in float64 (:func:`_split_exact`)
_MAX_FLAT = 2 ** 52
#: lanes of the first stage of each reduction (a multiple of the CPU's vector width)
_LANES = 8


# ---------------------------------------------------------------------------------------------
# points of one block: validation, S, kernel, codes and Proposition 1 status
# ---------------------------------------------------------------------------------------------
def _validate(given: dict, jnp):
    """Per-point reason of the first invalid parameter (``PARAM_ORDER``; 0: none), traced."""
    n = next(iter(given.values())).shape
    viol = jnp.zeros(n, dtype=jnp.int8)
    for i in range(len(PARAM_ORDER) - 1, -1, -1):  # reverse: the first violation wins
        k = PARAM_ORDER[i]
        if k in given:
            viol = jnp.where(GAME_PARAMS[k].invalid(given[k], xp=jnp), jnp.int8(i + 1), viol)
    return jnp.where(viol > 0, viol + jnp.int8(_PARAM_BASE), jnp.int8(0))


def _kernel_block(p: dict, reason, convention: str, want: tuple[str, ...], jnp):
    """S and the kernel's outputs of one block of traced points; the reason after S.

    ``p``: the parameters, valid wherever ``reason == 0`` (elsewhere any finite value: the
    outputs there are masked).
    """
    n = reason.shape
    gp = dict(p)
    for k in ("N", "a", "b", "r", "x0", "delta", "S_T"):
        gp.setdefault(k, jnp.full(n, DEFAULTS[k]))
    S_I = gp.get("S_I") if convention == "paper" else None
    S = continuation_value(convention, gp["N"], gp["a"], gp["b"], gp["r"], gp["delta"],
                           gp["S_T"], S_I, gp.get("S"), xp=jnp)
    Sbad = S_breakdown(S, convention, gp["S_T"], S_I, xp=jnp) & (reason == 0)
    reason = jnp.where(Sbad, jnp.int8(_NUM_BASE), reason)
    S = jnp.where(reason == 0, S, 1.0)
    kout = kernel.game_kernel(gp["N"], gp["a"], gp["b"], gp["r"], S, gp["x0"], xp=jnp,
                              outputs=_kernel_request(want))
    return kout, reason, gp["x0"], S


def _finish(kout: dict, reason, x0, S, want: tuple[str, ...], summary: bool, jnp) -> dict:
    """Codes, reasons and Proposition 1 status of a block, as :func:`endodec.sweep.points._finish`.

    With ``summary`` the output columns are left unmasked (the statistics mask them by
    ``code``) and there is no ``S`` column.
    """
    kcode, knum = kout["code"].astype(jnp.int8), kout["num"].astype(jnp.int8)
    kreason = jnp.where(kcode == 4, knum + jnp.int8(_NUM_BASE), kcode)
    code = jnp.where(reason > 0, jnp.where(reason >= _NUM_BASE, 4, 1), kcode).astype(jnp.int8)
    final = jnp.where(reason > 0, reason, kreason).astype(jnp.int8)
    valid = code == 0
    cols = {_KERNEL_COLS[k]: kout[k] if summary else jnp.where(valid, kout[k], jnp.nan)
            for k in _kernel_request(want)}
    out_ok = cols["Q_N0"] > cols["Q_C0"]
    cross_ok = (cols["T_nash"] < cols["T_coop"]) | (x0 == 0)
    shadow_ok = cols["social_dV_P0"] > cols["dV_N0"]
    prop = jnp.where(out_ok & cross_ok, jnp.where(shadow_ok, 0, 1), 2)
    res = {}
    if S is not None and not summary:
        res["S"] = jnp.where(reason == 0, S, jnp.nan)
    res.update({_KERNEL_COLS[k]: cols[_KERNEL_COLS[k]] for k in want})
    res["code"], res["reason"] = code, final
    res["prop1"] = jnp.where(valid, prop, 3).astype(jnp.int8)
    return res


def _grid_block(flat0, arrays, layout, B: int, jnp):
    """Parameters and parameter reason of the grid points ``flat0 + [0, B)`` (C order).

    The flat index is split into axis indices in float64, exact below 2^52 points with no
    correction (:func:`_split_exact`); the outermost axis needs no split (its index is what is
    left, clamped into its table for padding points). Then each axis's (validated,
    safe-substituted) values and violation codes are gathered.
    """
    names, fixed_names, check = layout[1], layout[2], layout[4]
    k = len(names)
    sizes, fixed, axes, codes = arrays[0], arrays[1], arrays[2:2 + k], arrays[2 + k:]
    rest = flat0.astype(jnp.float64) + jnp.arange(B, dtype=jnp.float64)
    p, viol = {}, None
    for i in range(k - 1, -1, -1):  # C order: the last axis varies fastest
        if i == 0:  # the outermost axis: no split (padding points clamped into the table)
            idx, q = jnp.minimum(rest, float(layout[3][0] - 1)).astype(jnp.int32), rest
        else:
            q, idx = _split_exact(rest, sizes[i], jnp)
            idx = idx.astype(jnp.int32)
        p[names[i]] = axes[i][idx]
        if check:
            c = codes[i][idx]
            viol = c if viol is None else jnp.minimum(viol, c)
        rest = q
    p = {n: p[n] for n in names}  # the grid's column order
    for i, n in enumerate(fixed_names):
        p[n] = jnp.full(B, fixed[i])
    if viol is None:
        return p, jnp.zeros(B, dtype=jnp.int8)
    return p, jnp.where(viol < _NONE, viol + _PARAM_BASE, 0).astype(jnp.int8)


def _split_exact(rest, s, xp=np):
    r"""``(floor(rest / s), rest mod s)`` of integers held in float64, as :func:`_grid_block`
    computes them: exact for ``0 <= rest < 2^52`` and ``1 <= s < 2^52``, no correction needed.

    With :math:`rest/s = n + f`, :math:`0 \le f \le 1 - 1/s`: rounding is monotonic and
    :math:`n` is representable, so :math:`fl(rest/s) \ge n`; and :math:`fl(rest/s) < n + 1`
    since the gap :math:`1/s` to :math:`n + 1` exceeds half its ulp, :math:`(n + 1) 2^{-53}`,
    whenever :math:`s(n + 1) \le rest + s < 2^{53}`. ``q * s`` and ``rest - q * s`` are then
    exact integers below 2^53.
    """
    q = xp.floor(rest / s)
    return q, rest - q * s


def _sample_block(lo, arrays, layout, B: int, jnp):
    """Parameters and parameter reason (validated per point) of a sample's block at ``lo``."""
    import jax

    p = {k: jax.lax.dynamic_slice_in_dim(v, lo, B) for k, v in zip(layout[1], arrays,
                                                                   strict=True)}
    for k, v in DEFAULTS.items():
        p.setdefault(k, jnp.full(B, v))
    given = {k: p[k] for k in PARAM_ORDER if k in p}
    reason = _validate(given, jnp)
    ok = reason == 0
    return {k: jnp.where(ok, v, _SAFE[k]) for k, v in p.items()}, reason


# ---------------------------------------------------------------------------------------------
# statistics of one block
# ---------------------------------------------------------------------------------------------
def _masks(cols: dict, vm, summary: tuple[str, ...], jnp) -> dict:
    """Mask of each summarised column (valid, and finite for ``ratio``: inf at S = x0 = 0);
    ``vm`` None: every point is valid (then ``None`` too: no mask, except for ``ratio``)."""
    if vm is None:
        return {c: jnp.isfinite(cols[c]) if c == "ratio" else None for c in summary}
    return {c: vm & jnp.isfinite(cols[c]) if c == "ratio" else vm for c in summary}


def _exact_stats(cols: dict, masks: dict, summary: tuple[str, ...], jnp) -> dict:
    """``[n, mean, M2, min, max]`` of each column in two passes (mean, rescaled if the sum of
    huge finite values overflowed, then the sum of squared deviations), as ``chunk_stats``."""
    import jax

    out = {}
    for c in summary:
        v, m = cols[c], masks[c]
        cnt = jnp.sum(m.astype(jnp.int64))
        den = jnp.maximum(cnt, 1).astype(jnp.float64)
        vz = jnp.where(m, v, 0.0)
        mean1 = jnp.sum(vz) / den

        def rescaled(vz, den):
            sc = jnp.max(jnp.abs(vz))
            sc = jnp.where(sc > 0, sc, 1.0)
            return sc * (jnp.sum(vz / sc) / den)

        mean = jax.lax.cond(jnp.isfinite(mean1), lambda vz, den, m1: m1,
                            lambda vz, den, m1: rescaled(vz, den), vz, den, mean1)
        d = jnp.where(m, v - mean, 0.0)
        out[c] = jnp.stack([cnt.astype(jnp.float64), mean, jnp.sum(d * d),
                            jnp.min(jnp.where(m, v, jnp.inf)), jnp.max(jnp.where(m, v, -jnp.inf))])
    return out


def _onepass_stats(cols: dict, masks: dict, summary: tuple[str, ...], n_valid, jnp):
    """Shifted one-pass sums, min and max of every column (module docstring): ``([n, mean, M2,
    min, max] per column, whether every column's sums are well conditioned)``.

    Each reduction runs over ``(points / _LANES, _LANES)`` first (lanes kept: XLA on CPU
    vectorises that loop), then over the lanes.
    """
    out, good = {}, jnp.bool_(True)
    nv = n_valid.astype(jnp.float64)

    def red(x, f):
        return f(f(x.reshape(-1, _LANES), axis=0))

    for c in summary:
        v, m = cols[c], masks[c]
        vs = v[::_SUB]
        if m is None:
            K = jnp.mean(vs)
            d, lo, hi = v - K, v, v
        else:
            ms = m[::_SUB]
            K = jnp.sum(jnp.where(ms, vs, 0.0)) / jnp.maximum(jnp.sum(ms.astype(jnp.float64)), 1.0)
            d = jnp.where(m, v - K, 0.0)
            lo, hi = jnp.where(m, v, jnp.inf), jnp.where(m, v, -jnp.inf)
        n = nv if c != "ratio" else jnp.sum(m.astype(jnp.float64))
        s1, s2 = red(d, jnp.sum), red(d * d, jnp.sum)
        den = jnp.maximum(n, 1.0)
        M2 = s2 - s1 * s1 / den
        good = good & jnp.isfinite(K) & jnp.isfinite(s2) & (s1 * s1 <= _ZMAX2 * den * M2)
        out[c] = jnp.stack([n, K + s1 / den, jnp.maximum(M2, 0.0), red(lo, jnp.min),
                            red(hi, jnp.max)])
    return out, good


def _column_stats(cols: dict, masks: dict, summary: tuple[str, ...], n_valid, jnp) -> dict:
    """``[n, mean, M2, min, max]`` of each column: one pass, or two where that is inaccurate."""
    import jax

    fast, good = _onepass_stats(cols, masks, summary, n_valid, jnp)
    n = next(iter(cols.values())).shape
    full = {c: jnp.ones(n, dtype=bool) if m is None else m for c, m in masks.items()}
    sub = {c: cols[c] for c in summary}
    return jax.lax.cond(good, lambda s, m, f: f,
                        lambda s, m, f: _exact_stats(s, m, summary, jnp), sub, full, fast)


def _block_stats(cols: dict, live, summary: tuple[str, ...], jnp) -> dict:
    """Counts and column statistics of one block (``live``: not padding), traced.

    A block whose points are all live and valid (the common case) takes a branch without masks:
    its histogram is the Proposition 1 statuses' three counts.
    """
    import jax

    B = live.shape[0]

    def general(cols, live):
        reason = cols["reason"].astype(jnp.int32)
        key = jnp.where(live, jnp.where(reason > 0, reason + 2, cols["prop1"].astype(jnp.int32)),
                        _NBINS - 1)
        hist = jnp.zeros(_NBINS, jnp.int64).at[key].add(1)
        if not summary:
            return {"hist": hist}
        masks = _masks(cols, live & (cols["code"] == 0), summary, jnp)
        return {"hist": hist, **_column_stats(cols, masks, summary, jnp.sum(hist[:3]), jnp)}

    def all_valid(cols, live):
        prop = cols["prop1"]
        c0, c1 = (jnp.sum((prop == k).astype(jnp.int64)) for k in (0, 1))
        hist = jnp.zeros(_NBINS, jnp.int64).at[0].set(c0).at[1].set(c1).at[2].set(B - c0 - c1)
        if not summary:
            return {"hist": hist}
        masks = _masks(cols, None, summary, jnp)
        return {"hist": hist, **_column_stats(cols, masks, summary, jnp.int64(B), jnp)}

    ok = jnp.all(live & (cols["code"] == 0))
    return jax.lax.cond(ok, all_valid, general, cols, live)


def _no_stats(summary: tuple[str, ...], jnp) -> dict:
    """The statistics of a block of padding only."""
    empty = jnp.array([0.0, 0.0, 0.0, np.inf, -np.inf])
    return {"hist": jnp.zeros(_NBINS, jnp.int64), **{c: empty for c in summary}}


def _combine(st: dict, summary: tuple[str, ...], jnp) -> dict:
    """Merge the stacked statistics of a chunk's blocks (exact parallel mean / M2 update)."""
    out = {"hist": jnp.sum(st["hist"], axis=0)}
    for c in summary:
        n_i, m_i, M2_i, lo, hi = (st[c][:, j] for j in range(5))
        n = jnp.sum(n_i)
        mean = jnp.sum(n_i / jnp.maximum(n, 1.0) * m_i)
        M2 = jnp.sum(M2_i) + jnp.sum(jnp.where(n_i > 0, n_i * (m_i - mean) ** 2, 0.0))
        out[c] = jnp.stack([n, mean, M2, jnp.min(lo), jnp.max(hi)])
    return out


def _split_hist(hist: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts per code, reason and Proposition 1 status from a block histogram (:data:`_NBINS`)."""
    hist = np.asarray(hist, dtype=np.int64)
    reasons = np.concatenate([[hist[:3].sum()], hist[3:_NBINS - 1]])
    prop1 = np.concatenate([hist[:3], [reasons[1:].sum()]])
    r = np.arange(len(REASONS))
    code_of = np.where(r >= _NUM_BASE, 4, np.where(r > 3, 1, r))  # as points._finish
    codes = np.bincount(code_of, weights=reasons, minlength=5).astype(np.int64)
    return codes, reasons, prop1


# ---------------------------------------------------------------------------------------------
# the compiled chunk function
# ---------------------------------------------------------------------------------------------
def _build(src, convention: str, mode: str, want: tuple[str, ...], P: int, B: int):
    """The jitted chunk function ``f(lo, n, *arrays)`` of a source (cached by its layout) and
    ``(summarised columns, output columns)``."""
    backends._jax_kernel()  # jax imported, float64 enabled
    import jax
    import jax.numpy as jnp

    summary = tuple(c for c in SUMMARY_COLS if c in {_KERNEL_COLS[k] for k in want})
    if isinstance(src, Grid):  # sizes and fixed values are arguments: grids share compilations
        layout = ("grid", tuple(src.axes), tuple(src.fixed), tuple(_bucket(n) for n in src.shape),
                  bool(_axis_tables(src)[1].min(initial=_NONE) < _NONE))
    else:
        layout = ("samples", tuple(c for c in src.columns if c in PARAMS))
    key = (layout, convention, mode, want, P, B)
    if key in _CACHE:
        return _CACHE[key]
    summarise = mode == "summary"

    def chunk(start, n, *arrays):
        def body(lo):
            if layout[0] == "grid":
                p, reason = _grid_block(start + lo, arrays, layout, B, jnp)
            else:
                p, reason = _sample_block(lo, arrays, layout, B, jnp)
            kout, reason, x0, S = _kernel_block(p, reason, convention, want, jnp)
            S = None if "S" in p else S
            if not summarise:
                return _finish(kout, reason, x0, S, want, False, jnp)

            def stats(kout, reason, x0, live):
                cols = _finish(kout, reason, x0, None, want, True, jnp)
                return _block_stats(cols, live, summary, jnp)

            # the statistics in a branch: its operands, the kernel's outputs, are materialised
            # once (XLA otherwise fuses the code logic into every reduction and recomputes it
            # there; lax.optimization_barrier does not stop that on CPU, measured)
            return jax.lax.cond(lo < n, stats, lambda *a: _no_stats(summary, jnp), kout,
                                reason, x0, lo + jnp.arange(B) < n)

        res = jax.lax.map(body, jnp.arange(0, P, B, dtype=jnp.int64))
        if not summarise:
            return {k: v.reshape(P) for k, v in res.items()}
        st = _combine(res, summary, jnp)  # one array: one transfer per chunk
        return jnp.concatenate([st["hist"].astype(jnp.float64)] + [st[c] for c in summary])

    f = jax.jit(chunk)
    _CACHE[key] = (f, (summary, tuple(_KERNEL_COLS[k] for k in want)))
    return _CACHE[key]


def _bucket(n: int) -> int:
    """Padded length of a grid axis on the device (a power of two >= 8: fewer compilations)."""
    return max(8, 1 << (int(n) - 1).bit_length())


def _axis_tables(src: Grid) -> tuple[list[np.ndarray], np.ndarray]:
    """Each axis validated once (the shared rule, ``Param.invalid``): its values with invalid
    ones replaced by a safe value, and its violation codes (``PARAM_ORDER`` position + 1, or
    :data:`_NONE`), both padded to :func:`_bucket` length; and all codes concatenated."""
    vals, codes = [], []
    for k, v in src.axes.items():
        bad = GAME_PARAMS[k].invalid(v)
        c = np.where(bad, PARAM_ORDER.index(k) + 1 if k in PARAM_ORDER else _NONE, _NONE)
        pad = _bucket(v.size) - v.size
        vals.append(np.concatenate([np.where(bad, _SAFE[k], v), np.full(pad, _SAFE[k])]))
        codes.append(np.concatenate([c, np.full(pad, _NONE)]).astype(np.int8))
    return vals + codes, np.concatenate(codes) if codes else np.array([_NONE], np.int8)


def _grid_args(src: Grid) -> tuple:
    """The device arrays of a grid's chunk function: sizes, fixed values, axis tables (put on the
    device once per sweep, not copied at every chunk)."""
    import jax

    sizes = np.array(src.shape, dtype=np.float64)
    fixed = np.array(list(src.fixed.values()), dtype=float)
    return tuple(jax.device_put(a) for a in (sizes, fixed, *_axis_tables(src)[0]))


def _launch(src, i: int, j: int, fn, P: int, grid_args=None):
    """Dispatch chunk ``[i, j)`` (asynchronously; JAX returns before the device finishes)."""
    if isinstance(src, Grid):
        grid_args = grid_args if grid_args is not None else _grid_args(src)
        return fn(np.int64(i), np.int64(j - i), *grid_args)
    df = src.iloc[i:j]
    arrays = []
    for k in (c for c in src.columns if c in PARAMS):
        v = df[k].to_numpy(dtype=float)
        arrays.append(np.concatenate([v, np.full(P - v.size, _SAFE[k])]) if v.size < P else v)
    return fn(np.int64(0), np.int64(j - i), *arrays)


def _collect(src, i: int, j: int, res, mode: str, summary) -> dict:
    """The chunk's result on the host: its statistics, or its columns (with the parameters)."""
    if mode == "summary":
        h = np.asarray(res)  # histogram (counts < 2^53: exact in float64), then 5 per column
        codes, reasons, prop1 = _split_hist(h[:_NBINS])
        st = {"n": j - i, "codes": codes, "reasons": reasons, "prop1": prop1, "cols": {}}
        for k, c in enumerate(summary[0]):
            n, m, M2, lo, hi = (float(x) for x in h[_NBINS + 5 * k:_NBINS + 5 * k + 5])
            if n > 0:
                st["cols"][c] = [int(n), m, M2, lo, hi]
        return st
    cols = {k: np.asarray(v) for k, v in backends._source_chunk(src, i, j).items()}
    order = (["S"] if "S" in res else []) + list(summary[1]) + ["code", "reason", "prop1"]
    cols.update({k: np.asarray(res[k])[:j - i] for k in order})  # (JAX returns keys sorted)
    cols.update(backends._extra(src, i, j))
    return cols


def run_fused(src, bounds, convention: str, mode: str, consume, *, info: dict,
              outputs=kernel.KERNEL_OUTPUTS, **_) -> None:
    """The ``"jax"`` runner: each chunk in one compiled function (module docstring).

    Same interface as :func:`endodec.sweep.backends.run_numpy`. Every chunk is padded to the
    first chunk's length (rounded up to whole blocks), so one compilation serves the sweep.
    """
    if not bounds:
        return
    if isinstance(src, Grid) and src.size + bounds[0][1] - bounds[0][0] >= _MAX_FLAT:
        raise ParameterError("grid size", src.size, f"below {_MAX_FLAT:.3g} points with "
                             "backend='jax' (flat indices are split exactly in float64)")
    first = bounds[0][1] - bounds[0][0]
    B = min(backends._jax_block() or first, first)
    B = -(-B // _LANES) * _LANES  # whole lanes (padding is masked)
    P = -(-first // B) * B
    fn, summary = _build(src, convention, mode, tuple(outputs), P, B)
    info["jax_block"] = B
    grid_args = _grid_args(src) if isinstance(src, Grid) else None
    pending = None
    for i, j in bounds:
        launched = (i, j, _launch(src, i, j, fn, P, grid_args))
        if pending is not None:
            consume(_collect(src, *pending, mode, summary), pending[1] - pending[0])
        pending = launched
    consume(_collect(src, *pending, mode, summary), pending[1] - pending[0])
