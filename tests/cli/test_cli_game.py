import json

from typer.testing import CliRunner

from endodec.cli import app
from endodec.model.game import GameParams, solve

runner = CliRunner()


def test_solve_json_matches_library():
    res = runner.invoke(app, ["solve", "--N", "12", "--delta", "0.2", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    s = solve(GameParams(N=12, delta=0.2))
    assert d["T_nash"] == float(s.T_nash)
    assert d["V_P"] == float(s.V_P)
    assert d["proposition1"]["holds"] is True


def test_solve_table_output():
    res = runner.invoke(app, ["solve"])
    assert res.exit_code == 0
    assert "T*_Nash" in res.output and "Proposition 1" in res.output


def test_solve_bad_input_clear_error():
    res = runner.invoke(app, ["solve", "--N", "1"])
    assert res.exit_code == 2
    assert "invalid parameter N=1" in res.output
    res = runner.invoke(app, ["solve", "--S", "500"])
    assert res.exit_code == 2
    assert "no interior" in res.output


def test_help_explains_options():
    res = runner.invoke(app, ["solve", "--help"])
    assert res.exit_code == 0
    assert "displacement rate" in res.output and "convention" in res.output
