"""Author data: directory resolution, loading, validation, download (never the network), and
agreement of the transcribed tables with the author's files where they overlap.

Disagreements between the paper's printed tables and the author's files are findings: the tests
below pin them down (so a change is noticed) instead of "fixing" the transcriptions.
"""

from __future__ import annotations

import json
import re
import urllib.error

import numpy as np
import pandas as pd
import pytest

from endodec import datasets
from endodec.datasets import AUTHOR_COMMIT, AUTHOR_FILES
from endodec.errors import AuthorDataMissing, DataError, SchemaError


# ------------------------------------------------------------------ directory resolution
def test_author_dir_argument_env_and_none(tmp_path, monkeypatch):
    monkeypatch.delenv("ENDODEC_AUTHOR_DATA", raising=False)
    assert datasets.author_data_dir() is None
    assert datasets.author_data_dir(tmp_path) == tmp_path
    monkeypatch.setenv("ENDODEC_AUTHOR_DATA", str(tmp_path))
    assert datasets.author_data_dir() == tmp_path
    other = tmp_path / "other"
    other.mkdir()
    assert datasets.author_data_dir(other) == other  # argument wins over env
    monkeypatch.setenv("ENDODEC_AUTHOR_DATA", str(tmp_path / "nope"))
    with pytest.raises(AuthorDataMissing, match="ENDODEC_AUTHOR_DATA.*does not exist"):
        datasets.author_data_dir()


def test_load_author_without_directory_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("ENDODEC_AUTHOR_DATA", raising=False)
    with pytest.raises(AuthorDataMissing) as ei:
        datasets.load_author("dram_learning_curve")
    msg = str(ei.value)
    assert "ENDODEC_AUTHOR_DATA" in msg and "fetch-author" in msg and "jonsmirl/thesis" in msg
    assert isinstance(ei.value, FileNotFoundError)


def test_missing_file_and_unknown_stem(tmp_path):
    with pytest.raises(AuthorDataMissing, match="'hbm_pricing.csv' not found"):
        datasets.load_author("hbm_pricing", tmp_path)
    with pytest.raises(DataError, match="unknown author data stem 'nope'.*allowed:.*dram_learning_curve"):
        datasets.load_author("nope", tmp_path)


def test_author_files_cover_the_reference_readme():
    readme = datasets.data_dir().parents[2].parent / "shared" / "reference-data" / "README.md"
    if not readme.is_file():
        pytest.skip("reference README not available")
    named = set(re.findall(r"\b(\w+\.(?:csv|txt|json))\b", readme.read_text()))
    assert len(named) >= 20
    assert {f.filename for f in AUTHOR_FILES.values()} == named


# ------------------------------------------------------------------ validation on broken copies
def test_author_csv_validation_names_file_row_column(tmp_path):
    good = (
        "year,product,generation,price_per_gb_usd,cumulative_production_exabytes,ln_price,ln_cumulative\n"
        "1984,DRAM,a,870000,0.00001,13.6,-11.5\n1985,DRAM,b,550000,0.0001,13.2,-9.2\n"
        "1986,DRAM,c,400000,0.0005,12.9,-7.6\n"
    )
    (tmp_path / "dram_learning_curve.csv").write_text(good)
    df = datasets.load_author("dram_learning_curve", tmp_path)
    assert len(df) == 3 and df.attrs["provenance"]["kind"] == "author"
    assert df.attrs["provenance"]["commit"] == AUTHOR_COMMIT
    (tmp_path / "dram_learning_curve.csv").write_text(good.replace("550000", "-1"))
    with pytest.raises(SchemaError) as ei:
        datasets.load_author("dram_learning_curve", tmp_path)
    assert (ei.value.file, ei.value.row, ei.value.column) == ("dram_learning_curve.csv", 2, "price_per_gb_usd")
    (tmp_path / "dram_learning_curve.csv").write_text(good.replace("0.0005", "0.00005"))
    with pytest.raises(SchemaError, match=r"row 3 .*'cumulative_production_exabytes'.*increasing"):
        datasets.load_author("dram_learning_curve", tmp_path)
    (tmp_path / "dram_learning_curve.csv").write_text(good.replace("ln_cumulative", "lncum"))
    with pytest.raises(SchemaError, match="missing column 'ln_cumulative'"):
        datasets.load_author("dram_learning_curve", tmp_path)


