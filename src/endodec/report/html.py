"""Self-contained HTML report (Jinja2; figures embedded as PNG data URIs)."""

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
<title>endodec: Endogenous Decentralization reproduced</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0} td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
th{background:#f4f4f4} .small{font-size:.85em;color:#555}
.st-reproduced{background:#e6f4ea}.st-not-reproduced{background:#fdecea}.st-inconsistent{background:#fff4e5}
.st-underdetermined{background:#eef2fb}.st-needs-author-data{background:#f3f3f3}.st-error{background:#f8d7da}
figure{margin:1em 0;border:1px solid #eee;padding:.5em} figure img{max-width:100%}
.prov{font-size:.8em;color:#666} .counts td{font-size:1.05em} details{margin:.4em 0}
</style></head><body>
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
Paper versions: <b>000</b> = earlier version (seeds/000_deb3b41bcd93aae2.txt), <b>001</b> = later, extended version (seeds/001_e19c307f00e12d5b.txt).</p>

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
<h2 id="sec-{{ sec.key }}">{{ sec.title }}</h2>
<p class="small">Numbered as in {{ "seed 001" if sec.key.startswith("001") else "seed 000" }}; analyses marked "both" also check the matching claims of seed 001.</p>
{% for a in sec.analyses %}
<h3 id="a-{{ a.id }}">{{ a.title }} <span class="small">[{{ a.id }}; version {{ a.version }}]</span></h3>
{% for art in a.artifacts %}
{% if art.kind == 'figure' %}<figure id="{{ art.name }}"><img alt="{{ art.caption }}" src="{{ art.src }}"><figcaption>{{ art.caption }}<div class="prov">{{ art.provenance }} &middot; files: {% for f in art.files %}<code>{{ f }}</code> {% endfor %}</div></figcaption></figure>
{% else %}<div id="{{ art.name }}"><b>{{ art.caption }}</b><div class="prov">{{ art.provenance }} &middot; files: {% for f in art.files %}<code>{{ f }}</code> {% endfor %}</div>{{ art.html|safe }}</div>{% endif %}
{% endfor %}
{% if a.claims %}<details open><summary>Claims checked by this analysis ({{ a.claims|length }})</summary>
<table><tr><th>id</th><th>claim</th><th>paper</th><th>endodec</th><th>status</th><th>explanation</th></tr>
{% for r in a.claims %}<tr class="st-{{ r.status|replace(' ','-') }}"><td>{{ r.id }}</td><td>{{ r.claim }}</td><td>{{ r.paper_value }} {{ r.unit }}</td><td>{{ r.computed }}{% if r.reading %}<br><span class="small">reading: {{ r.reading }}</span>{% endif %}{% if r.readings %}<br><span class="small">{{ r.readings }}</span>{% endif %}</td><td>{{ r.status }}</td><td class="small">{{ r.explanation }}</td></tr>{% endfor %}
</table></details>{% endif %}
{% endfor %}
{% endfor %}

{{ predictions_html|safe }}

<h2 id="ledger">The claims ledger (all {{ total }} claims)</h2>
<p class="small">Also in <code>ledger.csv</code> / <code>ledger.json</code>. Statuses are computed: the paper's values live only in the package's claims files.</p>
<table><tr><th>id</th><th>ver.</th><th>&sect;</th><th>table</th><th>claim</th><th>paper</th><th>endodec</th><th>status</th><th>explanation</th></tr>
{% for r in ledger %}<tr id="claim-{{ r.id }}" class="st-{{ r.status|replace(' ','-') }}"><td>{{ r.id }}</td><td>{{ r.version }}</td><td>{{ r.section }}</td><td>{{ r.table }}</td><td>{{ r.claim }}</td><td>{{ r.paper_value }} {{ r.unit }}</td><td>{{ r.computed }}{% if r.reading %}<br><span class="small">reading: {{ r.reading }}</span>{% endif %}</td><td>{{ r.status }}</td><td class="small">{{ r.explanation }}</td></tr>{% endfor %}
</table>
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


def render_report(led: pd.DataFrame, artifacts, analyses, manifest: dict, root: Path) -> str:
    """Render the report. Figures are embedded from ``root/figures/*.png``."""
    env = Environment(autoescape=select_autoescape(["html"]))
    tmpl = env.from_string(_TEMPLATE)
    counts = status_counts(led)
    by_analysis: dict[str, list[dict]] = {}
    for r in led.to_dict("records"):
        by_analysis.setdefault(r["analysis"], []).append(r)
    arts_by: dict[str, list[dict]] = {}
    for a in artifacts:
        d = {"kind": a.kind, "name": a.name, "caption": a.caption, "files": a.files,
             "provenance": a.provenance}
        if a.kind == "figure":
            png = next((f for f in a.files if f.endswith(".png")), None)
            d["src"] = ("data:image/png;base64," + base64.b64encode(
                (root / png).read_bytes()).decode()) if png else ""
        else:
            csv = next((f for f in a.files if f.endswith(".csv")), None)
            try:
                df = pd.read_csv(root / csv)
                d["html"] = df.to_html(index=False, float_format=lambda v: f"{v:.4g}",
                                       na_rep="", border=0, escape=True)
            except Exception as e:  # pragma: no cover - defensive
                warnings.warn(f"report.html: table {a.name!r} ({csv}) is unreadable ({e}); the "
                              "report shows a placeholder instead; rerun the analysis "
                              f"{a.analysis!r}", DataWarning, stacklevel=2)
                d["html"] = f"<p>(table unreadable: {html.escape(str(e))})</p>"
        arts_by.setdefault(a.analysis, []).append(d)
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
    return tmpl.render(m=manifest, counts=[(s, int(counts[s])) for s in STATUSES],
                       total=len(led), headline=headline, findings=findings,
                       key_findings=key_findings,
                       errors=manifest.get("errors", {}),
                       skipped=manifest.get("skipped_need_author_data", []),
                       warned=manifest.get("warnings", {}),
                       sections=secs, ledger=records,
                       predictions_html=_predictions_html())


def _predictions_html() -> str:
    """The predictions section (:mod:`endodec.report.predictions`): evaluated, not claims."""
    from endodec.report.predictions import predictions_section

    return predictions_section()
