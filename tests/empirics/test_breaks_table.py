"""The packaged table of simulated sup-F(l+1|l) quantiles equals a fresh simulation."""

from __future__ import annotations

import itertools

import pytest

from endodec.empirics.breaks import supf_critical_values, tables
from endodec.empirics.breaks.critical import LEVELS, _bridge_quantiles


def test_table_covers_its_declared_grid():
    tab = tables._load()
    assert len(tab) == (len(tables.QS) * len(tables.EPS) * len(tables.N_SIMS) * len(tables.SEEDS)
                        * (tables.MAX_L + 1) * len(LEVELS))
    for q, eps, n, seed in itertools.product(tables.QS, tables.EPS, tables.N_SIMS, tables.SEEDS):
        rows = tables.lookup(q, eps, n, seed, tables.GRID, tables.MAX_L, LEVELS)
        assert rows is not None
        for ell in range(tables.MAX_L + 1):  # quantiles rise with the level
            assert [rows[ell][lv] for lv in LEVELS] == sorted(rows[ell][lv] for lv in LEVELS)


@pytest.mark.parametrize("q, eps, n_sim", [(2, 0.15, 20_000), (1, round(1 / 3, 6), 2_000),
                                           (3, round(6 / 41, 6), 2_000)])
def test_table_entries_equal_a_fresh_simulation(q, eps, n_sim):
    seed = tables.SEEDS[0]
    sim = _bridge_quantiles(q, eps, n_sim, seed, tables.GRID, tables.MAX_L, LEVELS)
    assert tables.lookup(q, eps, n_sim, seed, tables.GRID, tables.MAX_L, LEVELS) == sim
    got = supf_critical_values(q, eps, max_l=tables.MAX_L, n_sim=n_sim, seed=seed)
    assert {ell: dict(r) for ell, r in got.iterrows()} == sim  # bit-identical, not approx


def test_arguments_outside_the_table_simulate():
    assert tables.lookup(1, 0.15, 2_000, 7, tables.GRID, 1, LEVELS) is None
    assert tables.lookup(1, 0.15, 2_000, tables.SEEDS[0], tables.GRID, tables.MAX_L + 1,
                         LEVELS) is None
    assert tables.lookup(1, 0.15, 2_000, tables.SEEDS[0], tables.GRID, 1, (0.8,)) is None
    got = supf_critical_values(1, 0.15, max_l=1, n_sim=2_000, seed=7)
    assert {ell: dict(r) for ell, r in got.iterrows()} == _bridge_quantiles(
        1, 0.15, 2_000, 7, tables.GRID, 1, LEVELS)
    other = supf_critical_values(1, 0.15, max_l=1, n_sim=2_000, seed=tables.SEEDS[0])
    assert not other.equals(got)  # a different seed: different draws


def test_subset_of_levels_and_l_read_from_the_table():
    seed = tables.SEEDS[1]
    got = supf_critical_values(2, 0.15, max_l=1, levels=(0.95,), n_sim=20_000, seed=seed)
    full = tables.lookup(2, 0.15, 20_000, seed, tables.GRID, 1, LEVELS)
    assert list(got.index) == [0, 1] and list(got.columns) == [0.95]
    assert got.loc[1, 0.95] == full[1][0.95]


@pytest.mark.parametrize("q, eps, max_k", [(2, round(1 / 3, 6), 2), (1, 0.15, 3)])
def test_supfk_table_entries_equal_a_fresh_simulation(q, eps, max_k):
    import numpy as np

    from endodec.empirics.breaks import supfk_critical_values
    from endodec.empirics.breaks.critical import _k_values, _mc_draws

    seed, grid = tables.SEEDS[0], tables.K_GRID
    assert max_k <= tables.k_max(q, eps)
    rng = np.random.default_rng(seed + 1)  # the design of _supfk_cached, uncached here
    X = np.column_stack([np.ones(grid), rng.standard_normal((grid, q - 1))])
    supk, _ = _mc_draws(X, max(int(round(eps * grid)), q), max_k, tables.K_N_SIM, seed,
                        max_l=-1)
    sim = _k_values(supk, LEVELS)
    assert tables.lookup_k(q, eps, max_k, tables.K_N_SIM, seed, grid, LEVELS) == sim
    got = supfk_critical_values(q, eps, max_k=max_k, n_sim=tables.K_N_SIM, seed=seed)
    assert list(got.index) == [*range(1, max_k + 1), "UDmax", "WDmax"]
    assert {k: dict(r) for k, r in got.iterrows()} == sim
    assert tables.lookup_k(q, eps, max_k, tables.K_N_SIM, 7, grid, LEVELS) is None
