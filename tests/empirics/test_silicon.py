"""Consumer silicon (seed 000 §4.5, seed 001 §5.2.6): bandwidth-bound decoding and the crossing
condition, checked against hand arithmetic and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from endodec import datasets
from endodec.empirics import silicon as S
from endodec.errors import ParameterError


def test_tokens_per_second_hand_arithmetic():
    assert S.tokens_per_second(546, 70, 4) == pytest.approx(546 / 35)
    assert S.tokens_per_second(546, 70, bits=8 * 40 / 70) == pytest.approx(546 / 40)
    assert S.tokens_per_second(215, 116.8, 4, active_params_B=20) == pytest.approx(215 / 10)
    assert S.tokens_per_second(100, 10, 8, efficiency=0.5) == pytest.approx(5.0)
    assert S.model_size_GB(70, 16) == pytest.approx(140)


def test_vectorized_broadcast():
    bw = np.array([215.0, 546.0, 819.0])
    out = S.tokens_per_second(bw[:, None], np.array([32.0, 70.0])[None, :], 4)
    assert out.shape == (3, 2)
    assert out[2, 1] == pytest.approx(819 / 35)
    f = S.fits_in_memory(np.array([32, 64, 128]), 70, 4)
    assert f.tolist() == [False, True, True]
    assert S.fits_in_memory(40, 70, 4, overhead_GB=5) is True
    assert S.fits_in_memory(39.9, 70, 4, overhead_GB=5) is False


@settings(max_examples=40, deadline=None)
@given(bw=st.floats(1, 5000), p=st.floats(0.1, 1000), bits=st.floats(1, 16),
       frac=st.floats(0.01, 1))
def test_properties(bw, p, bits, frac):
    tok = S.tokens_per_second(bw, p, bits)
    # tok/s x bytes per token = bandwidth
    assert tok * S.bytes_per_token_GB(p, bits) == pytest.approx(bw, rel=1e-12)
    assert S.tokens_per_second(2 * bw, p, bits) == pytest.approx(2 * tok)
    assert S.tokens_per_second(bw, p, 2 * bits) == pytest.approx(tok / 2)
    # MoE reads fewer weights: faster
    assert S.tokens_per_second(bw, p, bits, active_params_B=frac * p) >= tok * (1 - 1e-12)
    assert S.required_bandwidth(tok, p, bits) == pytest.approx(bw, rel=1e-12)


@pytest.mark.parametrize("kw", [dict(bandwidth_GBs=0, params_B=70), dict(bandwidth_GBs=1,
                                params_B=-1), dict(bandwidth_GBs=1, params_B=70, bits=0),
                                dict(bandwidth_GBs=1, params_B=7, active_params_B=8),
                                dict(bandwidth_GBs=np.nan, params_B=7)])
def test_errors(kw):
    with pytest.raises(ParameterError):
        S.tokens_per_second(**kw)


def test_device_model_validation():
    with pytest.raises(ParameterError):
        S.Device("x", -1)
    with pytest.raises(ParameterError):
        S.Device("x", 100, memory_GB=0)
    with pytest.raises(ParameterError):
        S.Model("m", 10, active_params_B=11)
    d = S.Device("x", 100)
    with pytest.raises(AttributeError):
        d.bandwidth_GBs = 3  # frozen
    assert d.replace(price_usd=1000).price_usd == 1000


def test_crossing_condition_cases():
    m70 = S.Model("70B", 70, 4)
    ok = S.crossing_condition(S.Device("future", 800, 64, 1200), m70)
    assert ok.crosses is True and ok.tok_s == pytest.approx(800 / 35)
    assert ok.required_bandwidth_GBs == pytest.approx(700)
    mac = S.crossing_condition(S.Device("mac", 546, 128, 3949), m70)
    assert mac.crosses is False and mac.fits and mac.meets_speed is False
    assert mac.params_per_dollar_M == pytest.approx(70e3 / 3949)
    # does not fit -> no speed
    rtx = S.crossing_condition(S.Device("rtx", 1792, 32, 1999), m70)
    assert rtx.fits is False and rtx.meets_speed is False and rtx.crosses is False
    # unknown memory and price
    unk = S.crossing_condition(S.Device("?", 819), m70)
    assert unk.fits is None and unk.meets_price is None and unk.crosses is None
    small = S.crossing_condition(S.Device("cheap", 800, 64, 1000), S.Model("32B", 32, 4))
    assert small.meets_params is False and small.crosses is False
    assert "CROSSES: no" in small.summary()
    moe = S.crossing_condition(S.Device("amd", 215, 128, 1400), S.Model("moe", 116.8, 4, 20))
    assert moe.tok_s == pytest.approx(21.5) and moe.crosses is True


def test_paper_devices_none_cross():
    devs = S.devices_from_table(datasets.load("consumer_devices", "000"))
    names = [d.name for d in devs]
    assert any("M3 Ultra" in n for n in names)
    m3 = next(d for d in devs if "M3 Ultra" in d.name)
    assert m3.price_usd == 5000 and m3.bandwidth_GBs == 819
    m = S.Model("70B Q4", 70, size_GB=40)
    assert not any(S.crossing_condition(d, m).crosses for d in devs)
    assert S.crossing_condition(m3, m).tok_s == pytest.approx(819 / 40)


def test_cli_silicon():
    from endodec.cli import app

    calc = ["empirics", "silicon", "calc"]
    r = CliRunner().invoke(app, [*calc, "--bandwidth", "546", "--memory", "128", "--price",
                                 "3949", "--params", "70", "--bits", "4"])
    assert r.exit_code == 0, r.output
    assert "15.6 tok/s" in r.output and "CROSSES: no" in r.output
    r = CliRunner().invoke(app, [*calc, "--bandwidth", "800", "--memory", "64", "--price",
                                 "1200", "--json"])
    assert r.exit_code == 0 and '"crosses": true' in r.output
    r = CliRunner().invoke(app, ["empirics", "silicon", "devices", "--version", "001"])
    assert r.exit_code == 0 and "RTX 5090" in r.output
    r = CliRunner().invoke(app, [*calc, "--bandwidth", "-5"])
    assert r.exit_code == 2


def test_author_trajectory_flags(author_data):
    df = datasets.load_author("consumer_silicon_trajectory_corrected", directory=author_data)
    rule = ((df.max_model_params_B >= 70) & (df.inference_tok_s >= 20)
            & (df.device_price_usd <= 1500))
    flag = df.meets_crossing_condition.astype(str).str.lower() == "true"
    assert (rule == flag).all()
    ppd = S.params_per_dollar_M(df.max_model_params_B, df.device_price_usd) * 1e6
    assert np.allclose(ppd, df.params_per_dollar, rtol=1e-9)


def test_analysis_runs(tmp_path):
    from endodec.analyses import load_all
    from endodec.analyses.base import Context

    ctx = Context(out=tmp_path, fast=True)
    vals = load_all()["s-silicon"].run(ctx)
    assert vals["mac_70b_tok_s"].value == pytest.approx(546 / 40)
    assert vals["no_device_crosses"].value is True
    assert vals["moe_tok_s"].value == pytest.approx(21.5)
    assert (tmp_path / "figures" / "fig000_silicon_crossing.png").is_file()
