"""Page 6 -- the claims ledger of the last ``endodec reproduce`` and its figures/tables."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common

TITLE = "Ledger"
URL = "ledger"
ICON = ":material/fact_check:"


def render() -> None:
    st.title("Claims ledger")
    st.caption("Every checkable claim of both paper versions with the value endodec computes, "
               "from `ledger.csv` / `manifest.json` written by `endodec reproduce --out DIR`.")
    d = st.text_input("reproduce output directory", value="results", key="ledger_dir")
    slot = common.error_slot()
    try:
        led, manifest = logic.read_ledger(d)
    except Exception as e:  # noqa: BLE001
        common.show_error(slot, logic.error_text(e))
        common.cli_box(f"endodec reproduce --out {d or 'results'}", "Create it with")
        return
    counts = led["status"].value_counts()
    st.caption("Status counts: " + ", ".join(f"{k}: {v}" for k, v in counts.items())
               + (f" · endodec {manifest.get('endodec')}, fast={manifest.get('fast')}"
                  if manifest else ""))
    c1, c2, c3 = st.columns(3)
    statuses = c1.multiselect("status", sorted(led["status"].unique()), key="ledger_status")
    versions = c2.multiselect("version", sorted(led["version"].unique()), key="ledger_version")
    sections = c3.multiselect("section", sorted(led["section"].unique(),
                                                key=logic.section_sort_key), key="ledger_section")
    text = st.text_input("search (id, claim, analysis, explanation)", key="ledger_text")
    view = logic.filter_ledger(led, statuses, versions, sections, text)
    cols = [c for c in ("id", "version", "section", "status", "paper_value", "computed", "unit",
                        "claim", "reading", "explanation", "table", "analysis", "key")
            if c in view.columns]
    shown = view.head(logic.CAPS["ledger_rows"])[cols].copy()
    counts = logic.artifact_counts(manifest)
    shown["artifacts"] = [counts.get(a, 0) for a in view.head(len(shown))["analysis"]]
    st.dataframe(shown, hide_index=True)
    st.caption(f"{len(view)} of {len(led)} claims" + (
        f" (first {logic.CAPS['ledger_rows']:,} shown)" if len(view) > len(shown) else ""))
    common.download_table(view, "ledger_filtered", "ledger")
    if view.empty:
        return
    cid = st.selectbox("claim", view["id"].tolist(), key="ledger_claim",
                       format_func=lambda i: f"{i}: {view.set_index('id').at[i, 'claim'][:80]}")
    row = view.set_index("id").loc[cid]
    esc = logic.md_escape
    st.markdown(f"**{esc(cid)}** (seed {row['version']} §{esc(row['section'])}"
                + (f", {esc(row['table'])}" if row.get("table") else "")
                + f"): {esc(row['claim'])}")
    st.markdown(f"paper: `{row['paper_value']}` {esc(row.get('unit', ''))} · computed: "
                f"`{row.get('computed', '')}` · status: **{row['status']}**")
    if row.get("explanation"):
        st.caption(esc(row["explanation"]))
    for label, col in (("how", "basis"), ("reading used", "reading"),
                       ("readings tried", "readings"), ("conditions stated", "conditions"),
                       ("also stated at", "also_at")):
        if row.get(col):
            st.caption(f"{label}: {esc(row[col])}")
    arts = logic.artifacts_for(manifest, row["analysis"], d)
    st.markdown(f"Figures and tables of analysis `{row['analysis']}`: {len(arts)}"
                + (" (pick a claim above to see another analysis' artifacts)" if not arts else ""))
    for a in arts:
        with st.expander(f"{a['kind']}: {a['name']} — {logic.md_escape(a.get('caption', ''))}"):
            if a.get("provenance"):
                st.caption(logic.md_escape(a["provenance"]))
            for p in a["paths"]:
                p = Path(p)
                if p.suffix == ".png":
                    st.image(str(p))
                elif p.suffix == ".csv":
                    import pandas as pd

                    try:
                        st.dataframe(pd.read_csv(p), hide_index=True)
                    except (OSError, pd.errors.ParserError) as e:
                        common.error(f"{p.name}: {e}")
                mime = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
                common.download(f"Download {p.name}", p.read_bytes, p.name, mime,
                                f"ledger_dl_{a['name']}_{p.name}")
    common.cli_box(f"endodec reproduce --out {d} --only {row['analysis']} --update",
                   "Recompute this analysis (updates its rows in this report, keeps the rest)")
