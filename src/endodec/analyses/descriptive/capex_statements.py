"""Capex statements outside the capex tables and hyperscaler capex by firm (seed 000 Table 4,
seed 001 Table 9)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.analyses.descriptive.common import (
    _cite,
    _load,
    _prov,
    _t,
)
from endodec.plots import empirics as plots


@analysis("desc001-4-capex-statements", title="Capex statements of seed 001 outside Table 9",
          section="4", version="001")
def capex_statements_001(ctx):
    """Seed 001 statements about the capex cycle that contradict Table 9 or another section."""
    cx = _load("hyperscaler_capex", "001")
    prov = _prov(cx)
    tot = cx[cx["row_type"] == "total"].set_index("year")["capex_usd_bn"]
    t11 = _load("capex_test", "001").set_index("year")["actual_usd_bn"]
    filled = pd.concat([tot, t11[[y for y in t11.index if y not in tot.index]]]).sort_index()
    cum = filled[filled.index >= 2018].cumsum()
    printed = float(tot[tot.index <= 2025].sum())
    missing = [int(y) for y in range(2018, 2026) if y not in tot.index]
    cum_2025 = float(cum[2025])
    firms = cx[(cx["row_type"] == "firm")]["company"].unique().tolist()
    big_tech = [f for f in firms if f not in ("Stargate JV", "xAI")]
    oth = cx[cx["row_type"] == "other"].set_index("year")["capex_usd_bn"]
    msft = cx[(cx["company"] == "Microsoft")].set_index("year")["capex_usd_bn"]
    q = _t("msft_fy25_quarter_bn")
    o26, m25 = float(oth.get(2026, 0)), float(msft.get(2025, np.inf))
    t26 = float(tot.get(2026, np.nan))
    return {
        "oracle_within_other_2026": Value(
            bool(_t("oracle_2026e_bn") <= o26), data=prov + "; " + _cite("oracle_2026e_bn"),
            facts={"oracle_2026e": _t("oracle_2026e_bn"), "other_hyperscalers_2026e": o26},
            note="Oracle's 2026E guidance against Table 9's 'Other hyperscalers' 2026E cell "
            "(a lower bound, printed with '+')"),
        "msft_commitments_exceed_table": Value(
            bool(4 * q > m25), data=prov + "; " + _cite("msft_fy25_quarter_bn"),
            facts={"four_quarters_at_that_rate": 4 * q, "table9_microsoft_2025": m25},
            note=(f"four quarters at $34.9B make {4 * q:.1f} against Table 9's Microsoft 2025 "
                  f"figure of {m25:g}: the finance-lease-inclusive commitments are indeed "
                  "substantially higher")),
        "cum_printed_years_2018_2025": Value(
            cum_2025, data=prov + "; Table 11 actuals for the years Table 9 does not print",
            facts={"cum_from_2018_through_2024": float(cum[2024]),
                   "cum_from_2018_through_2025": cum_2025,
                   "cum_from_2018_through_2026": float(cum[2026]),
                   "table11_years": ", ".join(map(str, missing)), "table9_printed_sum": printed,
                   "start_year": 2018, "end_years": "2024, 2025, 2026"},
            note=("seed 001 §4 gives no period for its '$1.3 trillion'; Table 9's Total summed "
                  f"from 2018 (Table 11 fills the years Table 9 does not print) is "
                  f"{float(cum[2024]):.0f} through 2024, {cum_2025:.0f} through 2025 and "
                  f"{float(cum[2026]):.0f} through 2026E: no end year gives $1.3 trillion. The "
                  "computed value is 2018–2025, the period of the same sentence in seed 000 "
                  "(k000-4.3-cum-1.3T); the version's abstract, §1, §4.4 and §8 give a larger "
                  "cumulative figure (k001-5.2-t9-cum)")),
        "t9_total_2026_vs_note": Value(
            t26, data=prov,
            note=("Table 9's own Total row for 2026E, against its note's 'Total hyperscaler AI "
                  "spending projected at $600–610B for 2026 (IEEE ComSoc, CNBC)': the row "
                  "includes finance leases (§1 footnote 1), the note's sources may not")),
        "n_big_tech_rows": Value(
            len(big_tech), data=prov,
            note=(f"Table 9 lists {len(big_tech)} US technology companies ({', '.join(big_tech)}) "
                  "plus Stargate JV and xAI; a fifth company and Oracle appear only inside "
                  "'Other hyperscalers'")),
    }


@analysis("desc000-1-capex-statements", title="Capex statements of seed 000 outside Table 4",
          section="1", version="000")
def capex_statements_000(ctx):
    """Seed 000 §1: 'the five largest technology companies—together with Oracle and the
    Stargate joint venture' against the firms listed in Table 4."""
    cx = _load("hyperscaler_capex", "000")
    prov = _prov(cx)
    firms = cx[cx["row_type"] == "firm"]["company"].unique().tolist()
    big_tech = [f for f in firms if f != "Stargate JV"]
    fs = cx[cx["row_type"] == "firm"].groupby("year")["capex_usd_bn"].sum()
    tt = cx[cx["row_type"] == "total"].set_index("year")["capex_usd_bn"]
    gap_years = [int(y) for y in tt.index if abs(tt[y] - fs.get(y, 0)) > 0.5]
    facts, note_extra = {"firm_rows_sum_below_total_in": ", ".join(map(str, gap_years))}, ""
    if ctx.author_data is not None:
        from endodec import datasets
        from endodec.errors import AuthorDataMissing

        try:
            au = datasets.load_author("hyperscaler_capex", ctx.author_data)
            au_firms = [c for c in au["company"].unique() if c not in ("Stargate_JV", "Oracle")]
            facts["author_aggregate_tech_companies"] = len(au_firms)
            note_extra = (f" The author's aggregate (hyperscaler_capex.csv) sums {len(au_firms)} "
                          f"technology companies ({', '.join(au_firms)}) plus Oracle and Stargate: "
                          "the firms behind the Industry Total row are not those Table 4 prints.")
        except AuthorDataMissing:
            pass
    return {"n_big_tech_rows": Value(
        len(big_tech), data=prov, facts=facts,
        note=(f"Table 4 lists {len(big_tech)} technology companies ({', '.join(big_tech)}) and "
              "Stargate; no fifth company and no Oracle row, although the Industry Total row "
              "exceeds the sum of the firm rows in the years in facts." + note_extra))}


