"""The fast paths of the HJB solver and the backward equation give the same floats as the plain
constructions they replace (COO assembly of the Jacobian; LIL edit of the BDF2 matrices)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec.model.hjb.solver import _assemble, operators


def _same(A, B) -> bool:
    return (A.shape == B.shape and A.indptr.dtype == B.indptr.dtype
            and A.indices.dtype == B.indices.dtype and np.array_equal(A.indptr, B.indptr)
            and np.array_equal(A.indices, B.indices) and np.array_equal(A.data, B.data))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(10, 400), order=st.sampled_from([1, 2]),
       s=st.sampled_from([0.0, 0.02, 1.0, 37.5]), seed=st.integers(0, 2**32 - 1))
def test_cached_pattern_assembly_equals_the_coo_assembly(n, order, s, seed):
    rng = np.random.default_rng(seed)
    D, D2 = operators(n, float(rng.uniform(1e-3, 2.0)), order)
    dH = rng.standard_normal((1, 1, n)) * 10.0 ** rng.uniform(-8, 8, n)  # wide magnitudes
    r = float(rng.uniform(1e-3, 5.0))
    A = _assemble(n, 1, D, D2, dH, r, s)  # COO -> CSC (sums duplicates)
    B = _assemble(n, 1, D, D2, dH, r, s, order)  # cached pattern
    assert _same(A, B)


def test_the_assembly_check_can_fail():
    """Three entries meet on the diagonal with diffusion: another order of summation gives other
    floats, so the equality above is a real check of the order."""
    n, order, s = 200, 2, 3.0
    rng = np.random.default_rng(1)
    D, D2 = operators(n, 0.01, order)
    dH = rng.standard_normal((1, 1, n)) * 10.0 ** rng.uniform(-8, 8, n)
    A = _assemble(n, 1, D, D2, dH, 0.05, s)
    i = np.arange(2, n - 1)
    dval = -(dH[0, 0, i] * 1.5 / 0.01)
    other = dval + (0.05 + s * 2.0 / 0.01**2)  # (D + (r + D2)) instead of ((D + r) + D2)
    assert np.any(other != A.diagonal()[2:n - 1])


def test_kbe_matrices_equal_the_lil_construction():
    from scipy.sparse import coo_matrix, identity

    for order, s in ((1, 0.0), (2, 0.8)):
        n, h = 120, 0.05
        Q = np.linspace(0.5, 3.0, n)
        D, D2 = operators(n, h, order)
        rows, cols, vals = D
        L = coo_matrix((np.concatenate([-Q[rows] * vals, s * D2[2]]),
                        (np.concatenate([rows, D2[0]]), np.concatenate([cols, D2[1]]))),
                       shape=(n, n)).tocsc()
        eye = identity(n, format="csc")
        for c in (1.0, 2.0 / 3.0):
            A = (eye - c * 0.01 * L).tolil()
            A[0, :] = 0.0
            A[0, 0] = 1.0
            assert _same(A.tocsc(), (eye - c * 0.01 * L).tocsc())


@pytest.mark.parametrize("sigma", [0.0, 2.0])
def test_solve_hjb_unchanged_by_the_pattern_cache(sigma, monkeypatch):
    """A solve on the cached pattern equals one on the COO assembly, to the last bit."""
    import endodec.model.hjb.solver as solver
    from endodec.model.hjb import solve_hjb

    a = solve_hjb(sigma=sigma, n=120)
    plain = solver._assemble

    def coo_only(n, K, D, D2, dH, r, s, order=None):
        return plain(n, K, D, D2, dH, r, s)

    monkeypatch.setattr(solver, "_assemble", coo_only)
    b = solve_hjb(sigma=sigma, n=120)
    for f in ("Q_N", "Q_C", "V_N", "V_P", "T_N", "T_C"):
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
