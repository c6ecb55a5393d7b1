"""Unit tests of endodec.explore.logic: every number equals what the library computes."""

from __future__ import annotations

import json
import re
import shlex

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from endodec import plots
from endodec.errors import DataError, ParameterError
from endodec.explore import logic
from endodec.model.game import GameParams, solve
from endodec.model.kernel import game_kernel
from endodec.model.proposition1 import check_proposition1


def test_validate_collects_each_library_error():
    v = logic.validate_game({"N": 1, "a": -2.0, "delta": 0.3, "r": 0.0})
    assert not v.ok and v.params is None
    assert set(v.errors) == {"N", "a", "r"}
    assert v.errors["N"] == "invalid parameter N=1.0: must be an integer >= 2"
    assert "a=-2.0" in v.errors["a"] and "> 0" in v.errors["a"]


def test_validate_domain_error_is_joint():
    v = logic.validate_game({"convention": "paper", "S_T": 1000.0})
    assert not v.ok and list(v.errors) == ["_domain"]
    assert "no interior" in v.errors["_domain"]


def test_validate_paper_convention_uses_S_T():
    v = logic.validate_game({"convention": "paper", "S_T": 3.0})
    assert v.ok
    assert float(v.params.S_value) == pytest.approx(3.0 + float(GameParams().S_value))


@pytest.mark.parametrize("N,delta", [(5, 0.30), (12, 0.2)])
def test_game_results_equal_library(N, delta):
    p = GameParams(N=N, delta=delta)
    res = logic.game_results(logic.game_key(p))
    s = solve(p)
    assert float(res["solution"].T_nash) == float(s.T_nash)
    assert float(res["solution"].T_coop) == float(s.T_coop)
    h = res["headline"].set_index("quantity")["value"]
    assert h["welfare loss 1 - V_N/V_P"] == float(s.welfare_loss)
    assert res["prop1"].verdict() == check_proposition1(p).verdict()
    c = res["curves"]
    assert len(c) == logic.CAPS["curve_points"]
    # the curves reach x0 where they equal the headline values
    assert c["V_N"].iloc[-1] == pytest.approx(float(s.V_N), rel=1e-12)
    assert c["Q_C"].iloc[-1] == pytest.approx(float(s.Q_C0), rel=1e-12)
    # the Nash path reaches 0 at T*_Nash
    pth = res["paths"]
    assert pth["x_nash"].iloc[0] == pytest.approx(p.x0)
    assert (pth.loc[pth.t >= float(s.T_nash) * 1.001, "x_nash"] == 0).all()


def test_counterexample_region_matches_checker():
    p = GameParams()
    res = logic.game_results(logic.game_key(p))
    chk = res["prop1"]
    reg = logic.counterexample_regions(chk, res["prop1_curve"])
    assert reg["statement"] is True
    assert not chk.shadow_order_holds  # the checker finds the tail where step 2 fails
    lo, hi = reg["shadow"]
    assert lo == pytest.approx(chk.shadow_crossover) and hi == chk.x_max
    pc = res["prop1_curve"]
    assert (pc.loc[pc.x > lo * 1.0001, "shadow_gap"] < 0).all()
    assert (pc.loc[pc.x < lo * 0.9999, "shadow_gap"] > 0).all()


