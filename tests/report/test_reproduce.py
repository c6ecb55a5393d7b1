"""reproduce end to end: outputs, ledger completeness, atomicity, valid HTML."""

from html.parser import HTMLParser

import pandas as pd
import pytest

from endodec.analyses import REGISTRY, load_all
from endodec.claims import STATUSES, evaluate, load_claims, matches, parse_expected
from endodec.report.reproduce import reproduce


@pytest.fixture(scope="module")
def report(fast_report):
    return fast_report  # one --fast run per session (tests/report/conftest.py)


def test_outputs_exist(report):
    out = report.out
    for f in ("report.html", "ledger.csv", "ledger.json", "manifest.json"):
        assert (out / f).is_file()
    for ext in ("png", "pdf", "svg"):  # the default figure formats
        assert len(list((out / "figures").glob(f"*.{ext}"))) == sum(
            a.kind == "figure" for a in report.artifacts), ext
    assert list((out / "tables").glob("*.tex"))


def test_ledger_complete_and_computed(report):
    led = pd.read_csv(report.out / "ledger.csv", dtype=str, keep_default_na=False)
    claims = load_claims()
    assert len(led) == len(claims) > 0
    load_all()
    for aid in claims["analysis"]:
        assert aid in REGISTRY, f"claim points at unknown analysis {aid}"
    assert set(led["status"]) <= set(STATUSES)
    bad = led[led["status"] == "error"]
    assert bad.empty, bad[["id", "explanation"]].to_string()
    # a claim not needing author data must have a computed value or a determined status
    ran = led[led["status"].isin(["reproduced", "not reproduced"])]
    assert (ran["computed"] != "").all()


def test_statuses_are_computed_not_written():
    claims = load_claims()
    assert "status" not in claims.columns
    row = claims[claims["id"] == "g000-3.5-vn"]
    from endodec.analyses.base import Value

    fake = {row["analysis"].iloc[0]: {row["key"].iloc[0]: Value(
        1.0, note="planted value", conditions={"baseline": "N=5, S_T=0"})}}
    led = evaluate(row, fake, subset=True)
    assert led["status"].iloc[0] == "not reproduced"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.imgs, self.stack, self.errors = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if tag not in ("img", "meta", "br", "hr", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def test_html_valid_and_complete(report):
    html = (report.out / "report.html").read_text()
    p = _Collector()
    p.feed(html)
    assert not p.errors[:5]
    assert p.stack == []
    for art in report.artifacts:
        for f in art.files:
            assert (report.out / f).is_file(), f
        assert art.name in p.ids
    # figures are linked beside the report (not embedded): every link resolves
    assert all(s.startswith("figures/") and s.endswith(".png") for s in p.imgs)
    assert all((report.out / s).is_file() for s in p.imgs)
    assert len(p.imgs) == sum(a.kind == "figure" for a in report.artifacts)
    assert len(html) < 2_000_000, len(html)
    assert "Summary" in html and "Findings" in html


def test_failed_run_leaves_previous_report_untouched(tmp_path):
    out = tmp_path / "res"
    reproduce(out=out, only=["appA-two-period"], fast=True)
    before = (out / "ledger.csv").read_text()
    with pytest.raises(RuntimeError, match="simulated"):
        reproduce(out=out, only=["s3-baseline"], fast=True, _fail_after_write=True)
    assert (out / "ledger.csv").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["res"]  # no temp dirs left behind


def test_interrupt_leaves_nothing(tmp_path, monkeypatch):
    import endodec.report.reproduce as rp

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(rp, "_run_one", boom)
    with pytest.raises(KeyboardInterrupt):
        rp.reproduce(out=tmp_path / "x", only=["s3-baseline"])
    assert list(tmp_path.iterdir()) == []


def test_only_selects_and_rejects(tmp_path):
    res = reproduce(out=tmp_path / "o", only=["3.4"], fast=True)
    assert set(res.timings) == {"s3.4-verification"}
    from endodec.errors import ParameterError

    with pytest.raises(ParameterError, match="only"):
        reproduce(out=tmp_path / "o2", only=["no-such-analysis"])


@pytest.mark.parametrize("raw, val, tol, ok", [
    ("19.22", 19.2191, "digits", True), ("19.22", 19.23, "digits", False),
    ("26-112", (26.2, 111.6), "digits", True), ("3-4", 4.22, "abs:0", False),
    ("<1e-12", 8e-13, "digits", True), ("true", True, "digits", True),
    ("~2028", 2028.4, "digits", True), ("1,300", 1300.2, "digits", True),
    ("34.1", 34.2, "rel:0.01", True),
])
def test_matches(raw, val, tol, ok):
    assert matches(val, parse_expected(raw), tol) is ok


def test_publication_tables_saved_and_shown(report):
    """The learning-curve analyses also save their fits as a publication table (four faces),
    beside the existing table; the report shows its HTML (SEs in parentheses, notes)."""
    html = (report.out / "report.html").read_text()
    for v in ("000", "001"):
        art = next(a for a in report.artifacts if a.name == f"tab{v}_dram_fit_paper")
        assert art.files == [f"tables/tab{v}_dram_fit_paper.{e}" for e in
                             ("csv", "md", "tex", "html")]
        assert any(a.name == f"tab{v}_dram_fit" for a in report.artifacts)  # kept
        tex = (report.out / "tables" / f"tab{v}_dram_fit_paper.tex").read_text()
        assert r"\begin{tabular}{lD{.}{.}{-1}D{.}{.}{-1}D{.}{.}{-1}}" in tex
        assert f'id="T_tab{v}_dram_fit_paper"' in html
    assert html.count('class="table-notes"') >= 2
