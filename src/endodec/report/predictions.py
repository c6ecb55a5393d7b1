"""The report's predictions section: the paper's predictions as predictions, not as claims.

The predictions of seed 000 §6 and seed 001 §7 (the registry, :mod:`endodec.predictions`) are
forecasts about the future: they are *evaluated* against observations (pending / supported /
falsified / not evaluable, :func:`endodec.predictions.evaluate`), never *reproduced*. The ledger
holds only what is checkable inside them (their arithmetic: ``predictions.csv``); this section
lists every prediction with its evaluation status, apart from the claims and their counts.
"""

from __future__ import annotations

import datetime as _dt

from jinja2 import Environment, select_autoescape

__all__ = ["predictions_section"]

_TEMPLATE = r"""
<h2 id="predictions">Predictions (seed 000 &sect;6, seed 001 &sect;7): evaluated, not reproduced</h2>
<p class="small">The paper's predictions are forecasts, so they are evaluated against observations, not
reproduced, and they are not counted among the claims above. What is checkable inside a prediction (a
window plus a lag, the contiguity of phases, a window against a table) is a claim of the ledger
(<code>predictions.csv</code>). Status as of {{ as_of }} with {{ n_obs }} observations{% if n_obs == 0 %}
(endodec ships none: <code>endodec predictions --template FILE</code> writes a template, and
<code>endodec predictions --observations FILE</code> evaluates against it){% endif %}.</p>
<table class="counts"><tr>{% for s, c in counts %}<th>{{ s }}</th>{% endfor %}<th>total</th></tr>
<tr>{% for s, c in counts %}<td>{{ c }}</td>{% endfor %}<td>{{ rows|length }}</td></tr></table>
<table><tr><th>prediction</th><th>version</th><th>title</th><th>window</th><th>deadline</th><th>status</th><th>reason</th></tr>
{% for r in rows %}<tr id="prediction-{{ r.version }}-{{ r.id }}"><td>P{{ r.id }}</td><td>{{ r.version }}</td><td>{{ r.title }}</td><td>{{ r.window }}</td><td>{{ r.deadline if r.deadline is not none else "" }}</td><td>{{ r.status }}</td><td class="small">{{ r.reason }}</td></tr>{% endfor %}
</table>
"""


def predictions_section(as_of=None, observations=None) -> str:
    """The HTML of the report's predictions section.

    Parameters
    ----------
    as_of : date-like, optional
        Evaluation date (default: today).
    observations : path or DataFrame, optional
        Observations (``metric,date,value,source,note``); default none (every prediction is then
        ``not evaluable``: there is nothing to evaluate it against).

    Returns
    -------
    str
        An HTML fragment: the counts per status and one row per prediction of both versions.
    """
    from endodec import predictions as P

    as_of = as_of or _dt.date.today().isoformat()
    res = P.evaluate(observations, as_of=as_of)
    rows = []
    for e in res.evaluations:
        p = e.prediction
        rows.append({"id": p.id, "version": p.version, "title": p.title, "deadline": p.deadline,
                     "window": "-".join(str(w) for w in p.window if w is not None),
                     "status": e.status, "reason": e.reason})
    env = Environment(autoescape=select_autoescape(["html"]))
    return env.from_string(_TEMPLATE).render(
        as_of=str(res.as_of.date()), n_obs=res.n_observations, rows=rows,
        counts=list(res.counts().items()))
