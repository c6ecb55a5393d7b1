"""The replication README of a report: ``DIR/README.md``, written by ``endodec reproduce``.

It follows the structure of the Social Science Data Editors' template README
(<https://social-science-data-editors.github.io/template_README/>): overview, data availability
and provenance statements, data rights and licences per dataset, computational requirements,
description of the programs, instructions to replicators, the list of tables and figures with
the files that hold them, and references with data citations.

Nothing in it is typed by hand: the datasets, their provenance, licences and citations come from
the packaged datasets' sidecars (``src/endodec/data/*.yaml``: ``source``, ``rights``,
``citation``) and :data:`endodec.datasets.author.AUTHOR_DATA_RIGHTS`; the programs and the
exhibit -> output file list from the analyses registry (:data:`endodec.analyses.REGISTRY`) and
the artifacts the run recorded (``manifest.json``). The README holds no path, time or other value
that differs between two runs with the same seed, so it is as reproducible as the rest of the
report (the run time is in ``manifest.json``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["replication_readme", "dataset_rights"]

TEMPLATE_URL = "https://social-science-data-editors.github.io/template_README/"


def _cell(v: Any) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return " ".join(str("" if v is None else v).split()).replace("|", "\\|")


def _table(header: list[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return out


def dataset_rights() -> list[dict[str, Any]]:
    """Provenance, rights and citation of every packaged dataset (one dict per name and version).

    Returns
    -------
    list of dict
        ``name, version, file, title, source, rights, citation`` read from the sidecars
        (:func:`endodec.datasets.describe`), sorted by name and version.

    Raises
    ------
    DataError
        A sidecar lacks its ``rights`` (``availability``, ``licence``, ``statement``,
        ``upstream_sources``) or ``citation``.
    """
    from endodec.datasets.packaged import _catalog, describe
    from endodec.errors import DataError

    out = []
    for name, versions in sorted(_catalog().items()):
        for v in sorted(versions):
            d = describe(name, v)
            rights = d.get("rights") or {}
            missing = [k for k in ("availability", "licence", "statement", "upstream_sources")
                       if not rights.get(k)] + ([] if d.get("citation") else ["citation"])
            if missing:
                raise DataError(f"sidecar of dataset {name!r} version {v!r} lacks "
                                f"{', '.join(missing)}; add them to {d.get('file', name)}'s "
                                "YAML sidecar (see the README, Replication package)")
            out.append({"name": name, "version": v, "file": d["file"], "title": d.get("title", ""),
                        "source": d.get("source") or {}, "rights": rights,
                        "citation": d["citation"]})
    return out


def _source(s: dict) -> str:
    return ", ".join(str(s[k]) for k in ("table", "section") if s.get(k))


def _provenance(ds: list[dict], manifest: dict) -> list[str]:
    from endodec.datasets.author import AUTHOR_DATA_RIGHTS

    sha = manifest.get("inputs_sha256") or {}
    used = bool(manifest.get("author_data"))
    lines = ["## Data availability and provenance statements", "",
             "### Statement about rights", "",
             "- [x] The packaged tables are transcriptions of tables and numbers printed in the "
             "public working paper; each dataset's rights statement is below.",
             f"- [{'x' if used else ' '}] The paper author's data files were used in this run "
             "(`--author-data`); they are not redistributed with endodec.", "",
             "### Summary of availability", "",
             "- [x] All data **are** publicly available: the packaged tables in this package "
             "(printed in the public working paper), the author's files in the author's public "
             "repository (not redistributed here), Hub metadata through the Hub's public API.",
             "- [ ] Some data **cannot be made** publicly available.", "",
             "### Details on each data source", "",
             "Packaged with endodec (`src/endodec/data/`, read with `endodec data show NAME "
             "--version V --provenance`; SHA-256 of the file this run read):", ""]
    lines += _table(["dataset", "version", "title", "source in the paper", "file", "sha256"],
                    ([d["name"], d["version"], d["title"], _source(d["source"]), d["file"],
                      (sha.get(f"packaged/{d['file']}") or "")[:16]] for d in ds))
    r = AUTHOR_DATA_RIGHTS
    lines += ["", f"**The author's data files** ({r['repository']}, commit {r['commit'][:7]}, "
              f"folder `{r['folder']}/`): {r['availability']} "
              f"{'Used in this run.' if used else 'Not used in this run: the analyses that need them were skipped and their claims have status needs author data.'}",
              ""]
    return lines


def _rights(ds: list[dict]) -> list[str]:
    from endodec.datasets.author import AUTHOR_DATA_RIGHTS
    from endodec.datasets.hub import HUB_RIGHTS

    lines = ["## Data rights and licences", "",
             "Per dataset, from its sidecar (`rights` in `src/endodec/data/NAME_VERSION.yaml`):",
             ""]
    lines += _table(["dataset", "version", "licence", "rights statement", "upstream sources"],
                    ([d["name"], d["version"], d["rights"]["licence"], d["rights"]["statement"],
                      d["rights"]["upstream_sources"]] for d in ds))
    lines += ["", f"- **The author's data files**: licence: {AUTHOR_DATA_RIGHTS['licence']}. "
              f"{AUTHOR_DATA_RIGHTS['statement']}",
              f"- **Hugging Face Hub metadata** (`--fetch`): licence: {HUB_RIGHTS['licence']}. "
              f"{HUB_RIGHTS['statement']}",
              "- **endodec's code, documentation and tests**: MIT (the `LICENSE` file of the "
              "package).", ""]
    return lines


def _requirements(manifest: dict) -> list[str]:
    deps = manifest.get("dependencies") or {}
    lines = ["## Computational requirements", "",
             "### Software requirements", "",
             f"- endodec {manifest.get('endodec', '')} on Python {manifest.get('python', '')} "
             f"({manifest.get('platform', '')})"]
    lines += [f"- {k} {v}" for k, v in deps.items() if v]
    lines += ["", "Install with `pip install endodec` (or `pip install -e .` in a checkout); "
              "the optional extras `dask`, `jax`, `explore` and `hub` are not needed for this "
              "report.", "",
              "### Controlled randomness", "",
              f"- [x] Every random draw is seeded: seed {manifest.get('seed')} (`--seed`)."
              + (" This run used `--fast` (fewer bootstrap resamples and Monte Carlo draws)."
                 if manifest.get("fast") else ""), "",
              "### Memory, runtime and hardware", "",
              "No GPU, no network and no server are needed. The run time of this run is in "
              "`manifest.json` (`total_seconds`, and `timings_s` per analysis); the package's "
              "README states measured times.", ""]
    return lines


def _programs(analyses: list, skipped: Iterable[str]) -> list[str]:
    skipped = set(skipped)
    lines = ["## Description of programs", "",
             "One registered analysis per table, figure or claim group "
             "(`endodec reproduce --list`; registry `endodec.analyses.REGISTRY`):", ""]
    lines += _table(["analysis", "paper section", "version", "title", "module", "run"],
                    ([a.id, a.section, a.version, a.title, a.func.__module__,
                      "needs author data: skipped" if a.id in skipped else "yes"]
                     for a in analyses))
    return lines + [""]


def _exhibits(artifacts: list[dict], skipped: list[str]) -> list[str]:
    lines = ["## List of tables and figures", "",
             "Every exhibit this run wrote, in the order of the paper, with the analysis that "
             "produced it and its files (from the artifacts recorded in `manifest.json`):", ""]
    lines += _table(["exhibit", "kind", "paper section", "version", "analysis", "caption",
                     "output files"],
                    ([a.get("name"), a.get("kind"), a.get("section"), a.get("version"),
                      a.get("analysis"), a.get("caption"),
                      ", ".join(f"`{f}`" for f in a.get("files", []))] for a in artifacts))
    if skipped:
        lines += ["", "Not run (they need the author's data, so their exhibits are not in this "
                  "run): " + ", ".join(f"`{a}`" for a in skipped) + "."]
    return lines + [""]


def _references(ds: list[dict]) -> list[str]:
    from endodec.datasets.author import AUTHOR_DATA_RIGHTS
    from endodec.datasets.hub import HUB_RIGHTS

    mark = "(February 2026)"  # the paper's date, as each sidecar's citation gives it
    cites = list(dict.fromkeys(d["citation"][:d["citation"].index(mark) + len(mark)] + "."
                               if mark in d["citation"] else d["citation"] for d in ds))
    lines = ["## References", "", "The paper (each dataset's full citation, with its table, is "
             "in its sidecar's `citation`):", ""]
    lines += [f"- {c}" for c in cites]
    lines += ["", "Data citations:", "", f"- {AUTHOR_DATA_RIGHTS['citation']}",
              f"- {HUB_RIGHTS['citation']}",
              "- endodec itself: see `CITATION.cff` in the package's repository.", ""]
    return lines


def replication_readme(manifest: dict, analyses: list, *, title: str = "endodec reproduce") -> str:
    """The replication README of a report, as Markdown.

    Parameters
    ----------
    manifest : dict
        The run's ``manifest.json`` content (``artifacts``, ``inputs_sha256``, ``dependencies``,
        ``seed``, ``fast``, ``author_data``, ``skipped_need_author_data``).
    analyses : list of Analysis
        The analyses the run selected (:func:`endodec.report.reproduce.select`).
    title : str
        First heading.

    Returns
    -------
    str
        The README (Markdown), identical for two runs with the same seed and inputs.
    """
    ds = dataset_rights()
    skipped = manifest.get("skipped_need_author_data") or []
    lines = [f"# Replication package: {title}", "",
             "This directory was written by `endodec reproduce`. It re-computes the tables, "
             "figures and claims of the working paper *Endogenous Decentralization* (versions 000 "
             "and 001) and checks each claim in the ledger (`ledger.csv`, `ledger.json`; "
             "`report.html` shows everything). This README follows the structure of the Social "
             f"Science Data Editors' template ({TEMPLATE_URL}); every list in it is generated from "
             "the datasets' sidecars, the analyses registry and this run's manifest.", ""]
    lines += _provenance(ds, manifest)
    lines += _rights(ds)
    lines += _requirements(manifest)
    lines += _programs(analyses, skipped)
    lines += ["## Instructions to replicators", "",
              f"- `endodec reproduce --out DIR --seed {manifest.get('seed')}"
              + (" --fast" if manifest.get("fast") else "") + "` rewrites this report; add "
              "`--author-data DIR` (or set `ENDODEC_AUTHOR_DATA`) to run the analyses that need "
              "the author's files (`endodec data fetch-author` downloads them).",
              "- Two runs with the same seed write identical files apart from the timings in "
              "`manifest.json`.", ""]
    lines += _exhibits(manifest.get("artifacts") or [], skipped)
    lines += _references(ds)
    return "\n".join(lines)
