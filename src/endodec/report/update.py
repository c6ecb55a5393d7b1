"""Partial runs (``--only``) that never destroy a report, and ``--update`` of a full report.

``endodec reproduce --only X --out DIR``

- into a new or empty ``DIR`` (or over an earlier *partial* report): writes a partial report that
  says so at its top (``manifest["scope"] == "partial"``, with the analyses it ran);
- over a *complete* report: refused (:class:`~endodec.errors.OutputError`), because replacing a
  full report by a partial one loses every other analysis' results;
- with ``--update`` over a complete report: re-runs only ``X`` and updates, in a staged copy that
  replaces ``DIR`` atomically, the ledger rows, figures, tables, timings and warnings of ``X``,
  keeping everything else byte for byte; the manifest records the update.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pandas as pd

from endodec.errors import OutputError

__all__ = ["check_partial_target", "existing_scope", "merge_into"]


def existing_scope(out: Path) -> str | None:
    """``"full"`` / ``"partial"`` for an endodec report at ``out`` (``None``: no report).

    Reports written before partial runs were recorded (no ``scope`` in the manifest) count as
    full, so a partial run never replaces one.
    """
    from endodec.report.output import _read_manifest

    if not Path(out).is_dir():
        return None
    m = _read_manifest(Path(out))
    if m is None:
        return None
    return "partial" if m.get("scope") == "partial" else "full"


def check_partial_target(out: Path, only: list[str] | None, update: bool) -> str | None:
    """Refuse a partial run that would replace a complete report; return the existing scope.

    Raises
    ------
    OutputError
        ``--update`` without ``--only``, ``--update`` where no complete report is, or ``--only``
        without ``--update`` over a complete report.
    """
    scope = existing_scope(out)
    if update and not only:
        raise OutputError(out, "--update needs --only (the analyses whose rows to update); a "
                               "full run replaces the whole report anyway")
    if update and scope != "full":
        raise OutputError(out, "--update updates a complete report in place, and there is "
                               + ("only a partial report" if scope else "no report")
                               + " here: run without --update (or without --only)")
    if only and not update and scope == "full":
        raise OutputError(out, "holds a complete report; --only would replace it with a "
                               "partial one: add --update to update its rows in place, or give "
                               "another --out for a separate partial report")
    return scope


def merge_into(staging: Path, out: Path, led: pd.DataFrame, artifacts: list, manifest: dict,
               ran: set[str], claim_order: list[str]) -> tuple[pd.DataFrame, list[dict]]:
    """Merge the partial run in ``staging`` with the complete report at ``out`` (in ``staging``).

    The other analyses' figure and table files are copied from ``out`` into ``staging``; their
    ledger rows, artifacts, timings and warnings are kept; the re-run analyses' are replaced.

    Returns
    -------
    ledger, artifacts
        The merged ledger (in the claims data's order) and artifact records (dicts).
    """
    old_manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    old_led = pd.read_csv(out / "ledger.csv", dtype=str, keep_default_na=False)
    kept = old_led[~old_led["analysis"].isin(ran)]
    new = led.astype(str)
    merged = pd.concat([kept, new], ignore_index=True)
    rank = {cid: i for i, cid in enumerate(claim_order)}
    merged = merged.iloc[sorted(range(len(merged)),
                                key=lambda i: rank.get(merged["id"].iloc[i], 1e9))]
    merged = merged.reset_index(drop=True).reindex(columns=list(new.columns), fill_value="")
    old_arts = [a for a in old_manifest.get("artifacts", []) if a.get("analysis") not in ran]
    for a in old_arts:
        for f in a.get("files", []):
            src, dst = out / f, staging / f
            if src.is_file() and not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
    from dataclasses import asdict

    arts = old_arts + [asdict(a) for a in artifacts]
    for key in ("timings_s", "warnings"):
        old = {k: v for k, v in (old_manifest.get(key) or {}).items() if k not in ran}
        manifest[key] = old | (manifest.get(key) or {})
    manifest["skipped_need_author_data"] = sorted(
        {s for s in old_manifest.get("skipped_need_author_data", []) if s not in ran}
        | set(manifest.get("skipped_need_author_data", [])))
    manifest["updates"] = old_manifest.get("updates", []) + [
        {"analyses": sorted(ran), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}]
    manifest["scope"] = "full"
    return merged, arts
