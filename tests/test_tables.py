"""Publication tables (endodec.tables) and the LaTeX of the generic table writer."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from endodec._writers import to_latex, write_table
from endodec.errors import ParameterError
from endodec.tables import STARS, latex_label, regression_table, tex

REF = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference-data"


class _Fit:
    """A minimal estimation result with statsmodels' names."""

    def __init__(self, params, bse, pvalues, nobs=100, rsquared=0.5, cov_type="HC1",
                 n_clusters=None, name=""):
        self.params, self.bse, self.pvalues = (pd.Series(x, dtype=float)
                                               for x in (params, bse, pvalues))
        self.nobs, self.rsquared, self.cov_type = nobs, rsquared, cov_type
        self.n_clusters, self.name = n_clusters, name


def _dram_fits():
    from endodec import datasets
    from endodec.empirics.learning_curves import fit_frame, fit_wright

    d = datasets.load("dram", "001").dropna(subset=["ln_price"])
    return [fit_frame(d, logs=True, name="printed logs"),
            fit_wright(d["price_usd_per_gb"], d["cum_prod_eb"], labels=d["year"], name="levels")]


def test_layout_of_a_wright_table():
    fits = _dram_fits()
    t = regression_table(fits, caption="DRAM")
    f = t.frame()
    assert list(f.columns) == ["(1) printed logs", "(2) levels"]
    a = list(f.index).index("α (learning elasticity)")
    for j, fit in enumerate(fits):
        # coefficient with its stars, the SE in parentheses in the row below
        est = f.iloc[a, j]
        assert est.startswith(f"{fit.alpha:.3f}")
        assert est.count("*") == sum(fit.pvalue < s for s in STARS)
        assert f.iloc[a + 1, j] == f"({fit.se:.3f})"
    assert f.loc["Observations"].tolist() == [str(fit.n) for fit in fits]
    assert f.loc["R²"].tolist() == [f"{fit.r2:.3f}" for fit in fits]
    assert f.loc["SE type"].tolist() == ["classical", "classical"]
    assert "classical OLS" in t.notes[0] and "t(7)" in t.notes[0]
    assert t.notes[1] == "* p < 0.10, ** p < 0.05, *** p < 0.01."
    num = t.to_frame()
    assert set(num.term) == {"ln_c0", "alpha"} and num.estimate.notna().all()
    # the same table in four faces; no raw coefficient names anywhere
    md, csv, html, tx = t.to_markdown(), t.to_csv(), t.to_html(), t.to_latex()
    for face in (md, csv, html):
        assert "α (learning elasticity)" in face and "ln_c0" not in face
    assert "|---|---:|---:|" in md and md.startswith("**DRAM**")
    assert r"$\alpha$" in tx and r"$\ln c_0$" in tx and "ln\\_c0" not in tx
    assert r"\toprule" in tx and r"\bottomrule" in tx and tx.count(r"\midrule") == 2
    assert "D{.}{.}{-1}D{.}{.}{-1}" in tx and "^{***}" in tx
    assert r"\textit{Notes:}" in tx and "$<$" in tx
    assert 'id="T_regtab"' in html and html == t.to_html()  # deterministic


def test_fixed_effect_cluster_rows_and_notes():
    base = _Fit({"Intercept": 1.0, "post_x_constrained": 0.2, "post": 0.1},
                {"Intercept": 0.1, "post_x_constrained": 0.1, "post": 0.05},
                {"Intercept": 0.0, "post_x_constrained": 0.04, "post": 0.2}, name="Baseline")
    twfe = _Fit({"post_x_constrained": 0.18, "C(author)[T.b]": 3.0, "C(quarter)[T.2]": 1.0},
                {"post_x_constrained": 0.09, "C(author)[T.b]": 1.0, "C(quarter)[T.2]": 1.0},
                {"post_x_constrained": 0.06, "C(author)[T.b]": 0.1, "C(quarter)[T.2]": 0.3},
                cov_type="cluster", n_clusters=16, name="Two-way FE")
    t = regression_table([base, twfe], cluster_by="author", notes=["A note."])
    f = t.frame()
    assert "C(author)[T.b]" not in "".join(f.index)  # dummies are rows of FE, not coefficients
    assert f.loc["Author FE"].tolist() == ["No", "Yes"]
    assert f.loc["Quarter FE"].tolist() == ["No", "Yes"]
    assert f.loc["Clustered SE"].tolist() == ["No", "author (G = 16)"]
    assert f.loc["SE type"].tolist() == ["HC1", "CR1"]
    assert f.loc["Post × Constrained"].tolist() == ["0.200**", "0.180*"]
    assert f.loc["Post"].tolist() == ["0.100", ""]  # absent from model 2: blank
    assert "(1) heteroskedasticity-robust HC1" in t.notes[0]
    assert "(2) cluster-robust CR1" in t.notes[0] and t.notes[-1] == "A note."
    explicit = regression_table([base, twfe], fe_rows={"Firm FE": [False, "absorbed"]})
    assert explicit.frame().loc["Firm FE"].tolist() == ["No", "absorbed"]
    assert "Author FE" not in explicit.frame().index
    keep = regression_table([base, twfe], keep=["post"], labels={"post": "After Oct 2022"})
    assert [i for i in keep.frame().index[:2]] == ["After Oct 2022", ""]


