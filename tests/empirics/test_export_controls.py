"""Export-control natural experiment (seed 001 §5.1): parser, panel builder, estimators.

Synthetic panels with a known treatment effect; PanelOLS vs OLS-with-dummies; the author's model
table, panel and log reproduced from the Hub dump (author data, skipped when absent).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec.datasets import hub
from endodec.empirics import export_controls as ec
from endodec.errors import DataError, HubError, NumericalWarning, ParameterError


# ----------------------------------------------------------------------------- parser
@pytest.mark.parametrize("mid,expected", [
    ("Qwen/Qwen2.5-7B-Instruct", 7.0),
    ("mistralai/Mixtral-8x7B-v0.1", 7.0),          # the author's rule: expert size
    ("mistralai/Mixtral-8x22B-Instruct-v0.1", 22.0),
    ("Qwen/Qwen3.5-397B-A17B", 397.0),
    ("Qwen/Qwen1.5-MoE-A2.7B-Chat", 2.7),
    ("EleutherAI/pythia-6.9b-deduped", 6.9),
    ("meta-llama/Llama-2-7b-hf", 7.0),
    ("internlm/internlm2-math-plus-mixtral8x22b", 22.0),
    ("microsoft/UserLM-8b", 8.0),
])
def test_parse_params_author_rule(mid, expected):
    assert ec.parse_params(mid) == expected


@pytest.mark.parametrize("mid", ["bigscience/bloom-1b7", "EleutherAI/pythia-410m",
                                 "google/gemma-3-270m", "BAAI/bge-small-en-v1.5",
                                 "deepseek-ai/deepseek-coder-5.7bmqa-base", "google/t5-v1_1-xxl"])
def test_parse_params_unknown_is_nan_not_zero(mid):
    v = ec.parse_params(mid)
    assert np.isnan(v)


@pytest.mark.parametrize("mid,total,active", [
    ("mistralai/Mixtral-8x7B-v0.1", 46.7, np.nan),
    ("mistralai/Mixtral-8x22B-v0.1", 141.0, np.nan),
    ("Qwen/Qwen3-30B-A3B-Base", 30.0, 3.0),
    ("Qwen/Qwen1.5-MoE-A2.7B", np.nan, 2.7),
    ("bigscience/bloom-1b7", 1.7, np.nan),
    ("EleutherAI/pythia-410m", 0.41, np.nan),
    ("Qwen/Qwen2.5-7B-Instruct", 7.0, np.nan),
    ("BAAI/bge-small-en-v1.5", np.nan, np.nan),
])
def test_parse_params_extended(mid, total, active):
    t, a = ec.parse_params_extended(mid)
    np.testing.assert_equal([t, a], [total, active])


def test_is_moe_rules():
    assert ec.is_moe("mistralai/Mixtral-8x7B-v0.1")
    assert ec.is_moe("google/t5_xxl_true_nli_mixture")          # author's name rule
    assert not ec.is_moe("Qwen/Qwen3-30B-A3B", ["qwen3_moe"])    # tags unused by the author
    assert ec.is_moe("Qwen/Qwen3-30B-A3B", ["qwen3_moe"], rule="extended")
    assert ec.is_moe("x/y", ["deepseek_moe"], rule="extended")
    assert not ec.is_moe("x/y", ["license:moe-license"], rule="extended")
    with pytest.raises(ParameterError):
        ec.is_moe("x/y-base", rule="nope")


def test_is_edge_rules():
    ids = ["a/x-7B", "a/x-8B", "microsoft/NextCoder-32B", "b/MiniCPM", "b/unknown"]
    size = [7.0, 8.0, 32.0, np.nan, np.nan]
    a = ec.is_edge(size, ids)
    assert list(a) == [True, False, True, True, False]
    b = ec.is_edge(size, ids, rule="no_micro")
    assert list(b) == [True, False, False, True, False]
    c = ec.is_edge(size, ids, rule="size_only")
    assert list(c[:3]) == [True, False, False] and pd.isna(c[3]) and pd.isna(c[4])
    assert list(ec.is_edge(size, ids, threshold_b=8.0, rule="size_only")[:2]) == [True, True]


def test_rules_validation():
    with pytest.raises(ParameterError):
        ec.Rules(edge_threshold_b=-1)
    with pytest.raises(ParameterError):
        ec.Rules(parser="guess")
    with pytest.raises(ParameterError):
        ec.Rules(treatment_date="not a date")


# ----------------------------------------------------------------------------- synthetic data
def _records(seed=0, n_per=6):
    """A small Hub dump: 2 constrained and 2 control authors, models across 2022-2024."""
    rng = np.random.default_rng(seed)
    out = {}
    sizes = ["0.5B", "1.8B", "7B", "14B", "72B", "small", "base"]
    for a in ("Qwen", "deepseek-ai", "meta-llama", "mistralai"):
        recs = []
        for q, start in enumerate(pd.date_range("2022-01-15", periods=10, freq="QS")):
            for j in range(n_per):
                s = sizes[rng.integers(len(sizes))]
                mid = f"{a}/m{q}-{j}{'-moe' if (j + q) % 4 == 0 else ''}-{s}"
                recs.append({"id": mid, "modelId": mid, "downloads": int(rng.integers(0, 10000)),
                             "tags": ["moe"] if j == 0 else [],
                             "createdAt": (start + pd.Timedelta(days=int(rng.integers(0, 80)))
                                           ).strftime("%Y-%m-%dT%H:%M:%S.000Z")})
        out[a] = recs
    return out


def test_model_table_and_panel_from_records():
    recs = _records()
    m = ec.build_model_table(recs)
    assert len(m) == 4 * 10 * 6
    assert m.param_b.isna().sum() == m.model_id.str.contains("small|base").sum()
    assert (m.param_b.dropna() > 0).all()
    assert set(m.constrained[m.author.isin(["Qwen", "deepseek-ai"])]) == {1}
    assert (m.post == (m.created >= pd.Timestamp(ec.TREATMENT_DATE))).astype(int).all()
    p = ec.build_panel(m)
    assert p.n_models.sum() == len(m)
    assert np.allclose(p.edge_share, p.n_edge / p.n_models)
    assert np.allclose(p.log_downloads, np.log1p(p.total_downloads))
    assert (p.post_x_constrained == p.post * p.constrained).all()
    # unknown sizes: 'small' counts as edge under the author's keyword rule, 'base' does not
    row = m[m.model_id.str.endswith("-small")].iloc[0]
    assert bool(row.edge_compatible)
    row = m[m.model_id.str.endswith("-base")].iloc[0]
    assert not bool(row.edge_compatible)
    # size-only rule: unknown is <NA>, and 'drop' removes it from the denominator
    r = ec.Rules(edge_rule="size_only", unknown="drop")
    m2 = ec.build_model_table(recs, r)
    assert m2.edge_compatible.isna().sum() == m2.param_b.isna().sum()
    p2 = ec.build_panel(m2, r)
    assert p2.n_models.sum() == m2.param_b.notna().sum()


def test_model_table_errors():
    with pytest.raises(DataError):
        ec.build_model_table({})
    with pytest.raises(DataError):
        ec.build_model_table([{"id": "a/b"}])  # no createdAt
    with pytest.raises(DataError):
        hub.records_from_dump({"a": 3})


def _panel(delta=0.3, n_c=8, n_u=8, n_q=12, t0=5, sigma=0.05, seed=0, pre_trend=0.0):
    """Balanced author-quarter panel with author and quarter effects and a known δ."""
    rng = np.random.default_rng(seed)
    rows = []
    qs = [str(q) for q in pd.period_range("2021Q1", periods=n_q, freq="Q")]
    fe_q = rng.normal(0, 0.1, n_q)
    for i in range(n_c + n_u):
        c = int(i < n_c)
        fe_a = rng.normal(0, 0.2)
        for t, q in enumerate(qs):
            post = int(t >= t0)
            y = (0.4 + fe_a + fe_q[t] + delta * post * c + pre_trend * c * (t - t0) * (1 - post)
                 + rng.normal(0, sigma))
            rows.append({"author": f"a{i:02d}", "quarter": q, "constrained": c, "post": post,
                         "post_x_constrained": post * c, "edge_share": y})
    return pd.DataFrame(rows)


def test_did_recovers_known_effect():
    p = _panel(delta=0.3)
    for spec in ("firm_fe", "twfe"):
        r = ec.estimate_did(p, spec=spec)
        assert abs(r.delta - 0.3) < 4 * r.se
        assert r.p < 1e-6
    r = ec.estimate_did(p, spec="twfe")
    assert abs(r.delta - 0.3) < 0.05
    assert "post_x_constrained" in r.summary()
    null = ec.estimate_did(_panel(delta=0.0, seed=3), spec="twfe")
    assert abs(null.delta) < 4 * null.se


@pytest.mark.parametrize("spec", ["baseline", "firm_fe", "twfe"])
@pytest.mark.parametrize("cov", ["classical", "robust", "cluster"])
def test_panelols_matches_dummy_ols(spec, cov):
    p = _panel(seed=1, sigma=0.2)
    p = p.sample(frac=0.85, random_state=2)  # unbalanced
    a = ec.estimate_did(p, spec=spec, cov=cov)
    b = ec.estimate_did(p, spec=spec, cov=cov, engine="linearmodels")
    assert a.delta == pytest.approx(b.delta, abs=1e-10)
    assert a.rsquared == pytest.approx(b.rsquared, abs=1e-10)
    if cov in ("classical", "cluster"):  # cluster: CR1 in both engines
        assert a.se == pytest.approx(b.se, rel=1e-8)
    if cov == "cluster":
        assert a.p == pytest.approx(b.p, rel=1e-8)
        assert a.cov_correction == b.cov_correction == ec.CR1
    elif cov == "robust" and spec == "baseline":
        assert a.se == pytest.approx(b.se, rel=1e-8)
    else:  # small-sample corrections differ between the libraries; same order of magnitude
        assert 0.5 < a.se / b.se < 2.0


@settings(max_examples=15, deadline=None)
@given(delta=st.floats(-1, 1), seed=st.integers(0, 10_000))
def test_property_twfe_engines_agree(delta, seed):
    p = _panel(delta=delta, seed=seed, n_c=3, n_u=3, n_q=6, t0=3, sigma=0.3)
    a = ec.estimate_did(p, spec="twfe", cov="classical")
    b = ec.estimate_did(p, spec="twfe", cov="classical", engine="linearmodels")
    assert a.delta == pytest.approx(b.delta, abs=1e-9)
    assert a.se == pytest.approx(b.se, rel=1e-7)


def test_did_errors():
    p = _panel()
    with pytest.raises(ParameterError):
        ec.estimate_did(p, spec="triple")
    with pytest.raises(ParameterError):
        ec.estimate_did(p, cov="bootstrap")
    with pytest.raises(DataError):
        ec.estimate_did(p.drop(columns="post"))


def test_event_study_pretrend():
    flat = ec.event_study(_panel(delta=0.3, sigma=0.03), treatment_date="2022-04-01")
    assert flat.ref == "2022Q1"
    assert flat.table.set_index("quarter").loc["2022Q1", "coef"] == 0
    post = flat.table[flat.table.period == "post"]
    assert np.allclose(post.coef, 0.3, atol=0.1)
    assert flat.pretrend_p > 0.01 and flat.pretrend_df == 4
    trend = ec.event_study(_panel(delta=0.3, sigma=0.03, pre_trend=0.1),
                           treatment_date="2022-04-01")
    assert trend.pretrend_p < 1e-6 and not trend.parallel_trends_supported
    assert "pre-trend" in trend.summary()


def test_post_specs_and_lpm_on_records():
    m = ec.build_model_table(_records(n_per=10))
    p = ec.build_panel(m)
    res = ec.run_all(m, p)
    assert len(res) == 12
    lpm = res[9]
    assert lpm.nobs == int((m.post == 1).sum())
    c3 = res[11]
    assert c3.coef == "constrained_x_time" and c3.nobs == int((p.post == 1).sum())
    tab = ec.results_frame(res)
    assert list(tab.columns[:4]) == ["specification", "outcome", "coef", "estimate"]


def test_lpm_recovers_known_probability_gap():
    rng = np.random.default_rng(5)
    n = 4000
    c = rng.integers(0, 2, n)
    created = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    edge = rng.random(n) < (0.5 - 0.1 * c)
    m = pd.DataFrame({"author": np.where(c == 1, "cn", "us"), "created": created,
                      "edge_compatible": pd.array(edge, dtype="boolean"), "constrained": c,
                      "post": 1, "quarter": created.to_period("Q").astype(str)})
    r = ec.model_lpm(m)
    assert abs(r.delta + 0.1) < 3 * r.se


def test_robustness_table_on_records():
    t = ec.robustness_table(_records(n_per=5))
    assert len(t) == 16
    base = t.iloc[0]
    assert base.choice == "author's choices" and np.isfinite(base.twfe_delta)
    # SE variants change SEs, not coefficients
    se = t[t.choice == "standard errors"]
    assert np.allclose(se.twfe_delta, base.twfe_delta)
    # placebo a year early: no constrained pre-period in a 2022+ dump -> flagged, not silent NaN
    plac = t[t.variant.str.contains("placebo")].iloc[0]
    assert plac.note.startswith("not identified")


# ----------------------------------------------------------------------------- fetch
class _StubModel:
    def __init__(self, mid, created):
        self.id, self.created_at, self.downloads, self.likes = mid, created, 5, 1
        self.tags, self.pipeline_tag, self.library_name, self.private = ["x"], None, None, False


class _StubApi:
    def __init__(self, fail=False):
        self.calls, self.fail = 0, fail

    def list_models(self, author, limit=None, sort=None, direction=None):
        self.calls += 1
        if self.fail:
            raise OSError("network unreachable")
        return [_StubModel(f"{author}/m-1B", pd.Timestamp("2023-05-01", tz="UTC"))]


def test_fetch_models_caches(tmp_path):
    api = _StubApi()
    d = hub.fetch_models(["Qwen", "google"], cache_dir=tmp_path, api=api)
    assert api.calls == 2 and d["Qwen"][0]["createdAt"] == "2023-05-01T00:00:00.000Z"
    d2 = hub.fetch_models(["google", "Qwen"], cache_dir=tmp_path, api=_StubApi(fail=True))
    assert d2 == d  # served from the cache, no network
    m = ec.build_model_table(d2)
    assert list(m.param_b) == [1.0, 1.0]


def test_fetch_models_offline_error(tmp_path):
    with pytest.raises(HubError, match="offline"):
        hub.fetch_models(["Qwen"], cache_dir=tmp_path, api=_StubApi(fail=True))
    assert issubclass(HubError, DataError)


def test_records_from_dump_path(tmp_path):
    f = tmp_path / "dump.json"
    f.write_text(json.dumps(_records(n_per=1)))
    assert len(hub.records_from_dump(f)) == 40


# ----------------------------------------------------------------------------- author data
@pytest.fixture(scope="module")
def author(author_data):
    from endodec import datasets

    dump = datasets.load_author("hf_export_control_cache", author_data)
    models = ec.build_model_table(dump)
    return {"dump": dump, "models": models, "panel": ec.build_panel(models),
            "log": datasets.load_author("export_control_did_results", author_data),
            "ml": pd.read_csv(author_data / "export_control_model_level.csv"),
            "panel_author": pd.read_csv(author_data / "export_control_panel.csv")}


def test_author_model_table_cell_by_cell(author):
    m, ml = author["models"], author["ml"]
    mine = m[ml.columns].copy()
    mine["created"] = mine.created.dt.strftime("%Y-%m-%d %H:%M:%S")
    mine["edge_compatible"] = mine.edge_compatible.astype(bool)
    assert len(mine) == len(ml) == 3854
    diff = ec.compare_frames(mine, ml, ["model_id"])
    assert diff.empty, diff.head()
    assert m.param_b.isna().sum() == 2041  # unknown sizes stay unknown (not 0)


def test_author_panel_cell_by_cell(author):
    p, pa = author["panel"], author["panel_author"]
    assert len(p) == len(pa) == 170
    assert ec.compare_frames(p, pa, ["author", "quarter"]).empty
    assert p.author.nunique() == 16 and p.quarter.nunique() == 17


def _log_value(log, label):
    m = re.search(re.escape(label) + r".*?delta \(Post x Constrained\) = ([-+]\d+\.\d+) "
                  r"\(SE=(\d+\.\d+)\)\s+\[[\d:]+\]\s+p-value = (\d+\.\d+)\s+\[[\d:]+\]\s+"
                  r"N = (\d+), R\^2 = (\d+\.\d+)", log, re.S)
    return tuple(float(g) for g in m.groups())


def test_author_log_did_reproduced(author):
    log, p = author["log"], author["panel"]
    specs = [("(1) Baseline", "edge_share", "baseline"), ("(2) Firm FE", "edge_share", "firm_fe"),
             ("(3) Two-way FE", "edge_share", "twfe"), ("(4) Count", "n_edge", "baseline"),
             ("(5) Log downloads", "log_downloads", "baseline"),
             ("(6) MoE share", "moe_share", "baseline")]
    for label, y, spec in specs:
        d, se, pv, n, r2 = _log_value(log, label)
        r = ec.estimate_did(p, y, spec)
        assert round(r.delta, 4) == d and round(r.se, 4) == se and round(r.p, 4) == pv
        assert r.nobs == n and round(r.rsquared, 4) == r2


def test_author_log_alternatives_reproduced(author):
    log, m, p = author["log"], author["models"], author["panel"]
    res = {r.name.split(")")[0] + ")": r for r in ec.run_all(m, p)}
    for lab in ("(A1)", "(B1)", "(B2)", "(C1)", "(C2)", "(C3)"):
        mm = re.search(re.escape(lab) + r"\s+[^\n]*?coeff=([-+]\d+\.\d+)\s+p=(\d+\.\d+)", log)
        assert mm, lab
        assert round(res[lab].delta, 4) == float(mm.group(1))
        assert round(res[lab].p, 4) == float(mm.group(2))
    assert res["(C1)"].nobs == 2984
    es = ec.event_study(p)
    for q, coef, se, pv in re.findall(r"(\d{4}Q\d)\s+([-+]\d\.\d{4})\s+(\d\.\d{4})\s+(\d\.\d{4})",
                                      log):
        row = es.table.set_index("quarter").loc[q]
        assert (round(row.coef, 4), round(row.se, 4), round(row.p_value, 4)) == \
            (float(coef), float(se), float(pv))
    assert es.parallel_trends_supported


def test_author_descriptives(author):
    d = ec.descriptives(author["models"]).set_index("group")
    assert d.loc["constrained", "n_post"] == 961 and d.loc["control", "n_pre"] == 801
    assert round(100 * d.loc["constrained", "edge_share_post"], 1) == 47.0
    assert round(100 * d.loc["control", "edge_share_post"], 1) == 52.4
    assert round(ec.raw_did(author["panel"])["did"], 4) == 0.0190
    # every Microsoft repository is edge-compatible under the author's rule ('micro' keyword)
    m = author["models"]
    assert m.loc[m.author == "microsoft", "edge_compatible"].all()
    # the Hub reports createdAt = 2022-03-02 for every older repository: a pile-up quarter
    assert (m.created.dt.strftime("%Y-%m-%d") == "2022-03-02").sum() == 707


def test_fetch_models_with_real_client_signature(tmp_path):
    """huggingface_hub (when installed) accepts the arguments fetch_models passes."""
    hfh = pytest.importorskip("huggingface_hub")
    import inspect

    params = inspect.signature(hfh.HfApi.list_models).parameters
    assert {"author", "limit", "sort"} <= set(params)

    class Api(hfh.HfApi):
        def list_models(self, **kw):  # no network: check the call, return one record
            inspect.signature(hfh.HfApi.list_models).bind(self, **kw)
            return [_StubModel(f"{kw['author']}/x-3B", pd.Timestamp("2024-01-01", tz="UTC"))]

    d = hub.fetch_models(["Qwen"], cache_dir=tmp_path, api=Api())
    assert d["Qwen"][0]["id"] == "Qwen/x-3B"


# ----------------------------------------------------------------------------- wild bootstrap
def test_wild_cluster_bootstrap_basics():
    p = _panel(delta=0.0, n_c=4, n_u=5, n_q=8, t0=4, sigma=0.3, seed=4)
    r = ec.estimate_did(p, spec="twfe", cov="cluster")
    w = ec.wild_cluster_bootstrap(r, n_boot=9999)
    assert w.full_enumeration and w.n_boot == 2 ** 9 and w.n_clusters == 9
    assert w.t_stat == pytest.approx(r.delta / r.se, rel=1e-9)  # CR1 t of statsmodels
    assert 2 / 2 ** 9 <= w.p_value <= 1 and w.p_value_strict <= w.p_value
    strong = ec.estimate_did(_panel(delta=1.0, n_c=6, n_u=6, sigma=0.05, seed=4), spec="twfe",
                             cov="cluster")
    ws = ec.wild_cluster_bootstrap(strong, n_boot=999, weights="webb", seed=1)
    assert not ws.full_enumeration and ws.p_value < 0.05
    with pytest.raises(ParameterError):
        ec.wild_cluster_bootstrap(r, weights="mammen")
    pl = ec.estimate_did(p, spec="twfe", engine="linearmodels")
    with pytest.raises(ParameterError):
        ec.wild_cluster_bootstrap(pl)


def test_wild_cluster_bootstrap_matches_wildboottest():
    """Full enumeration: the wildboottest package's p lies between our strict and tie-inclusive
    p-values (it counts |t*| > |t|; float noise decides exact ties)."""
    wbt = pytest.importorskip("wildboottest.wildboottest")
    for seed in range(2):
        p = _panel(delta=0.05, n_c=4, n_u=5, n_q=8, t0=4, sigma=0.3, seed=seed)
        for spec in ("baseline", "twfe"):
            r = ec.estimate_did(p, spec=spec, cov="cluster")
            w = ec.wild_cluster_bootstrap(r, n_boot=9999)
            o = wbt.wildboottest(r.fit.model, param="post_x_constrained",
                                 cluster=r.fit.endodec_groups, B=9999, weights_type="rademacher",
                                 impose_null=True, bootstrap_type="11", seed=1, show=False)
            assert float(o.iloc[0, 0]) == pytest.approx(w.t_stat, rel=1e-8)
            assert w.p_value_strict - 1e-12 <= float(o.iloc[0, 1]) <= w.p_value + 1e-12


def test_multi_round_did_recovers_round_effects():
    p = _panel(delta=0.0, n_c=8, n_u=8, n_q=20, t0=7, sigma=0.03, seed=7)
    q = pd.PeriodIndex(p.quarter, freq="Q")
    dates = ("2022-10-07", "2023-10-17", "2025-01-15")
    true = (0.2, 0.1, -0.15)
    for dt, eff in zip(dates, true, strict=True):
        p.loc[(q >= pd.Period(pd.Timestamp(dt), freq="Q")) & (p.constrained == 1),
              "edge_share"] += eff
    r = ec.multi_round_did(p, dates)
    est = [r.params[f"constrained_x_round{i}"] for i in (1, 2, 3)]
    np.testing.assert_allclose(est, true, atol=0.05)
    with pytest.warns(NumericalWarning, match="n_boot = 199"):
        w = ec.wild_cluster_bootstrap(ec.multi_round_did(p, dates, cov="cluster"), n_boot=199,
                                      coef="constrained_x_round3")
    assert w.coef == "constrained_x_round3" and w.estimate == pytest.approx(est[2])
    with pytest.raises(DataError):
        ec.multi_round_did(p, ("2030-01-01",))


def test_wild_cluster_bootstrap_warns_when_coarse():
    """Rademacher weights on G <= 5 clusters cannot give p < 0.05: a NumericalWarning says so;
    Webb weights and enough draws stay silent."""
    import warnings

    p = _panel(delta=0.0, n_c=2, n_u=3, n_q=8, t0=4, sigma=0.3, seed=4)
    r = ec.estimate_did(p, spec="twfe", cov="cluster")
    with pytest.warns(NumericalWarning, match="G = 5 clusters"):
        w = ec.wild_cluster_bootstrap(r, n_boot=999)
    assert w.full_enumeration and w.p_value >= 2 / 2 ** 5
    with warnings.catch_warnings():
        warnings.simplefilter("error", NumericalWarning)
        ec.wild_cluster_bootstrap(r, n_boot=999, weights="webb")
