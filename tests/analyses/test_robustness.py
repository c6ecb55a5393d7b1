"""The robustness analysis: table, counterexamples, registration without ledger rows."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from endodec.analyses import load_all
from endodec.analyses.base import Context
from endodec.analyses.robustness import (
    FAMILIES,
    evaluate_points,
    robustness_table,
    sample_family,
)
from endodec.errors import ParameterError
from endodec.model.hjb import HJBSpec, WrightCost


def test_sampling_is_seeded_and_valid():
    for f in FAMILIES:
        a, b = sample_family(f, 3, seed=5), sample_family(f, 3, seed=5)
        assert a == b and all(s.name == f for s in a)
    with pytest.raises(ParameterError, match="family"):
        sample_family("nope", 1)
    with pytest.raises(ParameterError, match="n_points"):
        robustness_table(n_points=0)


def test_table_has_holds_fails_and_a_counterexample_per_failure():
    res = robustness_table(n_points=2, families=["paper", "wright"], n=100)
    t = res.table
    assert list(t.columns) == ["paper", "wright"]
    assert (t.loc["Prop. 1: Q_N(x) > Q_C(x) for all 0 < x <= x0", "paper"]).startswith("holds (")
    # planted: a Wright point known to break Proposition 1 (tests/model/hjb)
    bad = HJBSpec(delta=0.01, cost=WrightCost(c0=9.0, alpha=1.5), name="wright")
    rows = evaluate_points([bad, HJBSpec(name="paper")], n=150)
    from endodec.analyses.robustness import tabulate

    T, C, P = tabulate(rows, ["paper", "wright"])
    assert T.loc["Prop. 1: Q_N(x) > Q_C(x) for all 0 < x <= x0", "wright"].startswith("fails")
    assert ((C["family"] == "wright") & (C["result"] == "prop1_Q")).any()
    assert T.loc["welfare loss 1 - V_N/V_P > 0", "paper"].startswith("holds (")


def test_registered_without_ledger_values(tmp_path):
    reg = load_all()
    a = reg["robustness"]
    assert a.section == "R"
    ctx = Context(out=tmp_path, fast=True)
    assert a.run(ctx) == {}
    names = {x.name for x in ctx.artifacts}
    assert {"robustness_table", "robustness_crossing_sigma", "robustness_acceleration"} <= names


def test_cli_json():
    from endodec.cli import app

    res = CliRunner().invoke(app, ["robustness", "-n", "1", "--family", "paper", "--grid", "60",
                                   "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["n_points"] == 1 and d["table"][0]["paper"] == "holds (1/1)"
    bad = CliRunner().invoke(app, ["robustness", "--backend", "spark", "-n", "1"])
    assert bad.exit_code == 2 and "backend" in bad.output


class _Future:
    def __init__(self, v):
        self.v = v

    def result(self):
        return self.v


class _Client:
    """Stands in for a ``distributed.Client`` the caller owns (``submit`` / ``result``)."""

    def __init__(self):
        self.calls = 0

    def submit(self, fn, *args, pure=True):
        self.calls += 1
        return _Future(fn(*args))


def test_dask_path_with_a_client_agrees():
    specs = sample_family("paper", 3, seed=1)
    a = evaluate_points(specs, n=60)
    client = _Client()
    b = evaluate_points(specs, n=60, backend="dask", scheduler=client, chunk=2)
    assert client.calls == 2
    assert [r["holds"] for r in a] == [r["holds"] for r in b]


def test_dask_backend_local_cluster():
    pytest.importorskip("distributed")
    specs = sample_family("paper", 2, seed=1)
    a = evaluate_points(specs, n=60)
    b = evaluate_points(specs, n=60, backend="dask", n_workers=1)
    assert [r["holds"] for r in a] == [r["holds"] for r in b]


def test_sigma_table_shapes_and_limits():
    from endodec.analyses.robustness import sigma_table

    t = sigma_table((0.0, 4.0), n=300, nt=600)
    assert list(t["sigma"]) == [0.0, 4.0]
    assert t["E_T_C"].iloc[1] < t["E_T_C"].iloc[0]
    assert (t["welfare_loss"] > 0).all()