def test_solve_command_round_trips_through_the_cli():
    from endodec.cli import app

    p = GameParams(N=7, a=9.5, b=0.4, r=0.06, delta=0.45, x0=12.0, S_T=2.0, convention="paper")
    cmd = logic.solve_command(p)
    argv = shlex.split(cmd)
    assert argv[:3] == ["endodec", "game", "solve"]
    out = CliRunner().invoke(app, argv[1:] + ["--json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    s = solve(p)
    assert d["T_nash"] == pytest.approx(float(s.T_nash), rel=1e-12)
    assert d["S"] == pytest.approx(float(p.S_value), rel=1e-12)


def test_statics_line_matches_solve_and_caps():
    key = logic.game_key(GameParams())
    df = logic.statics_line(key, "N", 2, 10**6, 10**6)
    assert len(df) <= logic.CAPS["statics_points"] and df["N"].max() <= logic.CAPS["statics_N_max"]
    assert (np.diff(df["T_nash"]) < 0).all()  # Corollary 1: T*_Nash falls with N at baseline
    d = logic.statics_line(key, "delta", 0.05, 1.0, 5)
    s = solve(GameParams(delta=d["delta"].to_numpy()))
    np.testing.assert_allclose(d["T_coop"], s.T_coop, rtol=1e-13)
    np.testing.assert_allclose(d["Q_ratio_x0"], s.overinvestment_ratio, rtol=1e-13)
    with pytest.raises(ParameterError):
        logic.statics_line(key, "delta", 1.0, 0.5, 5)
    with pytest.raises(ParameterError):
        logic.statics_line(key, "a", 1.0, 5.0, 5)


def test_heatmap_uses_the_kernel_and_masks_no_solution():
    base = GameParams(convention="paper", S_T=50.0)
    key = logic.game_key(base)
    h = logic.heatmap_grid(key, "a", (0.2, 20.0), "delta", (0.05, 1.0), 10**4, "T_N")
    assert h["n"] == logic.CAPS["heatmap_side"] and h["Z"].shape == (h["n"], h["n"])
    i, j = 7, h["n"] - 1
    q = base.replace(a=h["x"][j], delta=h["y"][i])
    assert h["Z"][i, j] == pytest.approx(float(solve(q).T_nash), rel=1e-12)
    # small a: no interior Nash solution -> masked and counted
    assert np.isnan(h["Z"][:, 0]).all() and np.isfinite(h["Z"][:, -1]).all()
    assert sum(h["codes"].values()) == h["n"] ** 2 and len(h["codes"]) >= 2
    q0 = base.replace(a=h["x"][0])
    out = game_kernel(5.0, h["x"][0], 0.5, 0.05, float(q0.S_value), 10.0)
    assert int(out["code"]) != 0
    with pytest.raises(ParameterError):
        logic.heatmap_grid(key, "N", (2, 9), "N", (2, 9), 5, "T_N")
    with pytest.raises(ParameterError, match="r="):
        logic.heatmap_grid(key, "r", (-1.0, 1.0), "N", (2, 9), 5, "T_N")


def test_figures_render_png_and_svg():
    res = logic.game_results(logic.game_key(GameParams()))
    overview = plots.game.overview(res["curves"], res["paths"], res["solution"])
    png = logic.fig_bytes(overview, "png", dpi=40)
    svg = logic.fig_bytes(plots.game.proof_gaps(*logic.prop1_figure_args(res)), "svg")
    assert png[:4] == b"\x89PNG" and b"<svg" in svg[:500]
    key = logic.game_key(GameParams())
    h = logic.heatmap_grid(key, "N", (2, 9), "delta", (0.1, 1), 8, "ratio")
    for fig in (plots.game.crossing_vs(logic.statics_line(key, "N", 2, 12, 11), "N", True),
                plots.game.heatmap(h["x"], h["y"], h["Z"], h["px"], h["py"], "ratio")):
        assert logic.fig_bytes(fig, "png", dpi=30)[:4] == b"\x89PNG"
    with pytest.raises(ParameterError):
        logic.fig_bytes(overview, "jpg")


def test_learning_results_equal_library():
    from endodec import datasets
    from endodec.empirics.learning_curves import bootstrap_alpha, fit_frame
    from endodec.model.learning import threshold_Q

    res = logic.learning_results("dram:001", None, 500, 1, 3, 7, 12.0, 2.5, 6.0, None)
    df = datasets.load("dram", "001").dropna(subset=["ln_price"])
    f = fit_frame(df, logs=True)
    assert res["fit"].alpha == f.alpha and res["fit"].se == f.se
    assert res["boot"].ci == bootstrap_alpha(f, n_resamples=500, seed=7).ci
    assert res["threshold"]["Q_bar"] == pytest.approx(float(threshold_Q(12.0, 2.5, 6.0, f.alpha)))
    assert res["breaks"] is not None and not res["errors"]
    t = logic.fit_table(res)
    assert {"alpha", "boot_ci_lo", "boot_ci_hi"} <= set(t.columns)
    plots.learning.fit_overview(res["fit"], res["boot"], res["breaks"])


def test_learning_errors_are_per_step_and_capped():
    res = logic.learning_results("dram:000", None, 10**9, 1, 0.15, 1, 12.0, 2.5, 20.0, 0.23)
    assert res["boot"].n_resamples == logic.CAPS["bootstrap"]
    assert "h=" in res["errors"]["breaks"]           # the library's ParameterError
    assert "not below" in res["errors"]["threshold"]  # the library's DomainError
    with pytest.raises(ParameterError):
        logic.load_learning_series("nope:x")


def test_learning_author_source(author_data):
    assert "author:dram_learning_curve" in logic.learning_sources(str(author_data))
    res = logic.learning_results("author:dram_learning_curve", str(author_data), 0, -1, 0.15, 1,
                                 12.0, 2.5, 6.0, None)
    assert res["fit"].n == 41


def test_read_and_filter_ledger(reproduce_dir, tmp_path):
    led, man = logic.read_ledger(reproduce_dir)
    assert len(led) > 0 and "artifacts" in man
    game = logic.filter_ledger(led, versions=["000"], sections=["3.5"])
    assert len(game) > 0 and set(game["version"]) == {"000"}
    st = logic.filter_ledger(led, statuses=["reproduced"])
    assert set(st["status"]) <= {"reproduced"}
    assert len(logic.filter_ledger(led, text="zzz-no-such-claim")) == 0
    aid = man["artifacts"][0]["analysis"]
    assert aid in set(led["analysis"])
    assert logic.artifact_counts(man)[aid] == sum(a["analysis"] == aid for a in man["artifacts"])
    arts = logic.artifacts_for(man, aid, reproduce_dir)
    assert arts and all(p.startswith(str(reproduce_dir)) for a in arts for p in a["paths"])
    assert any(p.endswith(".png") for a in arts for p in a["paths"])
    with pytest.raises(DataError, match="not a directory"):
        logic.read_ledger(tmp_path / "missing")
    with pytest.raises(DataError, match="no ledger.csv"):
        logic.read_ledger(tmp_path)
    (tmp_path / "ledger.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DataError, match="missing columns"):
        logic.read_ledger(tmp_path)


def test_section_sort_key():
    s = ["5.10", "3.5", "D", "5.2", "3.10"]
    assert sorted(s, key=logic.section_sort_key) == ["3.5", "3.10", "5.2", "5.10", "D"]


def test_csv_bytes():
    b = logic.csv_bytes(pd.DataFrame({"x": [1, 2]}))
    assert b.decode().splitlines() == ["x", "1", "2"]


def test_learning_command_round_trips_through_the_cli():
    from endodec.cli import app

    res = logic.learning_results("dram:001", None, 500, 1, 3.0, 7, 12.0, 2.5, 6.0, None)
    cmd = logic.learning_command("dram:001", 500, 1, 3.0, 7, None)
    out = CliRunner().invoke(app, shlex.split(cmd)[1:] + ["--json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    assert d["fit"]["alpha"] == res["fit"].alpha
    assert (d["bootstrap"]["ci_lo"], d["bootstrap"]["ci_hi"]) == res["boot"].ci
    # break dates and sup-F statistics do not depend on the Monte Carlo size of the critical values
    cli_tab = pd.DataFrame(d["breaks"])
    np.testing.assert_allclose(cli_tab["supF"].to_numpy(float),
                               res["breaks"].table["supF"].to_numpy(float))
    assert list(cli_tab["breaks"]) == list(res["breaks"].table["breaks"])


def test_heatmap_sweep_command_round_trips(tmp_path):
    from endodec.cli import app

    key = logic.game_key(GameParams(convention="paper", S_T=5.0))
    h = logic.heatmap_grid(key, "N", (2, 8), "delta", (0.05, 1.0), 5, "T_N")
    out = tmp_path / "hm.parquet"
    cmd = logic.sweep_command(key, {"N": h["x"], "delta": h["y"]}, str(out))
    res = CliRunner().invoke(app, shlex.split(cmd)[1:] + ["--no-progress", "--json"])
    assert res.exit_code == 0, res.output
    d = pd.read_parquet(out)
    m = h["frame"].merge(d, on=["N", "delta"], how="inner")
    assert len(m) == h["Z"].size
    np.testing.assert_allclose(m["T_N"], m["T_nash"], rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(N=st.integers(-3, 40), a=st.floats(-5, 50), b=st.floats(-1, 3), r=st.floats(-0.5, 0.5),
       delta=st.floats(-0.5, 2), x0=st.floats(-10, 100))
def test_validate_reports_exactly_the_invalid_inputs(N, a, b, r, delta, x0):
    from endodec.model.game import GameParams as GP

    vals = {"N": N, "a": a, "b": b, "r": r, "delta": delta, "x0": x0}
    bad = set()
    for k, v in vals.items():  # each field alone, through the library
        try:
            GP(**{k: v})
        except ParameterError:
            bad.add(k)
    v = logic.validate_game(vals, check_domain=False)
    assert set(v.errors) == bad
    assert v.ok == (not bad)
    if v.ok:
        assert logic.game_key(v.params)[:6] == (N, a, b, r, delta, x0)


def test_md_escape_keeps_library_messages_literal():
    msg = "a - (N+1)*sqrt(b*r*S) <= 0 at $12/GB for active_params_B [x] `c` \\"
    esc = logic.md_escape(msg)
    assert "*" not in esc.replace("\\*", "") and "$" not in esc.replace("\\$", "")
    assert re.sub(r"\\(.)", r"\1", esc) == msg


def test_direct_convention_S_input():
    """The 'direct' convention takes S as an input; the CLI commands carry it."""
    from endodec.cli import app

    v = logic.validate_game({"convention": "direct", "S": 12.5, "N": 6})
    assert v.ok and float(v.params.S_value) == 12.5
    bad = logic.validate_game({"convention": "direct", "S": -1.0})
    assert not bad.ok and "S" in bad.errors and "-1" in bad.errors["S"]
    # S is ignored (not an error) under the other conventions
    assert logic.validate_game({"convention": "code", "S": 3.0}).ok
    key = logic.game_key(v.params)
    res = logic.game_results(key)
    assert float(res["solution"].T_nash) == pytest.approx(float(solve(v.params).T_nash), rel=1e-14)
    out = CliRunner().invoke(app, shlex.split(logic.solve_command(v.params))[1:] + ["--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["S"] == pytest.approx(12.5)
    assert logic.code_S({"N": 5, "a": 10.0, "b": 0.5, "r": 0.05, "delta": 0.3}) == pytest.approx(
        float(GameParams().S_value))
    assert logic.code_S({"N": 1}) == pytest.approx(float(GameParams().S_value))  # invalid -> base


def test_heatmap_sweep_command_direct_S(tmp_path):
    from endodec.cli import app

    key = logic.game_key(GameParams(convention="direct", S=7.25))
    h = logic.heatmap_grid(key, "N", (2, 6), "x0", (1.0, 20.0), 4, "T_C")
    out = tmp_path / "hm.parquet"
    cmd = logic.sweep_command(key, {"N": h["x"], "x0": h["y"]}, str(out))
    assert "S=7.25" in cmd
    res = CliRunner().invoke(app, shlex.split(cmd)[1:] + ["--no-progress", "--json"])
    assert res.exit_code == 0, res.output
    m = h["frame"].merge(pd.read_parquet(out), on=["N", "x0"], how="inner")
    assert len(m) == h["Z"].size
    np.testing.assert_allclose(m["T_C"], m["T_coop"], rtol=1e-12)


def test_uploaded_series_is_validated_and_fitted():
    from endodec.empirics.learning_curves import fit_wright
    from endodec.errors import DataError

    q = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
    p = 100 * q ** -0.3 * np.exp([0.01, -0.02, 0.0, 0.015, -0.01, 0.005])
    text = "Year,Cumulative,Price\n" + "\n".join(
        f"{2000 + i},{qi},{pi}" for i, (qi, pi) in enumerate(zip(q, p, strict=True)))
    res = logic.learning_results(logic.UPLOAD_SOURCE, None, 200, -1, 3, 1, 12.0, 2.5, 6.0, None,
                                 text)
    ref = fit_wright(p, q)
    assert res["fit"].alpha == pytest.approx(ref.alpha, rel=1e-12)
    assert res["fit"].n == 6 and res["boot"] is not None
    assert res["provenance"] == "uploaded CSV (6 rows)"
    # a column the schema does not know is named, with the allowed columns
    assert list(logic.parse_series_csv(text)["label"])[:2] == ["2000", "2001"]  # Year -> label
    with pytest.raises(DataError, match="unexpected column 'units'"):
        logic.parse_series_csv(text.replace("Year", "Units"))
    # label is optional; bad values are reported with row and column
    ok = logic.parse_series_csv("cumulative,price\n1,5\n2,4\n3,3.5\n")
    assert list(ok["label"]) == ["1", "2", "3"]
    with pytest.raises(DataError, match="price"):
        logic.parse_series_csv("cumulative,price\n1,5\n2,-4\n3,3.5\n")
    with pytest.raises(DataError, match="cumulative"):
        logic.parse_series_csv("cumulative,price\n1,5\n3,4\n2,3.5\n")
    with pytest.raises(DataError, match="need 3"):
        logic.parse_series_csv("cumulative,price\n1,5\n")
    with pytest.raises(ParameterError, match="csv_text"):
        logic.load_learning_series(logic.UPLOAD_SOURCE)


def test_heatmap_names_numerical_breakdown_as_the_sweep_does():
    from endodec.model.game import numerical_reason

    key = logic.game_key(GameParams())
    h = logic.heatmap_grid(key, "b", (1e-300, 1e-200), "r", (1e-200, 1e-100), 5, "T_N")
    num = [k for k in h["codes"] if k.startswith("numerical:")]
    assert num and all(k.startswith(numerical_reason("")[:10]) for k in num)
    assert sum(h["codes"].values()) == h["n"] ** 2
    assert "invalid parameter" not in " ".join(h["codes"])