def test_text_and_json_kinds(tmp_path):
    (tmp_path / "capex_overinvestment_results.txt").write_text("log\n")
    (tmp_path / "hf_export_control_cache.json").write_text('{"Qwen": []}')
    assert datasets.load_author("capex_overinvestment_results", tmp_path) == "log\n"
    assert datasets.load_author("hf_export_control_cache", tmp_path) == {"Qwen": []}
    assert datasets.author_path("hf_export_control_cache", tmp_path).name == "hf_export_control_cache.json"
    (tmp_path / "hf_export_control_cache.json").write_text("{broken")
    with pytest.raises(DataError, match="hf_export_control_cache.json: invalid JSON"):
        datasets.load_author("hf_export_control_cache", tmp_path)


def test_validate_author_dir_reports_missing_and_invalid(tmp_path):
    (tmp_path / "hbm_pricing.csv").write_text("year,generation,price_per_gb_usd,capacity_per_stack_gb\n2015,HBM1,0,4\n")
    rep = datasets.validate_author_dir(tmp_path).set_index("stem")
    assert rep.loc["hbm_pricing", "status"] == "invalid"
    assert "row 1" in rep.loc["hbm_pricing", "message"]
    assert (rep.drop(index="hbm_pricing").status == "missing").all()


# ------------------------------------------------------------------ download (fake fetch only)
def test_urls_point_to_pinned_commit():
    assert datasets.author_url("dram_learning_curve") == (
        "https://raw.githubusercontent.com/jonsmirl/thesis/"
        "2279b0b96f14449a9c67d88d76c83fec596dad9c/thesis_data/dram_learning_curve.csv")
    assert datasets.author_url("consumer_silicon_trajectory_corrected").endswith(
        "/data/consumer_silicon_trajectory_corrected.csv")


def test_download_with_fake_fetch(tmp_path):
    calls = []

    def fetch(url):
        calls.append(url)
        return f"payload of {url.rsplit('/', 1)[1]}\n".encode()

    out = datasets.download_author_data(tmp_path / "cache", fetch=fetch)
    assert out == tmp_path / "cache"
    assert len(calls) == len(AUTHOR_FILES)
    assert all(u.startswith("https://raw.githubusercontent.com/jonsmirl/thesis/" + AUTHOR_COMMIT) for u in calls)
    for spec in AUTHOR_FILES.values():
        assert (out / spec.filename).read_text() == f"payload of {spec.filename}\n"
    man = json.loads((out / "MANIFEST.json").read_text())
    assert man["commit"] == AUTHOR_COMMIT and len(man["files"]) == len(AUTHOR_FILES)
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))
    # second call: nothing to do; force re-downloads
    calls.clear()
    datasets.download_author_data(out, fetch=fetch)
    assert calls == []
    datasets.download_author_data(out, fetch=fetch, stems=["hbm_pricing"], force=True)
    assert len(calls) == 1


def test_download_offline_is_a_clear_error_and_stops_early(tmp_path):
    calls = []

    def offline(url):
        calls.append(url)
        raise urllib.error.URLError("Name or service not known")

    with pytest.raises(AuthorDataMissing, match=r"could not download .*not attempted.*no network"):
        datasets.download_author_data(tmp_path / "c", fetch=offline)
    assert len(calls) == 1
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


def test_download_http_error_skips_one_file(tmp_path):
    def fetch(url):
        if url.endswith("fab_capacity.csv"):
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        return b"x\n"

    with pytest.raises(AuthorDataMissing, match="1 of 20.*fab_capacity.csv"):
        datasets.download_author_data(tmp_path, fetch=fetch)
    assert (tmp_path / "hbm_pricing.csv").is_file() and not (tmp_path / "fab_capacity.csv").exists()


def test_download_round_trip_from_reference_copies(tmp_path, author_data):
    """A fake fetch serving the local reference copies gives a directory that validates."""

    def fetch(url):
        return (author_data / url.rsplit("/", 1)[1]).read_bytes()

    out = datasets.download_author_data(tmp_path, fetch=fetch)
    rep = datasets.validate_author_dir(out)
    assert (rep.status == "ok").all(), rep