def capex_growth_table(version: str) -> pd.DataFrame:
    """Per year: sum of the firm rows, printed (sub)total rows, their gap, and multiples of 2018
    (seed 000 Table 4 / seed 001 Table 9)."""
    cx = _load("hyperscaler_capex", version)
    firms = cx[cx["row_type"] == "firm"].groupby("year")["capex_usd_bn"].sum()
    out = pd.DataFrame({"firm_rows_sum": firms})
    for rt in ("subtotal", "other", "total"):
        r = cx[cx["row_type"] == rt].set_index("year")["capex_usd_bn"]
        if len(r):
            out[f"printed_{rt}"] = r
    ref = "printed_subtotal" if "printed_subtotal" in out else "printed_total"
    out["gap_printed_minus_firms"] = out[ref] - out["firm_rows_sum"]
    out["printed_total_x_2018"] = out["printed_total"] / out["printed_total"].iloc[0]
    out["firm_rows_x_2018"] = out["firm_rows_sum"] / out["firm_rows_sum"].iloc[0]
    labels = cx.drop_duplicates("year").set_index("year")["year_label"]
    out.insert(0, "year_label", labels)
    return out.reset_index()


def _author_extra_firms(ctx, version: str):
    """Per-year capex of the firms in the author's hyperscaler_capex.csv that the version's table
    does not list (None without author data)."""
    if ctx.author_data is None:
        return None
    from endodec import datasets
    from endodec.errors import AuthorDataMissing

    try:
        au = datasets.load_author("hyperscaler_capex", ctx.author_data)
    except AuthorDataMissing:
        return None
    listed = set(_load("hyperscaler_capex", version)["company"].str.replace(" ", "_"))
    listed |= {c.replace("_", " ") for c in listed}
    ex = au[~au["company"].isin(listed)]
    return ex.groupby("year")["capex_bn_usd"].sum()


@analysis("desc-capex-by-firm", title="Hyperscaler capex by firm (Tables 4 and 9)",
          section="4.3", version="both")
def capex_by_firm(ctx):
    """Descriptive tables and a figure of seed 000 Table 4 and seed 001 Table 9: firm rows vs the
    printed total rows, growth multiples, and what changed between the versions. The claims on
    these tables are the capex part's (``k-capex-tables``); this analysis adds the artifacts."""
    out = {}
    for v in ("000", "001"):
        t = capex_growth_table(v)
        prov = _prov(_load("hyperscaler_capex", v))
        extra = _author_extra_firms(ctx, v)
        if extra is not None:
            t["author_firms_not_in_table"] = t["year"].map(extra).fillna(0.0)
            t["gap_minus_author_extra"] = t["gap_printed_minus_firms"] - t[
                "author_firms_not_in_table"]
            prov += "; author data hyperscaler_capex.csv"
        ctx.save_table(t, f"tab{v}_capex_growth", f"Seed {v} hyperscaler capex: firm rows vs the "
                       "printed (sub)total rows and multiples of 2018 (US$ bn)", provenance=prov)
        out[f"max_gap_{v}"] = Value(float(t["gap_printed_minus_firms"].abs().max()), data=prov,
                                    note="largest |printed (sub)total - sum of firm rows|")
    a = _load("hyperscaler_capex", "000")
    b = _load("hyperscaler_capex", "001")
    key = ["company", "year"]
    m = a[a["row_type"] == "firm"][key + ["capex_usd_bn", "year_label"]].merge(
        b[b["row_type"] == "firm"][key + ["capex_usd_bn", "year_label"]], on=key, how="outer",
        suffixes=("_000", "_001"))
    m["change"] = m["capex_usd_bn_001"] - m["capex_usd_bn_000"]
    m = m.sort_values(key)
    ctx.save_table(m, "tab_capex_versions", "Firm capex in seed 000 Table 4 vs seed 001 Table 9 "
                   "(2025: guidance in 000, actual in 001)", provenance="packaged "
                   "hyperscaler_capex v000 and v001")
    changed = m[(m["change"].abs() > 1e-9)]
    out["n_cells_changed"] = Value(int(len(changed)), data="hyperscaler_capex v000 vs v001",
                                   note="; ".join(f"{r.company} {r.year}: {r.capex_usd_bn_000:g}"
                                                  f" → {r.capex_usd_bn_001:g}"
                                                  for r in changed.itertuples()))
    ctx.save_figure(plots.capex_by_firm({v: _load("hyperscaler_capex", v) for v in ("000", "001")}), "fig000_capex_by_firm", "Hyperscaler capex by firm, seed 000 "
                    "Table 4 and seed 001 Table 9, with the printed total rows (black)",
                    provenance="packaged hyperscaler_capex v000 and v001")
    return out
