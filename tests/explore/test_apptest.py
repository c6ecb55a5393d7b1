"""Streamlit AppTest of every page (headless, no browser): inputs -> the library's numbers."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from endodec.explore import APP_PATH, logic  # noqa: E402
from endodec.model.game import GameParams, solve  # noqa: E402

TIMEOUT = 60


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch, request):
    """Page-logic tests skip drawing figures (drawn and checked in test_logic / the browser
    test); a test marked ``figures`` draws them."""
    from endodec.explore.views import common

    if "figures" not in request.keywords:
        monkeypatch.setattr(common, "RENDER_FIGURES", False)


def page(name: str) -> AppTest:
    return AppTest.from_string(f"from endodec.explore.views import {name}\n{name}.render()\n",
                               default_timeout=TIMEOUT)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_game_page_inputs_move_the_crossing_times():
    # the full app (st.navigation): its default page is the game
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    s = solve(GameParams())
    m = metrics(at)
    assert m["T*_Nash"] == f"{float(s.T_nash):.6g}" and m["T*_Coop"] == f"{float(s.T_coop):.6g}"
    assert m["welfare loss"] == f"{100 * float(s.welfare_loss):.4g}%"
    assert any("Proposition 1 holds" in w.value for w in at.warning)  # step-2 tail failure
    assert any("Counterexample region" in md.value for md in at.markdown)
    assert any(c.value == logic.solve_command(GameParams()) for c in at.code)
    at.number_input(key="game_N").set_value(8)
    at.number_input(key="game_delta").set_value(0.5).run()
    s = solve(GameParams(N=8, delta=0.5))
    m = metrics(at)
    assert m["T*_Nash"] == f"{float(s.T_nash):.6g}" and m["T*_Coop"] == f"{float(s.T_coop):.6g}"
    assert any("--N 8" in c.value and "--delta 0.5" in c.value for c in at.code)


def test_game_page_shows_library_errors_next_to_inputs():
    at = page("game").run()
    at.number_input(key="game_N").set_value(1)
    at.number_input(key="game_r").set_value(-0.1).run()
    assert not at.exception
    errs = [e.value for e in at.sidebar.error]
    assert "invalid parameter N=1.0: must be an integer >= 2" in errs
    assert any(e.startswith("invalid parameter r=-0.1") for e in errs)
    assert not at.metric  # nothing computed from invalid inputs
    at.number_input(key="game_N").set_value(5)
    at.number_input(key="game_r").set_value(0.05)
    at.selectbox(key="game_convention").set_value("paper")
    at.number_input(key="game_S_T").set_value(1000.0).run()
    assert not at.exception
    assert any("no interior" in e.value for e in at.main.error)
    # the 'direct' convention shows an S input; a negative S is reported next to it
    at.number_input(key="game_S_T").set_value(0.0)
    at.selectbox(key="game_convention").set_value("direct").run()
    assert not at.exception and not at.main.error
    at.number_input(key="game_S").set_value(-2.0).run()
    assert not at.exception
    assert any(e.value.startswith("invalid parameter S=-2") for e in at.sidebar.error)


def test_statics_page():
    at = page("statics").run()
    assert not at.exception and not at.error
    figs = [c.value for c in at.caption if c.value.startswith("[figure ")]
    assert len(figs) == 3  # T* vs N, T* vs delta, heatmap (drawn in test_logic)
    assert any(c.value.startswith("endodec game sweep --vary N=2,3,4") for c in at.code)
    at.number_input(key="statics_delta_lo").set_value(2.0).run()  # lower > upper
    assert not at.exception
    assert any("delta range" in e.value for e in at.error)


def test_learning_page():
    at = page("learning").run()
    assert not at.exception and not at.error
    from endodec import datasets
    from endodec.empirics.learning_curves import fit_frame

    fit = fit_frame(datasets.load("dram", "001").dropna(subset=["ln_price"]), logs=True)
    assert metrics(at)["α (learning elasticity)"] == f"{fit.alpha:.4f}"
    at.number_input(key="lc_ctarget").set_value(20.0).run()  # target above current cost
    assert not at.exception
    assert any("not below the current cost" in e.value for e in at.sidebar.error)


def test_learning_page_upload():
    """A user's CSV replaces the packaged series; a bad file is reported next to the uploader."""
    from endodec.empirics.learning_curves import fit_wright

    q, p = [1.0, 2.0, 4.0, 8.0, 16.0], [10.0, 8.2, 6.9, 5.5, 4.6]
    csv = "year,cumulative,price\n" + "".join(
        f"{2010 + i},{a},{b}\n" for i, (a, b) in enumerate(zip(q, p, strict=True)))
    at = page("learning").run()
    at.sidebar.file_uploader[0].set_value(("mine.csv", csv.encode(), "text/csv")).run()
    assert not at.exception
    assert metrics(at)["α (learning elasticity)"] == f"{fit_wright(p, q).alpha:.4f}"
    assert any("uploaded CSV (5 rows)" in c.value for c in at.caption)
    bad = csv.replace("6.9", "-6.9")
    at.sidebar.file_uploader[0].set_value(("bad.csv", bad.encode(), "text/csv")).run()
    assert not at.exception
    assert any("row 3" in e.value and "'price'" in e.value for e in at.sidebar.error)


