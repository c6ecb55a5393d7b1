"""Logic of the adoption, forecast and silicon pages: equal to the library and to the CLI."""

from __future__ import annotations

import json
import shlex

import numpy as np
import pytest
from typer.testing import CliRunner

from endodec import plots
from endodec.errors import ParameterError
from endodec.explore import logic

runner = CliRunner()


def _cli(cmd: str):
    from endodec.cli import app

    argv = shlex.split(cmd)
    assert argv[0] == "endodec"
    res = runner.invoke(app, argv[1:] + ["--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


# -- adoption ---------------------------------------------------------------------------------
def test_adoption_validation_uses_the_library():
    pytest.importorskip(logic.ADOPTION_MODULE)
    v = logic.validate_adoption({"gamma": -1.0, "kappa": 0.0, "mu": 0.0})
    assert not v.ok
    assert v.errors["gamma"].startswith("invalid parameter gamma=-1.0")
    assert "kappa + mu" in v.errors


def test_adoption_results_and_cli_agree():
    ad = pytest.importorskip(logic.ADOPTION_MODULE)
    v = logic.validate_adoption({"kappa": 0.5, "lam": 0.1, "spec": "power", "p": 1.5})
    assert v.ok
    res = logic.adoption_results(logic.adoption_key(v.params))
    th = ad.threshold_Q_star(v.params)
    assert float(res["threshold"].Q_star) == float(th.Q_star)
    f = res["frame"]
    np.testing.assert_array_equal(f["R0"], np.asarray(ad.r0(f["Q"].to_numpy(), v.params)))
    assert f["Q"].min() < float(v.params.Q0) and f["Q"].max() > float(th.Q_star)
    d = _cli(logic.adoption_command(v.params))
    assert d["Q_star"] == pytest.approx(float(th.Q_star), rel=1e-12)
    assert d["regime"] == res["regime"].regime
    plots.adoption.r0_curve(*logic.r0_figure_args(res))


def test_adoption_path_capped_and_equal_to_share_path():
    ad = pytest.importorskip(logic.ADOPTION_MODULE)
    p = ad.AdoptionParams()
    key = logic.adoption_key(p)
    sp = logic.adoption_path(key, 30.0, 10**6, 0.02, "auto", "nash", "last")
    assert sp.t.size == logic.CAPS["adoption_points"]
    dyn = pytest.importorskip(logic.ADOPTION_DYNAMICS_MODULE)
    ref = dyn.share_path(np.linspace(0, 30.0, sp.t.size), p, s0=0.02)
    assert sp.T_R0 == ref.T_R0 and sp.delta_T == ref.delta_T
    np.testing.assert_allclose(sp.s, ref.s)
    with pytest.raises(ParameterError):
        logic.adoption_path(key, -1.0, 10, 0.02, "auto", "nash", "last")
    plots.adoption.share_path(sp)


@pytest.mark.parametrize("game_kw,regime", [({"N": 8, "delta": 0.5}, "coop"),
                                             ({"N": 3, "convention": "direct", "S": 9.0}, "nash"),
                                             ({"convention": "paper", "S_T": 2.0}, "nash")])
def test_adoption_path_at_the_game_pages_parameters(game_kw, regime):
    """The share path plays the Game page's game; the copied CLI command gives the same path."""
    ad = pytest.importorskip(logic.ADOPTION_MODULE)
    from endodec.model.game import GameParams

    p = ad.AdoptionParams()
    gp = GameParams(**game_kw)
    game = logic.game_key(gp)
    sp = logic.adoption_path(logic.adoption_key(p), 30.0, 11, 0.02, "auto", regime, "last", game)
    dyn = pytest.importorskip(logic.ADOPTION_DYNAMICS_MODULE)
    ref = dyn.share_path(np.linspace(0, 30.0, 11), p, gp, s0=0.02, regime=regime)
    base = dyn.share_path(np.linspace(0, 30.0, 11), p, s0=0.02, regime=regime)
    np.testing.assert_allclose(sp.s, ref.s)
    assert sp.T_game == ref.T_game != base.T_game  # the game's parameters matter
    assert sp.regime == regime and ("cooperative" in sp.summary()) == (regime == "coop")
    assert f"N={int(gp.N)}," in sp.summary()
    cmd = logic.adoption_command(p, "path", game, regime=regime, t_max="30", n=11, s0="0.02",
                                 target="auto", post_rate="last")
    d = _cli(cmd)
    np.testing.assert_allclose(d["s"], ref.s, rtol=1e-6)
    assert d["T_game"] == pytest.approx(ref.T_game, rel=1e-12)


def test_implied_r0_from_edited_table():
    ad = pytest.importorskip(logic.IMPLIED_R0_MODULE)
    tab = logic.default_share_table()
    ir = logic.implied_from_table(tab, "mid", 1.0)
    ref = ad.implied_r0(tab["share"].to_numpy(), dt=tab["months"].to_numpy()[1:], timing="mid")
    np.testing.assert_array_equal(ir.r0, ref.r0)
    assert ir.labels == tab["period"].tolist()[1:]
    bad = tab.copy()
    bad.loc[3, "share"] = 1.5
    with pytest.raises(ParameterError, match="shares=1.5"):
        logic.implied_from_table(bad, "mid", 1.0)
    bad = tab.copy()
    bad.loc[2, "months"] = np.nan
    with pytest.raises(ParameterError, match="dt"):
        logic.implied_from_table(bad, "end", 1.0)


# -- forecast ---------------------------------------------------------------------------------
def test_forecast_validation_and_results():
    fm = pytest.importorskip(logic.FORECAST_MODULE)
    v = logic.validate_forecast({"c_target": (5.0, 20.0), "rho": 2.0})
    assert set(v.errors) == {"c_target", "rho"}
    v = logic.validate_forecast({"growth": (0.25, 0.25), "N": (5, 5)})
    assert v.ok and v.params.growth == 0.25 and v.params.N == 5
    key = logic.forecast_key(v.params)
    res = logic.forecast_results(key, 400, 3, "nash")
    ref = fm.crossing_year_distribution(v.params, n_draws=400, seed=3)
    assert res["quantiles"].set_index("reading").loc["nash", "q50"] == ref.quantiles()["q50"]
    assert len(res["forecast"].samples) == 400
    code = logic.forecast_python(v.params, 400, 3, "nash")
    ns: dict = {}
    exec(compile(code.replace("print(fc.summary())", ""), "<forecast>", "exec"), ns)  # noqa: S102
    assert ns["fc"].quantiles()["q50"] == ref.quantiles()["q50"]


def test_forecast_draws_capped(monkeypatch):
    pytest.importorskip(logic.FORECAST_MODULE)
    monkeypatch.setitem(logic.CAPS, "forecast_draws", 50)
    v = logic.validate_forecast({})
    res = logic.forecast_results(logic.forecast_key(v.params), 10**6, 0, "hardware")
    assert res["n_draws"] == 50 and len(res["forecast"].samples) == 50


# -- silicon ----------------------------------------------------------------------------------
DEV = {"name": "box", "bandwidth_GBs": 546.0, "memory_GB": 128.0, "price_usd": 3949.0}
MDL = {"name": "70B", "params_B": 70.0, "bits": 4.5, "active_params_B": None, "size_GB": None}
TH = {"min_params_B": 70.0, "min_tok_s": 20.0, "max_price_usd": 1500.0}


def test_silicon_results_and_cli_agree():
    si = pytest.importorskip(logic.SILICON_MODULE)
    res = logic.silicon_results(DEV, MDL, TH, 0.8)
    assert res["result"].tok_s == pytest.approx(si.tokens_per_second(546.0, 70.0, 4.5,
                                                                     efficiency=0.8))
    assert len(res["table"]) == len(logic.silicon_devices()) > 0
    d = _cli(logic.silicon_command(DEV, MDL, TH, 0.8))
    assert d["tok_s"] == pytest.approx(res["result"].tok_s, rel=1e-12)
    assert d["crosses"] == res["result"].crosses
    plots.empirics.bandwidth_speed(res["result"], res["table"], res["efficiency"])
    with pytest.raises(ParameterError, match="active_params_B"):
        logic.silicon_results(DEV, {**MDL, "active_params_B": 100.0}, TH, 1.0)
