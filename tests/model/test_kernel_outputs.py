"""Outputs on demand: a requested output equals the full computation bit for bit, same codes."""

from __future__ import annotations

import numpy as np
import pytest

from endodec.model import kernel


def _points(n, seed, wild):
    rng = np.random.default_rng(seed)
    N = rng.integers(1, 60, n).astype(float)
    N[::97] = 2.5
    if wild:  # over/underflow, invalid parameters, outside the domain
        a, b = 10 ** rng.uniform(-300, 300, n), 10 ** rng.uniform(-300, 300, n)
        r, x0 = 10 ** rng.uniform(-200, 200, n), 10 ** rng.uniform(-300, 300, n)
        a[::31], b[::37], x0[::41] = -1.0, np.nan, -2.0
    else:
        a, b = rng.uniform(0.5, 50, n), rng.uniform(0.05, 5, n)
        r, x0 = rng.uniform(0.005, 0.5, n), 10 ** rng.uniform(-6, 2.5, n)
    with np.errstate(all="ignore"):
        S = rng.uniform(0, 1.3, n) * a * a / (b * r * (N + 1) ** 2)
    x0[::13], S[::17] = 0.0, 0.0
    return N, a, b, r, S, x0


@pytest.mark.parametrize("wild", [False, True])
@pytest.mark.parametrize("n", [500, 40000])  # one block, and NUMPY_BLOCK blocks
def test_requested_outputs_bit_for_bit(wild, n):
    args = _points(n, 1 + n + wild, wild)
    with np.errstate(all="ignore"):
        full = kernel.game_kernel(*args)
        if wild:
            assert len(np.unique(full["code"])) == 5 and full["num"].max() > 1
        subsets = [(k,) for k in kernel.KERNEL_OUTPUTS] + [("T_N", "T_C"), ("ratio", "dV_N0"),
                                                          ("social_dV_P0", "V_N", "acceleration")]
        for sub in subsets:
            o = kernel.game_kernel(*args, outputs=sub)
            assert list(o) == [k for k in kernel.KERNEL_OUTPUTS if k in sub] + ["code", "num"]
            for k in sub:
                assert np.array_equal(o[k], full[k], equal_nan=True), (sub, k)
            assert np.array_equal(o["code"], full["code"]) and np.array_equal(o["num"], full["num"])


def test_unknown_output_is_an_error():
    with pytest.raises(ValueError, match="allowed: V_N"):
        kernel.game_kernel(5.0, 10.0, 0.5, 0.05, 1.0, 10.0, outputs=("T_N", "nope"))
    assert kernel.check_outputs(None) == kernel.KERNEL_OUTPUTS
    assert kernel.check_outputs(["T_C", "T_N"]) == ("T_N", "T_C")