def test_ledger_page(reproduce_dir, tmp_path):
    at = page("ledger")
    at.run()
    at.text_input(key="ledger_dir").set_value(str(tmp_path / "none")).run()
    assert not at.exception and any("not a directory" in e.value for e in at.error)
    at.text_input(key="ledger_dir").set_value(str(reproduce_dir)).run()
    assert not at.exception and not at.error
    assert at.dataframe
    at.multiselect(key="ledger_status").set_value(["not reproduced"])
    at.multiselect(key="ledger_version").set_value(["000"]).run()
    assert not at.exception
    df = at.dataframe[0].value
    assert len(df) > 0 and set(df["status"]) == {"not reproduced"} and set(df["version"]) == {"000"}
    at.selectbox(key="ledger_claim").set_value("g000-3.5-loss-st").run()
    assert not at.exception
    assert any(e.label.startswith("figure:") or e.label.startswith("table:")
               for e in at.expander)


def test_adoption_page():
    ad = pytest.importorskip(logic.ADOPTION_MODULE)
    at = page("adoption")
    at.run()
    assert not at.exception and not at.error
    th = ad.threshold_Q_star(ad.AdoptionParams())
    m = metrics(at)
    assert m["Q* (R0 = 1)"] == f"{float(th.Q_star):.6g}"
    regime = ad.classify_regime(ad.AdoptionParams()).regime
    assert any(f"**{regime}**" in md.value for md in at.markdown)
    assert "mean implied R0" in m and "coordination lag ΔT" in m
    at.number_input(key="ad_gamma").set_value(-1.0).run()
    assert not at.exception
    assert any(e.value.startswith("invalid parameter gamma=-1.0") for e in at.sidebar.error)


def test_forecast_page():
    fm = pytest.importorskip(logic.FORECAST_MODULE)
    at = page("forecast").run()
    assert not at.exception and not at.error
    at.number_input(key="fc_n").set_value(300).run()
    ref = fm.crossing_year_distribution(fm.ForecastParams(), n_draws=300, seed=0)
    assert metrics(at)["median crossing year (nash)"] == f"{ref.quantiles()['q50']:.1f}"
    at.number_input(key="fc_rho").set_value(1.5).run()
    assert not at.exception
    assert any("rho=1.5" in e.value for e in at.sidebar.error)


def test_silicon_page():
    si = pytest.importorskip(logic.SILICON_MODULE)
    at = page("silicon").run()
    assert not at.exception and not at.error
    at.number_input(key="si_bw_custom device").set_value(800.0).run()
    want = si.tokens_per_second(800.0, 70.0, 4.0)
    assert metrics(at)["decoding speed (tok/s)"] == f"{want:.4g}"
    at.number_input(key="si_active").set_value(100.0).run()
    assert not at.exception
    assert any("active_params_B" in e.value.replace("\\", "") for e in at.sidebar.error)
