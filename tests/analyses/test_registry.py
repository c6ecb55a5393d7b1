"""Registration of the analyses is explicit, and the analyses sit below the report."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import endodec
from endodec import analyses
from endodec.analyses import MODULES, REGISTRY, load_all

SRC = Path(endodec.__file__).parent


@pytest.mark.parametrize("name", MODULES)
def test_every_listed_module_imports_and_registers(name):
    mod = importlib.import_module(f"endodec.analyses.{name}")
    load_all()
    own = [a.id for a in REGISTRY.values()
           if a.func.__module__ == mod.__name__ or a.func.__module__.startswith(mod.__name__ + ".")]
    assert own, f"endodec.analyses.{name} registers no analysis"


def test_every_analysis_module_is_listed():
    infrastructure = {"__init__", "base", "config"}  # the registry and the run configuration
    present = ({p.stem for p in (SRC / "analyses").glob("*.py")}
               | {p.parent.name for p in (SRC / "analyses").glob("*/__init__.py")}) - infrastructure
    assert present == set(MODULES), "MODULES and the analysis modules differ"
    assert len(MODULES) == len(set(MODULES)), "a module is listed twice"


def test_every_registered_analysis_comes_from_a_listed_module():
    load_all()
    listed = {f"endodec.analyses.{m}" for m in MODULES}
    stray = {a.id: a.func.__module__ for a in REGISTRY.values()
             if a.func.__module__ not in listed
             and not any(a.func.__module__.startswith(m + ".") for m in listed)
             and not a.func.__module__.startswith("tests")}
    assert not stray


def test_a_missing_module_is_an_import_error(monkeypatch):
    monkeypatch.setattr(analyses, "MODULES", [*MODULES, "no_such_analysis_module"])
    with pytest.raises(ImportError, match="no_such_analysis_module"):
        analyses.load_all()


def _imports(package: str) -> dict[str, set[str]]:
    """``{module file: endodec modules it imports}`` (top-level and lazy imports)."""
    out = {}
    for path in sorted((SRC / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        out[str(path.relative_to(SRC))] = {n for n in names if n.startswith("endodec")}
    return out


def _offenders(package: str, above: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for f, names in _imports(package).items():
        hit = sorted(n for n in names if any(n == a or n.startswith(a + ".") for a in above))
        if hit:
            bad[f] = hit
    return bad


def test_analyses_do_not_import_the_report():
    assert not _offenders("analyses", ("endodec.report", "endodec.cli",
                                       "endodec.explore"))


def test_claims_import_nothing_above_them():
    assert not _offenders("claims", ("endodec.analyses", "endodec.report", "endodec.cli",
                                     "endodec.explore"))