# ------------------------------------------------------------------ the author's real files
def test_all_reference_files_load(author_data):
    rep = datasets.validate_author_dir(author_data)
    assert (rep.status == "ok").all(), rep[rep.status != "ok"]
    dram = datasets.load_author("dram_learning_curve", author_data)
    assert len(dram) == 41 and dram.year.min() == 1984 and dram.year.max() == 2024
    assert len(datasets.load_author("export_control_panel", author_data)) == 170
    assert len(datasets.load_author("export_control_model_level", author_data)) == 3854
    assert len(datasets.load_author("hf_export_control_cache", author_data)) == 17


def test_dram_transcription_agrees_with_author(author_data):
    a = datasets.load_author("dram_learning_curve", author_data).set_index("year")
    for version in ("000", "001"):
        t = datasets.load("dram", version)
        t = t[~t.supercycle].set_index("year")
        sub = a.loc[t.index]
        assert (sub.generation == t.generation).all()
        assert np.allclose(sub.price_per_gb_usd, t.price_usd_per_gb)
        exact = t.cum_prod_qualifier.isna()
        assert np.allclose(sub.cumulative_production_exabytes[exact], t.cum_prod_eb[exact])
        # printed logs are the author's logs rounded to 2 decimals
        assert np.allclose(sub.ln_price, t.ln_price, atol=0.005 + 1e-9)
        assert np.allclose(sub.ln_cumulative, t.ln_cum, atol=0.005 + 1e-9)
    # 1984: table prints '<0.001' EB; the author's value rounds to 0.0000 and logs as ln(1e-5)
    assert a.loc[1984, "cumulative_production_exabytes"] < 0.001


def test_dram_printed_alpha_differs_from_author_file(author_data):
    """Finding: the author's file reports OLS α = 0.7709 (SE 0.0255, R² 0.959) on the 41-year
    series; seed 000 prints 0.22 (SE 0.03) and seed 001 prints 0.66 (SE 0.04) for that regression."""
    a = datasets.load_author("dram_learning_curve", author_data)
    assert a.ols_alpha.iloc[0] == pytest.approx(0.7709)
    assert datasets.describe("dram", "000")["printed_statistics"]["alpha"] == 0.22
    assert datasets.describe("dram", "001")["printed_statistics"]["alpha"] == 0.66


def test_hbm_transcription_vs_author(author_data):
    a = datasets.load_author("hbm_pricing", author_data).set_index("year")
    # Finding: the author's file has a 2023 HBM3 row ($18/GB) that neither table prints.
    assert 2023 in a.index and a.loc[2023, "price_per_gb_usd"] == 18
    for version in ("000", "001"):
        t = datasets.load("hbm", version).set_index("year")
        firm = t[~t.projection]
        assert np.allclose(a.loc[firm.index, "price_per_gb_usd"], firm.price_usd_per_gb)
        assert np.allclose(a.loc[firm.index, "capacity_per_stack_gb"], firm.capacity_per_stack_gb)
    # HBM4 (2026): the author's file matches seed 000 (9 $/GB, 48 GB), not seed 001 (9–10, 64 GB).
    assert a.loc[2026, "price_per_gb_usd"] == 9 and a.loc[2026, "capacity_per_stack_gb"] == 48
    assert datasets.load("hbm", "001").set_index("year").loc[2026, "capacity_per_stack_gb"] == 64


def test_capex_transcription_vs_author(author_data):
    a = datasets.load_author("hyperscaler_capex", author_data)
    a = a.set_index(["company", "year"]).capex_bn_usd
    t0 = datasets.load("hyperscaler_capex", "000")
    firms = t0[(t0.row_type == "firm") & (t0.company != "Stargate JV")]
    for r in firms.itertuples():
        assert a[(r.company, r.year)] == pytest.approx(r.capex_usd_bn), (r.company, r.year)
    assert a[("Stargate_JV", 2025)] == 100
    agg = datasets.load_author("hyperscaler_capex_aggregate", author_data).set_index("year")
    tot = t0[t0.row_type == "total"].set_index("year").capex_usd_bn
    # printed totals are the author's aggregates rounded (aggregate includes NVIDIA and Oracle)
    for y in tot.index:
        assert abs(agg.loc[y, "industry_total_capex_bn"] - tot[y]) <= 0.5, y
    assert agg.loc[2025, "cumulative_capex_bn"] == pytest.approx(1297.6)  # caption: $1,298B
    # Finding: seed 001's 2025 firm values are not in the author's file (which has seed 000's).
    t1 = datasets.load("hyperscaler_capex", "001").set_index(["company", "year"]).capex_usd_bn
    diffs = {c: (t1[(c, 2025)], a[(c, 2025)]) for c in ("Microsoft", "Alphabet", "Amazon", "Meta")
             if t1[(c, 2025)] != a[(c, 2025)]}
    assert set(diffs) == {"Alphabet", "Amazon", "Meta"}


