"""All backends agree (1e-12 relative, same codes / reasons / statuses); outputs on demand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from endodec.errors import ParameterError
from endodec.sweep import sweep
from endodec.sweep.points import OUTPUTS

GRID = ["N=1:9", "delta=-0.1:0.8:7", "x0=0:60:4", "S_T=0:30:3"]  # N=1, delta<=0: invalid


def _samples(n=600, seed=5):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"N": rng.integers(1, 40, n).astype(float),
                       "a": 10 ** rng.uniform(-1, 2, n), "b": 10 ** rng.uniform(-2, 1, n),
                       "r": 10 ** rng.uniform(-3, 0, n), "delta": rng.uniform(-0.1, 1, n),
                       "x0": 10 ** rng.uniform(-4, 3, n), "S_T": rng.uniform(0, 50, n)})
    # invalid parameters, float64 breakdowns (S, xi, values), points outside the domain
    df.loc[::29, "N"] = 2.5
    df.loc[::31, "a"] = 1e300
    df.loc[::37, "b"] = np.nan
    # x0*b*r/a underflows; inputs and intermediates stay clear of the subnormal range, where
    # XLA on CPU flushes to zero and NumPy does not (docs/sweep.md)
    df.loc[::41, ["a", "b", "r", "x0"]] = [10.0, 1e-6, 1e-3, 1e-300]
    df.loc[::43, "r"] = 1e-250
    df.loc[::47, "S_T"] = 1e6
    df["draw"] = np.arange(n)
    return df


_ONE_MINUS = ("welfare_loss", "acceleration")


def _agree(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    for c in a.columns:
        x, y = a[c], b[c]
        if x.dtype.kind == "f" and c in OUTPUTS + ("S",):
            x, y = x.to_numpy(), y.to_numpy()
            assert np.array_equal(np.isnan(x), np.isnan(y)), c
            ok = np.isfinite(x)
            assert np.array_equal(x[~ok & ~np.isnan(x)], y[~ok & ~np.isnan(x)]), c
            # relative; welfare_loss and acceleration are 1 - (a ratio): their scale is 1, and
            # delta_W = N (V_P - V_N) a difference: its scale is N V_P
            scale = np.maximum(np.abs(x[ok]), 1.0 if c in _ONE_MINUS else 1e-300)
            if c == "delta_W":
                scale = np.maximum(scale, np.abs(a["N"] * a["V_P"]).to_numpy()[ok])
            assert np.all(np.abs(x[ok] - y[ok]) <= 1e-12 * scale), c
        elif x.dtype.kind == "f":  # parameters
            assert np.array_equal(x.to_numpy(), y.to_numpy(), equal_nan=True), c
        else:
            assert (x.astype(str) == y.astype(str)).all(), c


def _stats_agree(a, b):
    assert a.counts() == b.counts() and a.n_valid == b.n_valid
    fa, fb = a.stats_frame().set_index("column"), b.stats_frame().set_index("column")
    assert fa.index.tolist() == fb.index.tolist()
    assert (fa["n"] == fb["n"]).all()
    np.testing.assert_allclose(fa[["mean", "min", "max"]], fb[["mean", "min", "max"]],
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(fa["std"], fb["std"], rtol=1e-9)


def _backends():
    out = ["numpy"]
    try:
        import jax  # noqa: F401

        out.append("jax")
    except ImportError:
        pass
    try:
        import distributed  # noqa: F401

        out.append("dask")
    except ImportError:
        pass
    return out


@pytest.mark.parametrize("convention", ["code", "paper"])
def test_backends_agree_on_grid_and_samples(convention):
    backends = _backends()
    if len(backends) == 1:
        pytest.skip("neither jax nor dask is installed")
    kw = {"progress": False, "convention": convention, "chunk_size": 500}
    for src in (GRID, _samples()):
        ref = sweep(src, **kw)
        assert 0 < ref.n_valid < ref.n_points
        assert len(ref.counts()["reason"]) >= (3 if src is GRID else 5)
        ref_s = sweep(src, reduce="summary", **kw)
        for be in backends[1:]:
            extra = {"processes": False} if be == "dask" else {}
            _agree(ref.frame, sweep(src, backend=be, **kw, **extra).frame)
            _stats_agree(ref_s, sweep(src, backend=be, reduce="summary", **kw, **extra))


def test_jax_fused_blocks_padding_and_direct_S(monkeypatch):
    """Chunks looped over small blocks inside the compiled function; the last chunk padded."""
    pytest.importorskip("jax")
    import endodec.sweep.backends as be

    monkeypatch.setattr(be, "_jax_block", lambda: 64)
    df = _samples(1000, 9)
    df["S"] = df.pop("S_T")
    df.loc[::53, "S"] = -1.0
    for src in (df, GRID):
        a = sweep(src, chunk_size=300, progress=False)
        b = sweep(src, chunk_size=300, backend="jax", progress=False)
        assert b.info["jax_block"] == 64
        _agree(a.frame, b.frame)
        _stats_agree(sweep(src, chunk_size=300, progress=False, reduce="summary"),
                     sweep(src, chunk_size=300, backend="jax", progress=False, reduce="summary"))


@pytest.mark.parametrize("backend", _backends())
def test_outputs_on_demand_equal_full_sweep(backend):
    extra = {"processes": False} if backend == "dask" else {}
    full = sweep(_samples(), progress=False, backend=backend, chunk_size=256, **extra).frame
    for outs in (["T_N", "T_C"], ["ratio"], ["dV_N0", "V_P"], ("T_nash", "welfare_loss")):
        r = sweep(_samples(), progress=False, backend=backend, chunk_size=256, outputs=outs,
                  **extra)
        names = {{"T_N": "T_nash", "T_C": "T_coop"}.get(o, o) for o in outs}
        cols = [c for c in OUTPUTS if c in names]
        f = r.frame
        assert [c for c in f.columns if c in OUTPUTS] == [c for c in OUTPUTS if c in cols]
        for c in list(cols) + ["S"]:
            assert np.array_equal(f[c].to_numpy(), full[c].to_numpy(), equal_nan=True), c
        for c in ("code", "reason", "prop1", "draw"):
            assert (f[c].astype(str) == full[c].astype(str)).all(), c
        s = sweep(_samples(), progress=False, backend=backend, chunk_size=256, outputs=outs,
                  reduce="summary", **extra)
        assert s.counts() == r.counts()
        assert s.stats_frame()["column"].tolist() == [c for c in ("V_N", "V_P", "T_nash",
                                                                  "T_coop", "welfare_loss",
                                                                  "acceleration", "ratio")
                                                      if c in cols]


def test_unknown_outputs_are_parameter_errors():
    for bad in (["T_N", "nope"], [], "", [3]):
        with pytest.raises(ParameterError, match="T_N"):
            sweep(["N=2:3"], progress=False, outputs=bad)


def test_cli_outputs_option():
    from typer.testing import CliRunner

    from endodec.cli import app

    r = CliRunner().invoke(app, ["game", "sweep", "--vary", "N=2:4", "--outputs", "T_N,T_C",
                                 "--no-progress", "--json"])
    assert r.exit_code == 0, r.output
    assert "T_nash" in r.output and "V_N" not in r.output.split('"stats"')[1]
    r = CliRunner().invoke(app, ["game", "sweep", "--vary", "N=2:4", "--outputs", "T_N,bogus"])
    assert r.exit_code == 2 and "bogus" in r.output and "social_dV_P0" in r.output
