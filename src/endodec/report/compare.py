"""``endodec compare RUN_A RUN_B``: which claims, tables and figures two runs disagree on.

Two reports of ``endodec reproduce`` (e.g. the paper's configuration and one with another
parameter or your own data) are compared claim by claim (matched by claim id): status changes,
value changes (absolute and relative), claims present in one run only; artifact files (figures by
their PNG, tables by their CSV) that changed, appeared or disappeared; and the run settings that
differ (seed, fast mode, author data, endodec version, input checksums, and the run configuration
when the manifest records one). This is how a user sees which of the paper's conclusions depend on
an assumption.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from endodec.errors import DataError
from endodec.results import ResultBase

__all__ = ["CompareResult", "compare_runs", "compare_html"]

_SETTINGS = ("endodec", "seed", "fast", "author_data", "scope")


def _read_run(d: Path) -> tuple[pd.DataFrame, dict]:
    d = Path(d).expanduser()
    if not (d / "ledger.csv").is_file() or not (d / "manifest.json").is_file():
        raise DataError(f"{d}: not an endodec report (no ledger.csv / manifest.json); give "
                        "directories written by `endodec reproduce --out DIR`")
    try:
        led = pd.read_csv(d / "ledger.csv", dtype=str, keep_default_na=False)
        manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, pd.errors.ParserError) as e:
        raise DataError(f"{d}: cannot read its ledger or manifest ({e})") from None
    if "id" not in led.columns or "status" not in led.columns:
        raise DataError(f"{d / 'ledger.csv'}: lacks the columns id and status")
    return led, manifest


def _num(s: str) -> float | None:
    try:
        v = float(str(s).replace(",", ""))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _artifact_files(d: Path, manifest: dict) -> dict[str, tuple[str, str, str]]:
    """``{artifact name: (kind, compared file, sha256)}``: a figure by its PNG, a table by its CSV."""
    out = {}
    for a in manifest.get("artifacts", []):
        want = ".png" if a.get("kind") == "figure" else ".csv"
        f = next((f for f in a.get("files", []) if f.endswith(want)), None)
        if f and (d / f).is_file():
            out[a["name"]] = (a.get("kind", ""), f, _sha(d / f))
    return out


def _flat(prefix: str, x: Any) -> dict[str, Any]:
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            out |= _flat(f"{prefix}.{k}" if prefix else str(k), v)
        return out
    return {prefix: x}


@dataclass(repr=False)
class CompareResult(ResultBase):
    """Differences between two ``endodec reproduce`` reports (:func:`compare_runs`).

    Parameters
    ----------
    run_a, run_b : Path
        The two report directories.
    status_changes : DataFrame
        Claims whose status differs: ``id, version, section, claim, status_a, status_b,
        computed_a, computed_b``.
    value_changes : DataFrame
        Claims with the same status whose computed value differs: ``id, computed_a,
        computed_b, change, rel_change`` (numeric values; ``rel_change`` relative to run A).
    only_in_a, only_in_b : list of str
        Claim ids present in one run only.
    artifacts : DataFrame
        Figures and tables that changed, were added or removed: ``name, kind, change, file``.
    settings : DataFrame
        Run settings and configuration keys that differ: ``key, a, b``.
    n_claims : int
        Claims present in both runs.
    """

    run_a: Path
    run_b: Path
    status_changes: pd.DataFrame
    value_changes: pd.DataFrame
    only_in_a: list[str]
    only_in_b: list[str]
    artifacts: pd.DataFrame
    settings: pd.DataFrame
    n_claims: int

    _summary_title: ClassVar[str] = "endodec compare"

    def _summary_text(self) -> str:
        lines = [f"endodec compare {self.run_a} {self.run_b}",
                 f"  claims in both runs: {self.n_claims}; status changed: "
                 f"{len(self.status_changes)}; value changed (same status): "
                 f"{len(self.value_changes)}; only in A: {len(self.only_in_a)}; only in B: "
                 f"{len(self.only_in_b)}",
                 f"  figures/tables changed, added or removed: {len(self.artifacts)}",
                 f"  settings that differ: {len(self.settings)}"]
        for r in self.settings.itertuples():
            lines.append(f"    {r.key}: {r.a} -> {r.b}")
        for r in self.status_changes.itertuples():
            lines.append(f"  {r.id}: {r.status_a} -> {r.status_b} "
                         f"(computed {r.computed_a or '-'} -> {r.computed_b or '-'})")
        return "\n".join(lines)

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [("status changes", self.status_changes), ("value changes", self.value_changes),
                ("artifacts", self.artifacts), ("settings", self.settings)]

    def _dict_fields(self) -> dict[str, Any]:
        return {"run_a": str(self.run_a), "run_b": str(self.run_b), "n_claims": self.n_claims,
                "status_changes": self.status_changes, "value_changes": self.value_changes,
                "only_in_a": self.only_in_a, "only_in_b": self.only_in_b,
                "artifacts": self.artifacts, "settings": self.settings}

    def _frame(self) -> pd.DataFrame:
        return self.status_changes.copy()


def compare_runs(run_a: str | Path, run_b: str | Path) -> CompareResult:
    """Compare two ``endodec reproduce`` reports.

    Parameters
    ----------
    run_a, run_b : path
        Report directories (``endodec reproduce --out DIR``).

    Returns
    -------
    CompareResult

    Raises
    ------
    DataError
        A directory is not a readable endodec report.
    """
    a, b = Path(run_a).expanduser(), Path(run_b).expanduser()
    la, ma = _read_run(a)
    lb, mb = _read_run(b)
    ja = la.set_index("id")
    jb = lb.set_index("id")
    both = [i for i in ja.index if i in jb.index]
    sc, vc = [], []
    for i in both:
        ra, rb = ja.loc[i], jb.loc[i]
        ca, cb = ra.get("computed", ""), rb.get("computed", "")
        if ra["status"] != rb["status"]:
            sc.append({"id": i, "version": ra.get("version", ""), "section": ra.get("section", ""),
                       "claim": ra.get("claim", ""), "status_a": ra["status"],
                       "status_b": rb["status"], "computed_a": ca, "computed_b": cb})
        elif ca != cb:
            xa, xb = _num(ca), _num(cb)
            ch = xb - xa if xa is not None and xb is not None else None
            rel = ch / abs(xa) if ch is not None and xa not in (None, 0.0) else None
            vc.append({"id": i, "computed_a": ca, "computed_b": cb, "change": ch,
                       "rel_change": rel})
    fa, fb = _artifact_files(a, ma), _artifact_files(b, mb)
    arts = []
    for name in sorted(set(fa) | set(fb)):
        if name not in fb:
            arts.append({"name": name, "kind": fa[name][0], "change": "removed",
                         "file": fa[name][1]})
        elif name not in fa:
            arts.append({"name": name, "kind": fb[name][0], "change": "added",
                         "file": fb[name][1]})
        elif fa[name][2] != fb[name][2]:
            arts.append({"name": name, "kind": fa[name][0], "change": "changed",
                         "file": fa[name][1]})
    settings = []
    sa = {k: ma.get(k) for k in _SETTINGS} | _flat("config", ma.get("config", {}))
    sb = {k: mb.get(k) for k in _SETTINGS} | _flat("config", mb.get("config", {}))
    ia, ib = ma.get("inputs_sha256", {}), mb.get("inputs_sha256", {})
    for k in sorted(set(ia) | set(ib)):
        if ia.get(k) != ib.get(k):
            sa[f"input {k}"] = (ia.get(k) or "absent")[:12]
            sb[f"input {k}"] = (ib.get(k) or "absent")[:12]
    for k in list(dict.fromkeys(list(sa) + list(sb))):
        if sa.get(k) != sb.get(k):
            settings.append({"key": k, "a": str(sa.get(k)), "b": str(sb.get(k))})
    cols_s = ["id", "version", "section", "claim", "status_a", "status_b", "computed_a",
              "computed_b"]
    return CompareResult(
        a, b, pd.DataFrame(sc, columns=cols_s),
        pd.DataFrame(vc, columns=["id", "computed_a", "computed_b", "change", "rel_change"]),
        [i for i in ja.index if i not in jb.index], [i for i in jb.index if i not in ja.index],
        pd.DataFrame(arts, columns=["name", "kind", "change", "file"]),
        pd.DataFrame(settings, columns=["key", "a", "b"]), len(both))


def _img(p: Path) -> str:
    if not p.is_file():
        return "<em>(absent)</em>"
    return ('<img style="max-width:100%" src="data:image/png;base64,'
            + base64.b64encode(p.read_bytes()).decode() + '">')


def compare_html(result: CompareResult) -> str:
    """A self-contained HTML page of ``result``, with each changed figure of the two runs side
    by side."""
    e = html.escape
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>endodec compare</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:2px 6px}.pair{display:flex;gap:1em}"
             ".pair div{flex:1}</style></head><body>",
             f"<h1>endodec compare</h1><p>A: <code>{e(str(result.run_a))}</code><br>"
             f"B: <code>{e(str(result.run_b))}</code></p>",
             f"<pre>{e(result._summary_text())}</pre>"]
    for title, df in result._summary_tables():
        parts.append(f"<h2>{e(title)} ({len(df)})</h2>")
        parts.append(df.to_html(index=False, border=0, na_rep="") if len(df) else "<p>none</p>")
    figs = result.artifacts[(result.artifacts["kind"] == "figure")
                            & (result.artifacts["change"] == "changed")]
    if len(figs):
        parts.append("<h2>Changed figures, A | B</h2>")
    for r in figs.itertuples():
        parts.append(f"<h3>{e(r.name)}</h3><div class='pair'><div>{_img(result.run_a / r.file)}"
                     f"</div><div>{_img(result.run_b / r.file)}</div></div>")
    parts.append("</body></html>")
    return "\n".join(parts)
