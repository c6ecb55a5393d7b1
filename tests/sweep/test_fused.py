"""The fused JAX sweep's block statistics (one pass, exact fallback) and its missing-extra error."""

from __future__ import annotations

import builtins

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec.errors import ParameterError
from endodec.sweep import Grid, sweep
from endodec.sweep.points import REASONS, SUMMARY_COLS
from endodec.sweep.stats import chunk_stats

B = 512  # a multiple of the lanes (8) and of the subsample stride (64)


def test_jax_backend_without_jax_is_a_parameter_error(monkeypatch):
    """``backend="jax"`` without JAX: the typed missing-extra error, not ModuleNotFoundError."""
    import endodec.sweep.backends as be

    real = builtins.__import__

    def no_jax(name, *args, **kwargs):
        if name == "jax" or name.startswith("jax."):
            raise ModuleNotFoundError("No module named 'jax'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(be, "_JAX_FN", None)
    monkeypatch.setattr(builtins, "__import__", no_jax)
    with pytest.raises(ParameterError, match=r"endodec\[jax\]") as e:
        sweep(Grid.from_specs(["N=2:4"]), backend="jax", progress=False)
    assert "backend" in str(e.value)
    with pytest.raises(ParameterError, match=r"endodec\[jax\]"):
        sweep(Grid.from_specs(["N=2:4"]), backend="jax", progress=False, reduce="summary")


def _block(rng, loc, scale, frac_invalid, outliers, huge, n_live):
    """A block of columns as the fused sweep holds them (invalid points: garbage values)."""
    cols = {c: loc + scale * rng.standard_normal(B) for c in SUMMARY_COLS}
    if outliers:  # the subsample (every 64th point) is far from the block: forces two passes
        for c in SUMMARY_COLS:
            cols[c][::64] = loc + 1e6 * max(scale, abs(loc), 1.0)
    if huge:  # the sums overflow: the rescaled two-pass route
        cols["V_N"][:] = 1.5e307 + 1e306 * rng.uniform(size=B)
    cols["T_coop"][:] = loc  # a constant column (M2 exactly 0)
    cols["ratio"][::7] = np.inf  # valid ratio = inf at S = x0 = 0 (dropped from its stats)
    bad = rng.uniform(size=B) < frac_invalid
    reason = np.where(bad, rng.integers(1, len(REASONS), B), 0).astype(np.int8)
    code = np.where(reason >= 13, 4, np.where(reason > 3, 1, reason)).astype(np.int8)
    prop1 = np.where(bad, 3, rng.integers(0, 3, B)).astype(np.int8)
    for c in SUMMARY_COLS:
        cols[c] = np.where(bad, np.nan if c != "V_P" else 1e300, cols[c])
    cols.update(code=code, reason=reason, prop1=prop1)
    return cols, np.arange(B) < n_live


def _reference(cols, live):
    ref = {k: v[live] for k, v in cols.items()}
    return chunk_stats(ref)


@pytest.fixture(scope="module")
def block_stats():
    jax = pytest.importorskip("jax")
    from endodec.sweep import backends, fused

    backends._jax_kernel()  # float64
    import jax.numpy as jnp

    return jax.jit(lambda cols, live: fused._block_stats(cols, live, SUMMARY_COLS, jnp)), fused


@settings(max_examples=30, deadline=None)
@given(loc_exp=st.integers(-6, 12), scale_exp=st.integers(-9, 3),
       frac_invalid=st.sampled_from([0.0, 0.0, 0.1, 0.9, 1.0]), outliers=st.booleans(),
       huge=st.booleans(), n_live=st.sampled_from([B, B, 1, 100, B - 8]),
       seed=st.integers(0, 2**16))
def test_block_stats_agree_with_chunk_stats(block_stats, loc_exp, scale_exp, frac_invalid,
                                            outliers, huge, n_live, seed):
    """One-pass statistics (or their exact two-pass fallback) = NumPy's ``chunk_stats``: the
    same counts; n, mean, min, max to 1e-12 and M2 to 1e-10 relative, also for near-constant
    columns (sd 1e-18 of the mean), huge values whose sum overflows, masks and padding."""
    f, fused = block_stats
    rng = np.random.default_rng(seed)
    cols, live = _block(rng, 10.0**loc_exp, 10.0**scale_exp, frac_invalid, outliers, huge,
                        n_live)
    ref = _reference(cols, live)
    got = {k: np.asarray(v) for k, v in f(cols, live).items()}
    codes, reasons, prop1 = fused._split_hist(got["hist"])
    assert codes.tolist() == ref["codes"].tolist()
    assert reasons.tolist() == ref["reasons"].tolist()
    assert prop1.tolist() == ref["prop1"].tolist()
    for c in SUMMARY_COLS:
        n, mean, M2, lo, hi = got[c]
        if c not in ref["cols"]:
            assert n == 0
            continue
        rn, rmean, rM2, rlo, rhi = ref["cols"][c]
        assert n == rn and lo == rlo and hi == rhi, c
        assert mean == pytest.approx(rmean, rel=1e-12, abs=1e-300), c
        if np.isfinite(rM2):
            # floor: the one-pass shift (the mean of 8 subsampled points: up to ~8 eps |mean|
            # from the block's mean) and the rounded means add ~n (8 eps |mean|)^2 to M2 (a
            # constant column, seed 0, loc 0.1: 2.5e-30 against 1e-31, floor 8 n eps^2 was 2.2e-30)
            floor = 64 * rn * (2.3e-16 * float(np.abs(rmean))) ** 2 if abs(rmean) < 1e150 else 0.0
            assert M2 == pytest.approx(rM2, rel=1e-10, abs=floor), c
        else:
            assert M2 == rM2, c


def test_onepass_falls_back_where_ill_conditioned(block_stats):
    """The subsample far from the block: the one-pass sums are flagged, the exact route used."""
    f, fused = block_stats
    import jax.numpy as jnp

    rng = np.random.default_rng(1)
    cols, live = _block(rng, 1e6, 1e-3, 0.0, True, False, B)
    masks = fused._masks(cols, None, SUMMARY_COLS, jnp)
    _, good = fused._onepass_stats(cols, masks, SUMMARY_COLS, jnp.int64(B), jnp)
    assert not bool(good)
    cols, live = _block(rng, 1e6, 1e-3, 0.0, False, False, B)
    masks = fused._masks(cols, None, SUMMARY_COLS, jnp)
    _, good = fused._onepass_stats(cols, masks, SUMMARY_COLS, jnp.int64(B), jnp)
    assert bool(good)


@settings(max_examples=300, deadline=None)
@given(rest=st.one_of(st.integers(0, 2**52 - 1), st.integers(2**52 - 2**20, 2**52 - 1),
                      st.integers(0, 2**20)),
       s=st.one_of(st.integers(1, 2**31), st.integers(1, 1024), st.integers(2**40, 2**52 - 1)))
def test_grid_index_split_is_exact_below_2_52(rest, s):
    """The float64 split of a flat grid index (no correction step) is integer floor division."""
    from endodec.sweep.fused import _split_exact

    for x in (rest, (rest // s) * s, max((rest // s) * s - 1, 0)):  # also at multiples of s
        q, r = _split_exact(np.float64(x), np.float64(s))
        assert (int(q), int(r)) == divmod(x, s)


def test_jax_grid_outermost_axis_and_padding_agree_with_numpy(monkeypatch):
    """The outermost axis is not split (its index clamped for padding points): a grid whose
    outermost axis is shorter than its table, chunks padded, agrees with NumPy."""
    pytest.importorskip("jax")
    import endodec.sweep.backends as be

    monkeypatch.setattr(be, "_jax_block", lambda: 64)
    for specs in (["x0=0:50:3", "N=1:6", "delta=0.05:0.5:5"], ["N=1:20"], ["N=3"]):
        g = Grid.from_specs(specs)
        a = sweep(g, chunk_size=70, progress=False)
        b = sweep(g, chunk_size=70, backend="jax", progress=False)
        fa, fb = a.frame, b.frame
        assert fa["reason"].astype(str).tolist() == fb["reason"].astype(str).tolist()
        for c in ("V_N", "T_nash", "ratio"):
            np.testing.assert_allclose(fb[c], fa[c], rtol=1e-12)
        sa = sweep(g, chunk_size=70, progress=False, reduce="summary")
        sb = sweep(g, chunk_size=70, backend="jax", progress=False, reduce="summary")
        assert sa.counts() == sb.counts()


def test_jax_grid_beyond_exact_split_is_refused():
    """A grid of 2^52 points or more (flat index split inexact in float64): a ParameterError."""
    pytest.importorskip("jax")
    from endodec.sweep.fused import run_fused

    g = Grid.from_specs(["N=2:10001", "x0=1:2:10000", "delta=0.1:0.2:10000", "r=0.01:0.1:10000"])
    with pytest.raises(ParameterError, match="grid size"):
        run_fused(g, [(0, 1000)], "code", "summary", lambda r, n: None, info={})
