import json

from typer.testing import CliRunner

from endodec.cli import app
from endodec.model.game import GameParams, solve

runner = CliRunner()


def test_solve_json_matches_library():
    res = runner.invoke(app, ["game", "solve", "--N", "12", "--delta", "0.2", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    s = solve(GameParams(N=12, delta=0.2))
    assert d["T_nash"] == float(s.T_nash)
    assert d["V_P"] == float(s.V_P)
    assert d["proposition1"]["holds"] is True


def test_solve_table_output():
    res = runner.invoke(app, ["game", "solve"])
    assert res.exit_code == 0
    assert "T*_Nash" in res.output and "Proposition 1" in res.output


def test_solve_bad_input_clear_error():
    res = runner.invoke(app, ["game", "solve", "--N", "1"])
    assert res.exit_code == 2
    assert "'--N'" in res.output and "1 is not an integer >= 2" in res.output
    res = runner.invoke(app, ["game", "solve", "--S", "500"])
    assert res.exit_code == 2
    assert "no interior" in res.output


def test_help_explains_options():
    res = runner.invoke(app, ["game", "solve", "--help"])
    assert res.exit_code == 0
    assert "displacement rate" in res.output and "convention" in res.output


# --- regressions: validation that matches the mathematics (reliability issue, part 3) ---------
import math  # noqa: E402

import pytest  # noqa: E402


def _o(res) -> str:
    """Output with rich's boxes and line wrapping undone."""
    return " ".join(res.output.replace("│", " ").split())


@pytest.mark.parametrize("args, name", [
    (["--a", "inf"], "--a"), (["--b", "inf"], "--b"), (["--r", "inf"], "--r"),
    (["--delta", "inf"], "--delta"), (["--x0", "inf"], "--x0"), (["--a", "nan"], "--a"),
    (["--S-T", "inf", "--convention", "paper"], "--S-T"),
    (["--S-I", "inf", "--convention", "paper"], "--S-I"), (["--S", "inf"], "--S"),
    (["--S", "-1"], "--S"), (["--N", "99999999999999999999"], "--N"),
])
def test_solve_non_finite_input_is_a_parameter_error(args, name):
    """The range check of the parameter table (GAME_PARAMS) rejects it, naming the option."""
    from endodec.model.params import GAME_PARAMS

    res = runner.invoke(app, ["game", "solve", *args])
    assert res.exit_code == 2, res.output
    p = next(p for p in GAME_PARAMS.values() if p.option == name)
    assert f"Invalid value for '{name}'" in _o(res) and p.allowed in _o(res)
    assert "Traceback" not in _o(res)


@pytest.mark.parametrize("command", [["game", "solve"], ["game", "asymmetric"],
                                     ["game", "capacity", "--kappa0", "1"], ["adoption", "path"]])
def test_game_options_are_the_same_everywhere(command):
    """Every command that plays the game has the table's options, help and range checks."""
    from endodec.model.params import GAME_PARAMS

    h = _o(runner.invoke(app, [*command, "--help"]))
    for k, p in GAME_PARAMS.items():
        if not (command == ["adoption", "path"] and k == "x0"):
            assert p.option in h and p.help.split(".")[0] in h, (command, k)
    r = runner.invoke(app, [*command, "--delta", "-1"])
    assert r.exit_code == 2 and "Invalid value for '--delta': -1.0 is not > 0 and finite" in _o(r)


@pytest.mark.parametrize("args, quantity", [
    (["--a", "1e-300"], "S"),  # (a/(N+1))^2 underflows: S is not representable
    (["--a", "1e300"], "S"),  # ... overflows
    (["--a", "1e-160"], "S"),  # S subnormal: lost precision (was a silently wrong result)
    # x0 b r / a underflows (1e-398): times and values at x0 lose their precision
    (["--b", "1e-239", "--r", "1e-159"], "x0*b*r/a"),
    # V_N -> a^2/(b r (N+1)^2) ~ 3e316 overflows (S = 1 is representable)
    (["--a", "1e154", "--b", "1e-10", "--r", "1", "--S", "1", "--x0", "1e170"], "V_N"),
    (["--b", "1e-300", "--x0", "1e-300"], "x0*b*r/a"),  # the distance underflows
])
def test_solve_float64_breakdown_is_a_numerical_error(args, quantity):
    res = runner.invoke(app, ["game", "solve", *args])
    assert res.exit_code == 2, res.output
    assert f"numerical error: {quantity} is not representable in float64" in _o(res)
    assert "nan" not in _o(res).lower().replace("nash", "") and "FAILS" not in _o(res)
    assert "no interior" not in _o(res)


@pytest.mark.parametrize("args", [["--x0", "1e300"], ["--b", "1e-300"], ["--r", "1e-300"],
                                  ["--N", "100000000"], ["--x0", "0", "--S", "0"]])
def test_solve_extreme_but_representable_is_finite(args):
    res = runner.invoke(app, ["game", "solve", *args, "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    for k in ("V_N", "V_P", "T_nash", "T_coop", "welfare_loss", "acceleration", "delta_W"):
        assert math.isfinite(d[k]), (k, d[k])
    # Q_N/Q_C is exactly inf when there is no cooperative output at the threshold (S = x0 = 0)
    assert d["overinvestment_ratio"] == "inf" or math.isfinite(d["overinvestment_ratio"])
    assert d["proposition1"]["holds"] is True


def test_solve_genuine_domain_error_kept():
    res = runner.invoke(app, ["game", "solve", "--S", "1e300"])
    assert res.exit_code == 2 and "no interior cooperative solution" in _o(res)


def test_solve_help_gives_ranges():
    res = runner.invoke(app, ["game", "solve", "--help"])
    assert res.exit_code == 0
    assert "finite" in _o(res) and "2**53" in _o(res)