def test_capex_test_matches_author_log(author_data):
    log = datasets.load_author("capex_overinvestment_results", author_data)
    rows = re.findall(r"^\s+(\d{4})\s+(\d)\s+\$([\d.]+)B\s+\$([\d.]+)B\s+\$([\d.]+)B\s+([\d.]+)x", log, flags=re.M)
    got = pd.DataFrame(rows, columns=["year", "n", "actual", "nash", "coop", "ratio"]).astype(float)
    t = datasets.load("capex_test")
    assert len(got) == len(t) == 8
    for c_log, c_t in [("year", "year"), ("n", "n_firms"), ("actual", "actual_usd_bn"),
                       ("nash", "nash_usd_bn"), ("coop", "coop_usd_bn"), ("ratio", "actual_over_coop")]:
        assert np.allclose(got[c_log].to_numpy(), t[c_t].to_numpy(dtype=float)), c_t


def test_alpha_sensitivity_vs_author(author_data):
    a = datasets.load_author("alpha_sensitivity_analysis", author_data).set_index("alpha")
    t = datasets.load("alpha_sensitivity").set_index("alpha")
    common = [x for x in t.index if any(np.isclose(x, a.index))]
    assert common == [0.12, 0.15, 0.20, 0.25, 0.32]
    for x in common:
        assert round(a.loc[x, "t_star_years_from_2024"]) == t.loc[x, "t_star_years_from_2024"]
    # Finding: the baseline α = 0.23 row is not in the author's table; the author's T* is exactly
    # c/α (c ≈ 11.136), which gives 48.4 years (2072) at α = 0.23 where the paper prints 47 (2071).
    c = (a.index * a.t_star_years_from_2024).to_numpy()
    assert np.allclose(c, c[0], rtol=1e-3)
    assert round(c[0] / 0.23) == 48 and t.loc[0.23, "t_star_years_from_2024"] == 47


def test_bai_perron_vs_author_piecewise(author_data):
    a = datasets.load_author("alpha_resolution_piecewise", author_data)
    t = datasets.load("bai_perron").iloc[:3]
    assert np.allclose(a.alpha.round(2), t.alpha)
    assert a.start_year.tolist() == t.period_start.tolist()
    # Finding: printed SEs and n differ from the author's regime fits.
    assert a.n_obs.tolist() == [11, 13, 17] and t.n.tolist() == [4, 3, 3]
    assert not np.allclose(a.alpha_se.round(2), t.se)


def test_learning_rates_vs_author_literature(author_data):
    lit = datasets.load_author("learning_curve_literature", author_data)
    t = datasets.load("learning_rates", "001")
    for r in t.itertuples():
        period = f"{r.period_start}-{r.period_end}"
        hit = lit[(lit.period == period) & np.isclose(lit.alpha, r.alpha)]
        assert len(hit) >= 1, r.product


def test_reference_files_are_not_in_the_repo():
    repo = datasets.data_dir().parents[2]
    names = {spec.filename for spec in AUTHOR_FILES.values()}
    present = [p for p in repo.rglob("*") if p.name in names and ".venv" not in p.parts]
    assert present == []


def test_load_either_says_which_source(author_data, monkeypatch):
    monkeypatch.setenv("ENDODEC_AUTHOR_DATA", str(author_data))
    pk = datasets.load_either("dram")  # env alone does not switch: explicit argument only
    assert pk.attrs["provenance"]["kind"] == "packaged" and len(pk) == 10
    au = datasets.load_either("dram", author_data=author_data)
    assert au.attrs["provenance"]["kind"] == "author" and len(au) == 41
    assert datasets.load_either("capex_test", author_data=author_data).attrs["provenance"]["kind"] == "packaged"
    for name, stem in datasets.AUTHOR_COUNTERPARTS.items():
        assert name in set(datasets.list_datasets().name) and stem in AUTHOR_FILES
