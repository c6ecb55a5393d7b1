"""The run configuration (endodec.analyses.config): defaults, overrides, refusals."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from endodec.analyses.config import RunConfig, load_config, parse_set, template
from endodec.errors import ConfigError
from endodec.model.params import GAME_PARAMS, baseline


def test_defaults_are_the_papers_per_version():
    cfg = RunConfig()
    assert cfg.differences() == []
    for v in ("000", "001"):
        p = cfg.game_params(v)
        for k, b in baseline(v).items():
            if b is not None:
                assert getattr(p, k) == b


def test_the_template_states_the_papers_defaults(tmp_path):
    text = template()
    # every key of every section appears, with its unit and paper reference
    for name, p in GAME_PARAMS.items():
        assert f"# {name} = " in text and p.ref in text
    uncommented = re.sub(r"^# (\w+ = .*)$", r"\1", text, flags=re.M)
    f = tmp_path / "run.toml"
    f.write_text(uncommented.replace("S_I = 0.0", "").replace("S = 0.0", ""), encoding="utf-8")
    cfg = load_config(f)
    assert cfg.differences() == []  # the template's values ARE the paper's


def test_sets_apply_to_both_versions_and_are_listed():
    cfg = RunConfig().with_sets(["game.N=8", "game.delta=0.2", "adoption.kappa=0.5"])
    assert cfg.game_params("000").N == 8 and cfg.game_params("001").delta == 0.2
    assert cfg.adoption_params().kappa == 0.5
    assert [d[0] for d in cfg.differences()] == ["game.N", "game.delta", "adoption.kappa"]


@pytest.mark.parametrize("sets, key, what", [
    (["game.N=1"], "game.N", ">= 2"),
    (["game.N=2.5"], "game.N", "integer"),
    (["game.delta=-0.1"], "game.delta", "> 0"),
    (["game.delta=abc"], "game.delta", "number"),
    (["game.foo=1"], "game.foo", "unknown key"),
    (["gam.N=3"], "gam", "unknown key"),
    (["run.seed=-1"], "run.seed", ">= 0"),
    (["N=3"], "set", "SECTION.KEY=VALUE"),
])
def test_bad_overrides_name_key_value_and_range(sets, key, what):
    with pytest.raises(ConfigError) as e:
        RunConfig().with_sets(sets)
    assert e.value.key == key and what in str(e.value)


@pytest.mark.parametrize("content, what", [
    (b"[game]\nN = ", "not valid TOML"),
    (b"\xff\xfe[game]", "not UTF-8"),
    (b"[game]\nN = \"five\"\n", "game.N"),
    (b"[gaem]\nN = 5\n", "unknown key"),
])
def test_bad_files_are_refused(tmp_path, content, what):
    f = tmp_path / "run.toml"
    f.write_bytes(content)
    with pytest.raises(ConfigError, match=what):
        load_config(f)


def test_missing_file_and_unknown_dataset(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="unknown dataset"):
        RunConfig().with_data(["dramm=x.csv"])
    with pytest.raises(ConfigError, match="no such file"):
        RunConfig().with_data([f"dram={tmp_path / 'none.csv'}"])


@given(st.integers(2, 10_000), st.floats(1e-6, 1e3, allow_nan=False))
def test_any_value_in_range_is_taken(N, delta):
    p = RunConfig().with_sets([f"game.N={N}", f"game.delta={delta!r}"]).game_params("000")
    assert (p.N, p.delta) == (N, delta)


@given(st.floats(max_value=0.0, allow_nan=False, allow_infinity=False))
def test_any_nonpositive_delta_is_refused(delta):
    with pytest.raises(ConfigError, match="game.delta"):
        RunConfig().with_sets([f"game.delta={delta!r}"])


def test_parse_set_reads_toml_values():
    assert parse_set("game.N=8") == ("game", "N", 8)
    assert parse_set("run.fast=true") == ("run", "fast", True)


def test_cli_show_and_template(tmp_path):
    from endodec.cli import app

    r = CliRunner().invoke(app, ["config", "show", "--set", "game.N=8"])
    assert r.exit_code == 0 and "game.N: 5 -> 8" in r.output
    out = tmp_path / "run.toml"
    assert CliRunner().invoke(app, ["config", "template", "--out", str(out)]).exit_code == 0
    before = out.read_bytes()
    r = CliRunner().invoke(app, ["config", "template", "--out", str(out)])
    assert r.exit_code != 0 and "never overwrites" in r.output and out.read_bytes() == before
    r = CliRunner().invoke(app, ["config", "show", "--set", "game.N=0"])
    assert r.exit_code != 0 and "game.N" in r.output and "Traceback" not in r.output
