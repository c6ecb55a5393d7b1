"""Declared readings: the only alternative interpretations of a claim the ledger may use.

A *reading* is another way to read a claim than its wording (e.g. the other paper version's
baseline, a different continuation-value convention). A match under a reading is reported as
``reproduced under a reading`` and counted apart from ``reproduced``; it is never a plain
reproduction. An analysis offers readings in :attr:`endodec.analyses.base.Value.readings`
(``{name: value}``); the ledger uses one only if it is declared here, in
``endodec/claims/data/readings/*.csv``, with the columns

===============  ==================================================================================
reading          the name the analysis uses in ``Value.readings``
scope            where it applies: ``analysis:<id>`` (a claim group), ``table:<version>:<table>``
                 or ``section:<version>:<section>``; several joined by `` | ``. Never one claim:
                 the scope must cover at least two claims, and the analysis must offer the
                 reading for every claim in its scope (siblings) -- a reading applied to some rows
                 of a table but not to the others is refused
licence          the sentence of the paper that licenses the reading, quoted verbatim
licence_version  the version (``000`` / ``001``) whose text holds that sentence
changes          what the reading changes, ``key: value; ...`` with keys from
                 :data:`~endodec.claims.conditions.CONDITION_KEYS` or ``input`` (a number the
                 paper does not give, supplied by the reading); at least one
note             what the reading computes, for readers
===============  ==================================================================================

A reading whose ``changes`` contradict a condition the claim declares (its ``conditions`` column)
is *inadmissible* for that claim: it is listed among the readings tried, never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from endodec.claims.conditions import CONDITION_KEYS, normalize, parse_conditions
from endodec.errors import SchemaError

__all__ = ["READING_COLUMNS", "Reading", "load_readings", "parse_scope", "in_scope"]

READING_COLUMNS = ["reading", "scope", "licence", "licence_version", "changes", "note"]
CHANGE_KEYS = CONDITION_KEYS + ("input",)
_SCOPE_KINDS = ("analysis", "table", "section")


@dataclass(frozen=True)
class Reading:
    """A declared reading (one row of a readings file); see the module docstring."""

    reading: str
    scope: tuple[tuple[str, ...], ...]
    licence: str
    licence_version: str
    changes: tuple[tuple[str, str], ...]
    note: str = ""
    source_file: str = ""
    source_row: int = 0

    def covers(self, claim: dict) -> bool:
        """Is the claim (a claims row as a dict) inside this reading's scope?"""
        return any(in_scope(s, claim) for s in self.scope)

    def contradiction(self, declared: dict[str, str]) -> str:
        """The first declared condition this reading changes to another value (``""``: none)."""
        for key, value in self.changes:
            if key in declared and normalize(declared[key]) != normalize(value):
                return f"it changes {key} to '{value}', the claim states {key}: {declared[key]}"
        return ""

    def describe(self) -> str:
        """One line for the ledger: the name, what it changes and its licence."""
        ch = "; ".join(f"{k}: {v}" for k, v in self.changes)
        return (f"{self.reading} [{ch}] licensed by seed {self.licence_version}: "
                f"\"{self.licence}\"")


def parse_scope(text: str) -> tuple[tuple[str, ...], ...]:
    """Parse ``analysis:<id> | table:<version>:<table> | section:<version>:<section>``.

    Raises
    ------
    ValueError
        Empty, or an entry of another kind or shape (a single claim id is not a scope).
    """
    out = []
    for part in (p.strip() for p in str(text or "").split("|")):
        if not part:
            continue
        bits = tuple(b.strip() for b in part.split(":", 2))
        kind = bits[0]
        if kind not in _SCOPE_KINDS or (kind == "analysis" and len(bits) != 2) or (
                kind != "analysis" and len(bits) != 3) or not all(bits):
            raise ValueError(f"scope {part!r} is not analysis:<id>, table:<version>:<table> or "
                             "section:<version>:<section>")
        out.append(bits)
    if not out:
        raise ValueError("empty scope")
    return tuple(out)


def in_scope(scope: tuple[str, ...], claim: dict) -> bool:
    """Is ``claim`` inside one scope entry (see :func:`parse_scope`)?"""
    kind = scope[0]
    if kind == "analysis":
        return claim["analysis"] == scope[1]
    if claim["version"] != scope[1]:
        return False
    if kind == "table":
        return claim["table"] == scope[2]
    sec = str(claim["section"])
    return sec == scope[2] or sec.startswith(scope[2] + ".")


def readings_dir() -> Path | object:
    return resources.files("endodec.claims") / "data" / "readings"


def load_readings(directory: str | Path | None = None) -> list[Reading]:
    """Load and validate the declared readings.

    Parameters
    ----------
    directory : path, optional
        Directory of readings files; default: the packaged ``endodec/claims/data/readings``.

    Returns
    -------
    list of Reading

    Raises
    ------
    SchemaError
        A missing column, an empty licence, a licence version other than 000/001, a malformed
        scope or ``changes`` (or none), naming file, row and column.
    """
    root = readings_dir() if directory is None else Path(directory)
    try:
        entries = sorted((e for e in root.iterdir() if e.name.endswith(".csv")),
                         key=lambda e: e.name)
    except FileNotFoundError:
        return []
    out: list[Reading] = []
    for entry in entries:
        with entry.open("r", encoding="utf-8") as f:
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
        missing = [c for c in READING_COLUMNS if c not in df.columns]
        if missing:
            raise SchemaError(entry.name, f"readings file lacks the columns {missing}",
                              allowed=", ".join(READING_COLUMNS))
        for i, r in enumerate(df.to_dict("records"), start=1):
            out.append(_reading(entry.name, i, r))
    return out


def _reading(file: str, row: int, r: dict) -> Reading:
    def bad(column: str, problem: str, allowed: str = "") -> SchemaError:
        return SchemaError(file, problem, row=row, column=column, value=r.get(column),
                           allowed=allowed)

    if not r["reading"].strip():
        raise bad("reading", "a reading needs a name (the key the analysis offers)")
    if len(r["licence"].strip()) < 20:
        raise bad("licence", "a reading needs the sentence of the paper that licenses it",
                  "the sentence, quoted verbatim (20 characters or more)")
    if r["licence_version"] not in ("000", "001"):
        raise bad("licence_version", "the version whose text holds the licence", "000 or 001")
    try:
        scope = parse_scope(r["scope"])
    except ValueError as e:
        raise bad("scope", str(e), "a claim group or a table, never one claim") from None
    try:
        changes = parse_conditions(r["changes"], CHANGE_KEYS)
    except ValueError as e:
        raise bad("changes", str(e), "key: value; ... with keys " + ", ".join(CHANGE_KEYS)) \
            from None
    if not changes:
        raise bad("changes", "a reading must say what it changes; with no change it is the "
                  "claim as worded", "key: value; ... with keys " + ", ".join(CHANGE_KEYS))
    return Reading(r["reading"].strip(), scope, r["licence"].strip(), r["licence_version"],
                   tuple(changes.items()), r["note"], file, row)
