"""Every ``--json`` output is strict JSON (no NaN / Infinity tokens)."""

from __future__ import annotations

import json

import numpy as np

from endodec.cli.common import print_json


def _strict(text):
    def bad(tok):
        raise ValueError(f"non-strict JSON token {tok}")
    return json.loads(text, parse_constant=bad)


def test_print_json_is_strict(capsys):
    print_json({"a": np.float64("inf"), "b": [np.nan, -np.inf, np.int64(3)],
                "c": np.array([1.5, np.nan])})
    out = _strict(capsys.readouterr().out)
    assert out == {"a": "inf", "b": [None, "-inf", 3], "c": [1.5, None]}


def _cleaned(d):
    """``d`` as print_json writes it (strict JSON), read back."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print_json(d)
    return json.loads(buf.getvalue())


def test_json_of_a_result_is_its_to_dict():
    """``--json`` of a command whose result has ``to_dict()`` prints exactly that (``emit``)."""
    from typer.testing import CliRunner

    from endodec.cli import app
    from endodec.empirics.silicon import Device, Model, crossing_condition
    from endodec.model.asymmetric import solve_asymmetric
    from endodec.model.capacity import capacity_constrained_crossing
    from endodec.model.game import GameParams, solve

    p = GameParams(N=7)
    cases = [
        (["game", "solve", "--N", "7", "--no-check"], solve(p)),
        (["game", "asymmetric", "--N", "7", "--epsilon", "0.5", "--n", "51"],
         solve_asymmetric(p, epsilon=0.5, n=51)),
        (["game", "capacity", "--N", "7", "--kappa0", "1"],
         capacity_constrained_crossing(p, kappa0=1.0, Delta=0.3)),
        (["empirics", "silicon", "calc", "--bandwidth", "546", "--memory", "128"],
         crossing_condition(Device("user device", 546.0, 128.0, None), Model("70B", 70.0, 4.0))),
    ]
    for args, res in cases:
        r = CliRunner().invoke(app, [*args, "--json"])
        assert r.exit_code == 0, (args, r.output)
        assert json.loads(r.output) == _cleaned(res.to_dict()), args