@given(st.floats(0, 1))
def test_stars_follow_the_thresholds(p):
    t = regression_table([_Fit({"x": 1.0}, {"x": 0.5}, {"x": p})])
    assert t.frame().iloc[0, 0].count("*") == sum(p < s for s in STARS)


def test_bad_input_is_a_parameter_error():
    fit = _Fit({"x": 1.0}, {"x": 0.5}, {"x": 0.5})
    with pytest.raises(ParameterError, match="results"):
        regression_table([])
    with pytest.raises(ParameterError, match=r"results\[1\]"):
        regression_table([fit, object()])
    with pytest.raises(ParameterError, match="model_names"):
        regression_table([fit], model_names=["a", "b"])
    with pytest.raises(ParameterError, match="fe_rows"):
        regression_table([fit], fe_rows={"Firm FE": [True, False]})
    with pytest.raises(ParameterError, match="digits"):
        regression_table([fit], digits=-1)


def test_labels_never_raw():
    assert latex_label("p_value") == "$p$-value"
    assert latex_label("r2") == "$R^2$"
    assert latex_label("T_nash") == r"$T_{\mathrm{nash}}$"
    assert latex_label("capex_usd_bn") == r"Capex (US\$ bn)"
    assert latex_label("n_clusters") == "Clusters"
    assert tex("≤3B & Q̄_x") == r"$\leq$3B \& $\bar{Q}$\_x"


def test_write_table_latex_aligns_numbers_and_labels_headers():
    df = pd.DataFrame({"name": ["a", "b"], "estimate": [0.1234, 2.0], "p_value": [0.5, 0.01],
                       "n": [9, 41]})
    tx = to_latex(df, caption="Fits ≤ 2024")
    assert r"\begin{tabular}{lrrr}" in tx
    assert "Name & Estimate & $p$-value & $n$" in tx
    assert "p\\_value" not in tx and r"\caption{Fits $\leq$ 2024}" in tx


def _pdflatex(tmp_path: Path, body: str) -> Path:
    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.skip("pdflatex not installed (Debian: apt-get install texlive-latex-recommended)")
    (tmp_path / "doc.tex").write_text(body, encoding="utf-8")
    r = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    errors = re.findall(r"^!.*$", r.stdout, flags=re.M)
    assert r.returncode == 0, "\n".join(errors) or r.stdout[-2000:]
    assert not re.search(r"Missing character", (tmp_path / "doc.log").read_text(errors="replace"))
    return tmp_path / "doc.pdf"


def test_generated_tables_compile_with_pdflatex(tmp_path):
    """A regression table (standalone document: booktabs + dcolumn) and a generic table with
    Greek letters, symbols and underscores compile with pdflatex."""
    t = regression_table(_dram_fits() + [_Fit(
        {"post_x_constrained": -0.2, "C(author)[T.b]": 1.0}, {"post_x_constrained": 0.1,
                                                              "C(author)[T.b]": 1.0},
        {"post_x_constrained": 0.03, "C(author)[T.b]": 0.5}, cov_type="cluster",
        n_clusters=16, name="DID")], caption="Wright's law and a DID, α ≤ 1", cluster_by="author")
    pdf = _pdflatex(tmp_path, t.to_latex(label="tab:demo", standalone=True))
    assert pdf.stat().st_size > 1000
    write_table(pd.DataFrame({"p_value": [0.01], "T_nash": [1.5], "note": ["≤3B, Q̄ & 5% | x"]}),
                tmp_path, "generic", caption="A table: δ = 0.1")
    doc = ("\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
           "\\input{generic.tex}\n\\end{document}\n")
    assert _pdflatex(tmp_path, doc).stat().st_size > 1000


def test_writes_four_files(tmp_path):
    t = regression_table(_dram_fits())
    files = t.write(tmp_path, "demo")
    assert files == ["demo.csv", "demo.md", "demo.tex", "demo.html"]
    back = pd.read_csv(tmp_path / "demo.csv", index_col=0, keep_default_na=False)
    assert back.shape == t.frame().shape
    assert r"\label{tab:demo}" in (tmp_path / "demo.tex").read_text()


@pytest.mark.author_data
def test_capex_regressions_from_author_data():
    if not (REF / "hyperscaler_capex.csv").is_file():
        pytest.skip("../shared/reference-data (the author's data) is absent")
    from endodec import datasets
    from endodec.empirics import capex as C

    f = datasets.load_author("hyperscaler_capex", directory=REF)
    fits = [C.complementarity(f, "level"), C.complementarity(f, "level", "firm", "clustered")]
    t = regression_table(fits, cluster_by="firm")
    fr = t.frame()
    assert fr.loc["Firm FE"].tolist() == ["No", "Yes"]
    assert fr.loc["Clustered SE"].tolist() == ["No", "firm (G = 4)"]
    assert fr.loc["Rival capex (t−1)"].iloc[0].startswith(f"{fits[0].beta:.3f}")
    assert "t(3)" in t.notes[0]
