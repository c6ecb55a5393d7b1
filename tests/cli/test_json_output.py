"""Every ``--json`` output is strict JSON (no NaN / Infinity tokens)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from endodec.cli import app
from endodec.cli.common import emit


def _strict(text):
    def bad(tok):
        raise ValueError(f"non-strict JSON token {tok}")
    return json.loads(text, parse_constant=bad)


class _Raw:
    """A stand-in result whose to_dict() is not yet cleaned (emit applies the strict rule)."""

    def __init__(self, d):
        self.d = d

    def to_dict(self):
        return self.d


def test_emit_is_strict(capsys):
    emit(_Raw({"a": np.float64("inf"), "b": [np.nan, -np.inf, np.int64(3)],
               "c": np.array([1.5, np.nan])}), True)
    out = _strict(capsys.readouterr().out)
    assert out == {"a": "inf", "b": [None, "-inf", 3], "c": [1.5, None]}


def _cleaned(d):
    """``d`` as emit writes it (strict JSON), read back."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        emit(_Raw(d), True)
    return json.loads(buf.getvalue())


def test_json_of_a_result_is_its_to_dict():
    """``--json`` of a command whose result has ``to_dict()`` prints exactly that (``emit``)."""
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


# ---------------------------------------------------------------------------------------------
# every command with --json
# ---------------------------------------------------------------------------------------------
def _json_commands():
    """Paths of the commands of the Typer app that have a ``--json`` flag."""
    import typer.main

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, (*path, name))
        elif any("--json" in p.opts for p in cmd.params):
            yield " ".join(path)

    return sorted(walk(typer.main.get_command(app), ()))


def _two_runs(tmp) -> list[str]:
    """Two minimal report directories (a ledger and a manifest each) for ``compare``."""
    import json

    out = []
    for name, status in (("run_a", "reproduced"), ("run_b", "not reproduced")):
        d = tmp / name
        d.mkdir(exist_ok=True)
        (d / "ledger.csv").write_text(f"id,status,computed\nx-1,{status},1.5\n")
        (d / "manifest.json").write_text(json.dumps({"seed": 1, "artifacts": []}))
        out.append(str(d))
    return out


def _expected(cmd, hub_dump):
    """Minimal valid arguments of ``cmd`` and a builder of the library result it prints (None:
    only checked to be a strict-JSON dict, e.g. timings or the date of today inside)."""
    from endodec import datasets

    def adoption_threshold():
        from endodec.model.adoption import (
            AdoptionParams,
            ThresholdReport,
            classify_regime,
            coordination_lag,
            threshold_Q_star,
        )

        ap = AdoptionParams(gamma=1.0, kappa=0.3, mu=0.1, lam=0.2, beta0=0.2, c_star=5.0,
                            alpha=0.23, Q_bar=112.0, Q0=2.5)
        return ThresholdReport(threshold_Q_star(ap), classify_regime(ap), coordination_lag(ap))

    def silicon_devices():
        from endodec.empirics.silicon import (
            DeviceTable,
            Model,
            crossing_condition,
            devices_from_table,
        )

        m = Model("70B dense", 70, 4, size_GB=40.0)
        devs = devices_from_table(datasets.load("consumer_devices", version="000"))
        return DeviceTable("000", m, [crossing_condition(d, m) for d in devs])

    def learning_threshold():
        from endodec.model.learning import ThresholdTable, threshold_Q

        q = [float(threshold_Q(12.0, 2.5, t, 0.23)) for t in (5.0, 7.0)]
        return ThresholdTable(12.0, 2.5, 0.23, np.array([5.0, 7.0]), np.array(q))

    def predictions():
        from endodec import predictions as P

        return P.evaluate(None, as_of="2026-01-01")

    table = {
        "game solve": (["--no-check"], None),
        "game sweep": (["--vary", "N=2:4", "--no-progress"], None),
        "game asymmetric": (["--n", "51"], None),
        "game capacity": (["--kappa0", "1"], None),
        "game cannibalization": ([], None),
        "learning fit": (["dram"], None),
        "learning threshold": ([], learning_threshold),
        "learning table2": ([], None),
        "learning meta": ([], None),
        "adoption distributed-r0": (["--ratio", "2"], None),
        "adoption threshold": ([], adoption_threshold),
        "adoption path": (["--n", "5"], None),
        "adoption implied-r0": ([], None),
        "adoption coordination": ([], None),
        "empirics capex": (["--printed", "--mapping", "observed"], None),
        "empirics export-controls did": (["--dump", str(hub_dump)], None),
        "empirics export-controls event-study": (["--dump", str(hub_dump)], None),
        "empirics silicon calc": (["--bandwidth", "546"], None),
        "empirics silicon devices": ([], silicon_devices),
        "forecast": (["-n", "1000", "--prob-by", "2030"], None),
        "predictions": (["--as-of", "2026-01-01"], predictions),
        "data list": ([], lambda: datasets.DatasetTable(datasets.list_datasets())),
        "data validate": (["AUTHOR_DATA"], None),  # the author's data (skipped without them)
        "robustness": (["-n", "1", "--family", "paper", "--grid", "60"], None),
        "config show": (["--set", "game.N=8"], None),
        "compare": (_two_runs(hub_dump.parent), None),
    }
    return table.get(cmd, ("missing", None))


@pytest.mark.parametrize("cmd", _json_commands())
def test_every_json_command_prints_strict_json_of_its_result(cmd, hub_dump, request):
    """Every command with ``--json`` prints one strict-JSON object (no NaN/Infinity tokens) on
    the packaged data; where the library result is rebuilt here, exactly its ``to_dict()``."""
    args, build = _expected(cmd, hub_dump)
    assert args != "missing", f"add {cmd!r} (a new --json command) to _expected"
    if args == ["AUTHOR_DATA"]:
        args = [str(request.getfixturevalue("author_data"))]  # skips when absent
    r = CliRunner().invoke(app, [*cmd.split(), *args, "--json"])
    assert r.exit_code == 0, (cmd, r.output)
    d = _strict(r.stdout)
    assert isinstance(d, dict), cmd
    if build is not None:
        assert d == _cleaned(build().to_dict()), cmd
