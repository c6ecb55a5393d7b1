"""Every packaged dataset's sidecar carries its data rights and citation (issue 18, item 6), and
the replication README that ``endodec reproduce`` writes (``DIR/README.md``) is generated from
those sidecars, the analyses registry and the artifacts the run recorded."""

from __future__ import annotations

import json

import pytest

from endodec.datasets.packaged import _catalog, describe
from endodec.errors import DataError
from endodec.report import replication

PAIRS = [(n, v) for n, vs in sorted(_catalog().items()) for v in sorted(vs)]
RIGHTS = ("availability", "licence", "statement", "upstream_sources")


@pytest.mark.parametrize("name,version", PAIRS, ids=[f"{n}-{v}" for n, v in PAIRS])
def test_every_packaged_dataset_has_rights_and_a_citation(name, version):
    d = describe(name, version)
    for k in RIGHTS:
        assert isinstance(d["rights"].get(k), str) and d["rights"][k].strip(), (name, k)
    cite = d["citation"]
    assert f"version {version}" in cite  # the paper version it was transcribed from
    assert str(d["source"]["table"]) in cite  # and the table (or text) it comes from
    assert d["source"]["seed"] in d["rights"]["statement"]


def test_a_sidecar_without_rights_is_refused(monkeypatch):
    real = describe

    def without(name, version=None):
        d = real(name, version)
        if name == "dram":
            d.pop("rights")
        return d

    monkeypatch.setattr("endodec.datasets.packaged.describe", without)
    with pytest.raises(DataError, match="'dram'.*lacks availability, licence"):
        replication.dataset_rights()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from endodec.report.reproduce import reproduce

    out = tmp_path_factory.mktemp("rep") / "out"
    res = reproduce(out=out, only=["s3-baseline", "s3.8-table2", "s4.1"], fast=True)
    return res, out


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_reproduce_writes_the_replication_readme(run):
    res, out = run
    text = (out / "README.md").read_text(encoding="utf-8")
    for heading in ("Data availability and provenance statements", "Data rights and licences",
                    "Computational requirements", "Description of programs",
                    "Instructions to replicators", "List of tables and figures", "References"):
        assert f"\n## {heading}\n" in text, heading
    # every packaged dataset, with its licence, in the rights section
    rights = _section(text, "Data rights and licences")
    for name, version in PAIRS:
        assert f"| {name} | {version} | {describe(name, version)['rights']['licence']} |" in rights
    # no path of this run (the README is as reproducible as the other files)
    assert str(out) not in text and "endodec-staging" not in text


def test_exhibit_list_is_the_artifacts_of_the_run(run):
    res, out = run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    exhibits = _section((out / "README.md").read_text(encoding="utf-8"),
                        "List of tables and figures")
    rows = [ln for ln in exhibits.splitlines() if ln.startswith("| ") and "`" in ln]
    assert len(rows) == len(manifest["artifacts"]) == len(res.artifacts) > 0
    for row, art in zip(rows, manifest["artifacts"], strict=True):
        assert row.startswith(f"| {art['name']} | {art['kind']} |")
        assert all(f"`{f}`" in row for f in art["files"]) and art["analysis"] in row
        assert all((out / f).is_file() for f in art["files"])
    # skipped analyses (author data) are named as not run
    assert "s4.1-dram-author" in exhibits and "Not run" in exhibits


def test_the_readme_follows_the_manifest_and_registry(run):
    from endodec.report.reproduce import select

    _, out = run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    analyses = select(["s3-baseline"])
    manifest["artifacts"] = manifest["artifacts"][:1] + [dict(
        manifest["artifacts"][0], name="planted_exhibit", files=["tables/planted.csv"])]
    text = replication.replication_readme(manifest, analyses)
    assert "| planted_exhibit |" in text and "`tables/planted.csv`" in text
    programs = _section(text, "Description of programs")
    assert "| s3-baseline |" in programs and "s3.8-table2" not in programs
    assert f"seed {manifest['seed']}" in text
