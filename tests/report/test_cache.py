"""Incremental re-runs (endodec.report.cache) and user data (--data), on toy analyses."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec import datasets
from endodec.analyses.base import REGISTRY, Value, analysis
from endodec.analyses.config import RunConfig
from endodec.report.reproduce import reproduce

IDS = ("zz-toy-game", "zz-toy-none", "zz-toy-data")


@pytest.fixture()
def calls():
    n = dict.fromkeys(IDS, 0)

    @analysis("zz-toy-game", title="reads the game", section="99")
    def _game(ctx):
        n["zz-toy-game"] += 1
        p = ctx.config.game_params("000")
        ctx.save_table(pd.DataFrame({"delta": [p.delta]}), "tab_zz_game", "toy")
        return {"delta": Value(p.delta)}

    @analysis("zz-toy-none", title="reads nothing", section="99")
    def _none(ctx):
        n["zz-toy-none"] += 1
        return {"one": Value(1.0)}

    @analysis("zz-toy-data", title="reads dram", section="99")
    def _data(ctx):
        n["zz-toy-data"] += 1
        df = datasets.load("dram", "000")
        ctx.save_table(df[["year", "price_usd_per_gb_lo"]], "tab_zz_dram", "toy")
        return {"p0": Value(float(df["price_usd_per_gb_lo"].iloc[0]))}

    yield n
    for k in IDS:
        REGISTRY.pop(k, None)


def _run(tmp_path, name, cache, **kw):
    return reproduce(out=tmp_path / name, only=["zz-toy"], fast=True, cache=cache, **kw)


def _states(res):
    return res.manifest["cache"]["states"]


def test_a_warm_rerun_computes_nothing_and_changes_nothing(tmp_path, calls):
    cache = tmp_path / "cache"
    a = _run(tmp_path, "a", cache)
    assert set(_states(a).values()) == {"miss"} and all(v == 1 for v in calls.values())
    b = _run(tmp_path, "b", cache)
    assert set(_states(b).values()) == {"hit"} and all(v == 1 for v in calls.values())
    for f in ("ledger.csv", "tables/tab_zz_game.csv", "tables/tab_zz_dram.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    assert "From the cache" in (tmp_path / "b" / "report.html").read_text()


def test_a_set_recomputes_exactly_the_analyses_that_read_it(tmp_path, calls):
    cache = tmp_path / "cache"
    _run(tmp_path, "a", cache)
    cfg = RunConfig().with_sets(["game.delta=0.2"])
    b = _run(tmp_path, "b", cache, config=cfg)
    assert _states(b) == {"zz-toy-game": "stale", "zz-toy-none": "hit", "zz-toy-data": "hit"}
    assert b.values["zz-toy-game"]["delta"].value == 0.2
    assert b.manifest["config_touched"] == {"zz-toy-game": ["game.delta"]}
    assert b.manifest["config_differences"] == [{"key": "game.delta", "paper": 0.3, "run": 0.2}]
    cold = _run(tmp_path, "c", None, config=cfg)  # the same ledger as a cold run
    assert (tmp_path / "b" / "ledger.csv").read_bytes() == (tmp_path / "c" / "ledger.csv")\
        .read_bytes()
    assert cold.manifest["cache"]["states"] == {}


@pytest.mark.parametrize("damage", ["values.pkl", "meta.json", "files"])
def test_a_damaged_entry_is_recomputed_never_used(tmp_path, calls, damage):
    cache = tmp_path / "cache"
    _run(tmp_path, "a", cache)
    entry = cache / ("zz-toy-data" if damage == "files" else "zz-toy-none")
    if damage == "files":
        f = next(p for p in (entry / "files").rglob("*.csv"))
        f.write_text(f.read_text() + "1,2\n")
    else:
        (entry / damage).write_bytes(b"\0garbage")
    b = _run(tmp_path, "b", cache)
    aid = entry.name
    assert _states(b)[aid] == "damaged" and calls[aid] == 2
    assert (tmp_path / "a" / "ledger.csv").read_bytes() == (tmp_path / "b" / "ledger.csv")\
        .read_bytes()


def _dram_copy(tmp_path, price: str | None = None) -> str:
    src = datasets.data_dir() / "dram_000.csv"
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    if price is not None:
        df.loc[0, ["price_usd_per_gb", "price_usd_per_gb_lo", "price_usd_per_gb_hi"]] = price
    p = tmp_path / "my_dram.csv"
    df.to_csv(p, index=False)
    (tmp_path / "my_dram.yaml").write_text("note: my own survey of 1984 prices\n")
    return str(p)


def test_user_data_replaces_the_dataset_and_carries_its_provenance(tmp_path, calls):
    cache = tmp_path / "cache"
    _run(tmp_path, "a", cache)
    cfg = RunConfig().with_data([f"dram={_dram_copy(tmp_path, '900000')}"])
    b = _run(tmp_path, "b", cache, config=cfg)
    assert _states(b)["zz-toy-data"] == "stale" and _states(b)["zz-toy-game"] == "hit"
    assert b.values["zz-toy-data"]["p0"].value == 900000.0
    art = next(a for a in b.artifacts if a.name == "tab_zz_dram")
    sha = hashlib.sha256(open(cfg.data["dram"], "rb").read()).hexdigest()[:16]
    assert "user data dram" in art.provenance and sha in art.provenance
    assert "my own survey" in art.provenance
    assert b.manifest["config_touched"] == {"zz-toy-data": ["data.dram"]}


@pytest.mark.parametrize("content, what", [
    ("year,price\n1984,3\n", "missing column"),
    (None, "column 'price_usd_per_gb'"),  # a non-numeric cell
    ("", "empty"),
    (b"\xff\xfe\x00\x01", "utf-8"),
])
def test_bad_user_csv_fails_cleanly_and_keeps_the_report(tmp_path, calls, content, what):
    from endodec.cli import app

    out = tmp_path / "res"
    _run(tmp_path, "res", None)
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.csv"
    if content is None:
        _dram_copy(tmp_path, "cheap")
        bad = tmp_path / "my_dram.csv"
    elif isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content)
    r = CliRunner().invoke(app, ["reproduce", "--only", "zz-toy", "--fast", "--no-cache",
                                 "--out", str(out), "--data", f"dram={bad}"])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert what.lower() in r.output.lower().replace("\n", " ")
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert json.loads((out / "manifest.json").read_text())["scope"] == "partial"


def test_a_set_on_the_real_analyses_recomputes_exactly_those_that_read_the_game(tmp_path):
    """The paper's analyses: after ``--set game.delta=0.2`` the cache log shows exactly the
    analyses that read ``[game]`` recomputed, and the ledger equals a cold run's."""
    only = ["s3.4", "s3.5", "s4.1", "s5.4", "desc001-6"]
    cache = tmp_path / "cache"
    a = reproduce(out=tmp_path / "a", only=only, fast=True, cache=cache)
    reads_game = {aid for aid, r in a.manifest["config_read"].items() if "game" in r["config"]}
    assert reads_game and reads_game != set(a.manifest["config_read"])  # both kinds present
    cfg = RunConfig().with_sets(["game.delta=0.2"])
    b = reproduce(out=tmp_path / "b", only=only, fast=True, cache=cache, config=cfg)
    recomputed = {k for k, v in _states(b).items() if v != "hit"}
    assert recomputed == reads_game
    assert set(b.manifest["config_touched"]) == reads_game
    reproduce(out=tmp_path / "c", only=only, fast=True, config=cfg)
    led_b = pd.read_csv(tmp_path / "b" / "ledger.csv", dtype=str, keep_default_na=False)
    led_c = pd.read_csv(tmp_path / "c" / "ledger.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(led_b, led_c)
    touched = led_b[led_b["config_touched"] != ""]
    assert not touched.empty and touched["explanation"].str.contains("game.delta").all()
