"""The HTML report (Jinja2): a table of contents, foldable sections, and the claims ledger as a
filterable, sortable table (inline script of :mod:`endodec.report.assets`; no CDN, works offline).

Figures are linked as ``figures/NAME.png`` beside ``report.html`` (the report directory is the
unit that is moved or shared); ``embed_figures=True`` embeds them as PNG data URIs instead,
for a single file that stands alone (about 4 MB larger).
"""

from __future__ import annotations

import base64
import html
import warnings
from pathlib import Path

import pandas as pd
from jinja2 import Environment, select_autoescape

from endodec.claims import STATUSES, status_counts
from endodec.errors import DataWarning

_TEMPLATE = r"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>endodec: Endogenous Decentralization reproduced</title>
<style>{{ css|safe }}</style></head><body>
<h1>Endogenous Decentralization, reproduced</h1>
{% if m.scope == "partial" %}<p class="partial"><strong>Partial run</strong>: only the analyses
{{ m.analyses_run|join(", ") }} (<code>--only {{ m.only|join(" ") }}</code>); the other claims,
figures and tables are not in this report.</p>{% endif %}
{% if m.config_differences %}<p class="partial"><strong>Configuration differs from the paper's</strong>:
{% for d in m.config_differences %}<code>{{ d.key }}</code> {{ d.paper }} &rarr; {{ d.run }}{% if not loop.last %}; {% endif %}{% endfor %}.
Each ledger row's <code>config_touched</code> says whether a difference entered its analysis.</p>{% endif %}
{% if m.cache and m.cache.states %}<p class="partial">From the cache ({{ m.cache.dir }}):
{{ m.cache.states.values()|select("equalto", "hit")|list|length }} of {{ m.cache.states|length }} analyses
({% for k, v in m.cache.states.items() if v == "hit" %}{{ k }}{% if not loop.last %}, {% endif %}{% endfor %}).</p>{% endif %}
{% if m.updates %}<p class="partial">Updated in place (<code>--update</code>):
{% for u in m.updates %}{{ u.analyses|join(", ") }} at {{ u.at }}{% if not loop.last %}; {% endif %}{% endfor %}.</p>{% endif %}
<p class="small">endodec {{ m.endodec }} &middot; Python {{ m.python }} &middot; seed {{ m.seed }}{% if m.fast %} &middot; <b>fast mode (reduced resamples)</b>{% endif %}
&middot; author data: {{ m.author_data or "not given (packaged tables only)" }} (run time and timings: manifest.json).
Paper versions: <b>000</b> = earlier version (seeds/000_deb3b41bcd93aae2.txt), <b>001</b> = later, extended version (seeds/001_e19c307f00e12d5b.txt).
{% if not embed %}Figures are shown from <code>figures/*.png</code> beside this file (keep the report directory together).{% endif %}</p>

<nav class="toc" id="toc" aria-label="Contents"><b>Contents</b>
<button type="button" data-fold="open">expand all</button> <button type="button" data-fold="close">collapse all</button>
<ul><li><a href="#summary">Summary, headline results and key findings</a></li>
{% for sec in sections %}<li><a href="#sec-{{ sec.key }}">{{ sec.title }}</a> <span class="small">({{ sec.analyses|length }} analyses)</span></li>
{% endfor %}<li><a href="#ledger">The claims ledger ({{ total }} claims)</a></li></ul></nav>

<h2 id="summary">Summary</h2>
<table class="counts"><tr>{% for s,c in counts %}<th class="st-{{ s|replace(' ','-') }}">{{ s }}</th>{% endfor %}<th>total</th></tr>
<tr>{% for s,c in counts %}<td>{{ c }}</td>{% endfor %}<td>{{ total }}</td></tr></table>

<h3>Headline results</h3>
<table><tr><th>claim</th><th>version</th><th>paper</th><th>endodec</th><th>status</th></tr>
{% for r in headline %}<tr class="st-{{ r.status|replace(' ','-') }}"><td>{{ r.claim }}</td><td>{{ r.version }}</td><td>{{ r.paper_value }} {{ r.unit }}</td><td>{{ r.computed }}{% if r.reading %} <span class="small">(reading: {{ r.reading }})</span>{% endif %}</td><td>{{ r.status }}</td></tr>{% endfor %}
</table>

<h3>Findings a referee would want to read first</h3>
<p class="small">A curated list of the claims that matter most for the paper's conclusions (<code>endodec/report/key_findings.csv</code> lists the claim ids; their statuses are computed in this run like every other).</p>
<ol>{% for r in key_findings %}<li><b>{{ r.topic }}</b> <span class="small">[{{ r.version }} &sect;{{ r.section }}{% if r.table %}, {{ r.table }}{% endif %}; <a href="#claim-{{ r.id }}">{{ r.id }}</a>]</span> &mdash; <span class="st-{{ r.status|replace(' ','-') }}">{{ r.status }}</span>: {{ r.claim }} &mdash; paper {{ r.paper_value }}{{ ' ' + r.unit if r.unit else '' }}, endodec {{ r.computed if r.computed not in (None, '') else 'n/a' }}{% if r.reading %} (under the reading: {{ r.reading }}){% endif %}. <span class="small">{{ r.explanation }}</span></li>{% endfor %}</ol>
<details><summary>All {{ findings|length }} claims that are not reproduced or inconsistent, by status, version and section</summary>
<ol>{% for r in findings %}<li><b>[{{ r.version }} &sect;{{ r.section }}{% if r.table %}, {{ r.table }}{% endif %}] {{ r.status }}:</b> {{ r.claim }} &mdash; paper {{ r.paper_value }}{{ ' ' + r.unit if r.unit else '' }}, endodec {{ r.computed if r.computed not in (None, '') else 'n/a' }}. <span class="small">{{ r.explanation }}</span></li>{% endfor %}</ol></details>
{% if errors %}<h3>Analyses that failed</h3><ul>{% for k,v in errors.items() %}<li><code>{{ k }}</code>: {{ v }}</li>{% endfor %}</ul>{% endif %}
{% if warned %}<details><summary>Warnings issued by {{ warned|length }} analyses (approximations and substitutions; also in <code>manifest.json</code>)</summary><ul>{% for k,ws in warned.items() %}<li><code>{{ k }}</code>: {% for w in ws %}{{ w }}{% if not loop.last %}; {% endif %}{% endfor %}</li>{% endfor %}</ul></details>{% endif %}
{% if skipped %}<p class="small">Not run (need <code>--author-data DIR</code>): {% for s in skipped %}<code>{{ s }}</code> {% endfor %}</p>{% endif %}

{% for sec in sections %}
<details class="sec" id="sec-{{ sec.key }}"><summary><h2>{{ sec.title }}</h2></summary>
<p class="small">Numbered as in {{ "seed 001" if sec.key.startswith("001") else "seed 000" }}; analyses marked "both" also check the matching claims of seed 001. Analyses: {% for a in sec.analyses %}<a href="#a-{{ a.id }}">{{ a.id }}</a>{% if not loop.last %}, {% endif %}{% endfor %}.</p>
{% for a in sec.analyses %}
<details class="an" id="a-{{ a.id }}" open><summary><h3>{{ a.title }} <span class="small">[{{ a.id }}; version {{ a.version }}]</span></h3></summary>
{% for art in a.artifacts %}
{% if art.kind == 'figure' %}<figure id="{{ art.name }}"><img alt="{{ art.caption }}" src="{{ art.src }}" loading="lazy"><figcaption>{{ art.caption }}<div class="prov">{{ art.provenance }} &middot; files: {% for f in art.files %}<a href="{{ f }}"><code>{{ f }}</code></a> {% endfor %}</div></figcaption></figure>
{% else %}<div id="{{ art.name }}" class="table-artifact"><b>{{ art.caption }}</b><div class="prov">{{ art.provenance }} &middot; files: {% for f in art.files %}<a href="{{ f }}"><code>{{ f }}</code></a> {% endfor %}</div>{{ art.html|safe }}</div>{% endif %}
{% endfor %}
{% if a.claims %}<details open><summary>Claims checked by this analysis ({{ a.claims|length }})</summary>
<table><tr><th>id</th><th>claim</th><th>paper</th><th>endodec</th><th>status</th><th>explanation</th></tr>
{% for r in a.claims %}<tr class="st-{{ r.status|replace(' ','-') }}"><td><a href="#claim-{{ r.id }}">{{ r.id }}</a></td><td>{{ r.claim }}</td><td>{{ r.paper_value }} {{ r.unit }}</td><td>{{ r.computed }}{% if r.reading %}<br><span class="small">reading: {{ r.reading }}</span>{% endif %}{% if r.readings %}<br><span class="small">{{ r.readings }}</span>{% endif %}</td><td>{{ r.status }}</td><td class="small">{{ r.explanation }}</td></tr>{% endfor %}
</table></details>{% endif %}
</details>
{% endfor %}
</details>
{% endfor %}

{{ predictions_html|safe }}

<details class="sec" id="ledger" open><summary><h2>The claims ledger (all {{ total }} claims)</h2></summary>
<p class="small">Also in <code>ledger.csv</code> / <code>ledger.json</code>. Statuses are computed: the paper's values live only in the package's claims files. Filter by status, version, section or any text; click a column header to sort (again: descending).</p>
<div class="controls" role="search">
<label>status <select id="f-status"><option value="">all</option>{% for s, c in ledger_statuses %}<option value="{{ s }}">{{ s }} ({{ c }})</option>{% endfor %}</select></label>
<label>version <select id="f-version"><option value="">all</option>{% for v in ledger_versions %}<option value="{{ v }}">{{ v }}</option>{% endfor %}</select></label>
<label>section <select id="f-section"><option value="">all</option>{% for v, lab in ledger_sections %}<option value="{{ v }}">{{ lab }}</option>{% endfor %}</select></label>
<label>text <input type="search" id="f-text" placeholder="claim, value, explanation ..."></label>
<button type="button" id="f-reset">reset</button> <b id="ledger-count" aria-live="polite">{{ total }} claims</b>
</div>
<table id="ledger-table"><thead><tr>{% for key, lab in ledger_cols %}<th data-col="{{ key }}">{{ lab }}</th>{% endfor %}</tr></thead>
<tbody>
{% for r in ledger %}<tr id="claim-{{ r.id }}" class="st-{{ r.status|replace(' ','-') }}" data-status="{{ r.status }}" data-version="{{ r.version }}" data-section="{{ r.section }}">{% for key, lab in ledger_cols %}<td{% if key in small_cols %} class="small"{% endif %}>{{ r[key] }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
</details>
<script>{{ script|safe }}</script>
</body></html>
"""

_BEYOND = ("Beyond the paper: robustness of its results to other assumptions (not claims of "
           "the paper; no ledger rows)")
_SECTION_TITLES = {
    "000": {"2": "2. The Endogenous Decentralization Mechanism", "3": "3. Formal Model",
            "4": "4. Primary Empirical Domain: AI Semiconductor Infrastructure",
            "5": "5. Historical Validation and Parameter Consistency",
            "6": "6. Falsifiable Predictions", "7": "7. Conclusion",
            "A": "Appendix A. Two-Period Pedagogical Model",
            "B": "Appendix B. Overinvestment in Dollar Terms",
            "C": "Appendix C. Semi-Endogenous Coordination Dynamics",
            "R": _BEYOND},
    "001": {"2": "2. The Endogenous Decentralization Mechanism", "3": "3. Formal Model",
            "4": "4. The Training-Inference Structural Distinction",
            "5": "5. Empirical Evidence: Dual Convergence",
            "6": "6. Historical Validation and Parameter Consistency",
            "7": "7. Falsifiable Predictions", "8": "8. The Capability Continuum",
            "A": "Appendix A. Two-Period Pedagogical Model",
            "B": "Appendix B. Overinvestment in Dollar Terms",
            "C": "Appendix C. Semi-Endogenous Coordination Dynamics",
            "D": "Appendix D. Structural Breaks in the DRAM Die Learning Curve",
            "R": _BEYOND},
}
_VERSION_NAME = {"000": "Earlier version (seed 000)", "001": "Later, extended version (seed 001)"}

HEADLINE_KEYS = ["g000-3.5-vn", "g000-3.5-vp", "g000-3.5-loss", "g000-3.5-dw", "g000-3.7-accel",
                 "g000-3.7-ratio", "g000-3.5-prop1", "g000-3.5-step2", "g000-3.7-tn-years"]


def load_key_findings() -> list[tuple[str, str]]:
    """The curated (claim id, topic) list shown first in the report (``key_findings.csv``)."""
    from importlib import resources

    with (resources.files("endodec.report") / "key_findings.csv").open("r", encoding="utf-8") as f:
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
    return list(zip(df["claim_id"], df["topic"], strict=True))


def _section_key(section: str) -> str:
    s = str(section).strip()
    return s.split(".")[0] if s else "?"


#: Ledger columns the report's ledger table leaves out (kept in ledger.csv / ledger.json);
#: every other column of the ledger frame is shown, in its order.
LEDGER_HIDDEN = ("key", "analysis", "source_file", "source_row", "tolerance", "note", "data",
                 "tolerance_note")
_LEDGER_LABELS = {"id": "id", "version": "ver.", "section": "§", "table": "table",
                  "claim": "claim", "paper_value": "paper", "unit": "unit",
                  "computed": "endodec", "reading": "reading used", "status": "status",
                  "explanation": "why", "readings": "readings tried", "basis": "how",
                  "conditions": "conditions stated", "needs": "needs", "also_at": "also at",
                  "facts": "computed facts", "config_touched": "configuration"}
_SMALL_COLS = ("explanation", "reading", "readings", "basis", "conditions", "also_at", "facts",
               "needs")


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def _natural(s: str):
    import re

    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", s) if t]


def _ledger_context(led: pd.DataFrame) -> dict:
    """The ledger table's columns, rows (as display strings) and filter options."""
    from endodec.tables import label

    cols = [(c, _LEDGER_LABELS.get(c) or label(c)) for c in led.columns
            if c not in LEDGER_HIDDEN]
    rows = [{k: _cell(v) for k, v in r.items()} for r in led.to_dict("records")]
    present = list(dict.fromkeys(r.get("status", "") for r in rows))
    order = [s for s in STATUSES if s in present] + [s for s in present if s not in STATUSES]
    statuses = [(s, sum(r.get("status") == s for r in rows)) for s in order]
    versions = sorted({r.get("version", "") for r in rows} - {""})
    secs = {r.get("section", "") for r in rows} - {""}
    majors = {s.split(".")[0] for s in secs}
    opts = [(m, f"§{m} (all)") for m in majors] + [(s, f"§{s}") for s in secs - majors]
    opts.sort(key=lambda o: (_natural(o[0].split(".")[0]), o[0] not in majors, _natural(o[0])))
    return {"ledger": rows, "ledger_cols": cols, "ledger_statuses": statuses,
            "ledger_versions": versions, "ledger_sections": opts, "small_cols": _SMALL_COLS}


def _artifact(a, root: Path, embed: bool) -> dict:
    d = {"kind": a.kind, "name": a.name, "caption": a.caption, "files": a.files,
         "provenance": a.provenance}
    if a.kind == "figure":
        png = next((f for f in a.files if f.endswith(".png")), None)
        if png and embed:
            d["src"] = "data:image/png;base64," + base64.b64encode(
                (root / png).read_bytes()).decode()
        else:
            d["src"] = png or ""
        return d
    own = next((f for f in a.files if f.endswith(".html")), None)
    if own is not None:  # a publication table written with its own HTML face
        d["html"] = (root / own).read_text(encoding="utf-8")
        return d
    csv = next((f for f in a.files if f.endswith(".csv")), None)
    try:
        df = pd.read_csv(root / csv)
        d["html"] = df.to_html(index=False, float_format=lambda v: f"{v:.4g}",
                               na_rep="", border=0, escape=True)
    except Exception as e:  # pragma: no cover - defensive
        warnings.warn(f"report.html: table {a.name!r} ({csv}) is unreadable ({e}); the "
                      "report shows a placeholder instead; rerun the analysis "
                      f"{a.analysis!r}", DataWarning, stacklevel=3)
        d["html"] = f"<p>(table unreadable: {html.escape(str(e))})</p>"
    return d


def render_report(led: pd.DataFrame, artifacts, analyses, manifest: dict, root: Path,
                  embed_figures: bool = False) -> str:
    """Render the report (the HTML text of ``root/report.html``).

    Parameters
    ----------
    led : pandas.DataFrame
        The evaluated claims ledger (any statuses and columns; see :data:`LEDGER_HIDDEN`).
    artifacts : list of Artifact
        Figures and tables written by the analyses (files relative to ``root``).
    analyses : list of Analysis
        The analyses run (sections and titles).
    manifest : dict
        The run's manifest (versions, seed, errors, warnings ...).
    root : path
        The report directory.
    embed_figures : bool
        Embed the PNGs as data URIs (one file that stands alone) instead of linking
        ``figures/NAME.png`` (default: a much smaller page).
    """
    from endodec.report.assets import CSS, SCRIPT

    env = Environment(autoescape=select_autoescape(["html"]))
    tmpl = env.from_string(_TEMPLATE)
    counts = status_counts(led)
    by_analysis: dict[str, list[dict]] = {}
    for r in led.to_dict("records"):
        by_analysis.setdefault(r["analysis"], []).append(r)
    arts_by: dict[str, list[dict]] = {}
    for a in artifacts:
        arts_by.setdefault(a.analysis, []).append(_artifact(a, root, embed_figures))
    sections: dict[tuple, dict] = {}
    for a in analyses:
        major = _section_key(a.section)
        ver = "001" if a.version == "001" else "000"  # "both": numbered as in seed 000
        title = _SECTION_TITLES[ver].get(major, f"Section {major}")
        label = _VERSION_NAME[ver] + (" and seed 001" if a.version == "both" else "")
        sec = sections.setdefault((ver, major), {
            "key": f"{ver}-{major}", "title": f"[{ver}] {title}", "label": label,
            "analyses": [], "order": (ver, a.order)})
        sec["analyses"].append({"id": a.id, "title": a.title, "version": a.version,
                                "artifacts": arts_by.get(a.id, []),
                                "claims": by_analysis.get(a.id, [])})
    secs = sorted(sections.values(), key=lambda s: s["order"])
    records = led.to_dict("records")
    idx = {r["id"]: r for r in records}
    headline = [idx[k] for k in HEADLINE_KEYS if k in idx]
    bad = led[led["status"].isin(["not reproduced", "inconsistent", "error"])]
    findings = bad.sort_values(["status", "version", "section"]).to_dict("records")
    key_findings = [dict(idx[k], topic=t) for k, t in load_key_findings() if k in idx]
    return tmpl.render(m=manifest, counts=[(s, int(counts.get(s, 0))) for s in STATUSES],
                       total=len(led), headline=headline, findings=findings,
                       key_findings=key_findings,
                       errors=manifest.get("errors", {}),
                       skipped=manifest.get("skipped_need_author_data", []),
                       warned=manifest.get("warnings", {}),
                       sections=secs, embed=embed_figures, css=CSS, script=SCRIPT,
                       predictions_html=_predictions_html(), **_ledger_context(led))


def _predictions_html() -> str:
    """The predictions section (:mod:`endodec.report.predictions`): evaluated, not claims."""
    from endodec.report.predictions import predictions_section

    return predictions_section()
