"""One test of the result protocol (:mod:`endodec.results`) over every result type.

Every class of endodec that derives from :class:`~endodec.results.ResultBase`, and every class
whose name says it is a result, must have an example in one of the ``examples_*.py`` modules of
this folder (``EXAMPLES = {Class: builder}``, a builder taking no argument and returning an
instance); a result type without an example fails here, so a new type cannot skip the protocol.
"""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re

import pandas as pd
import pytest

import endodec
from endodec.results import ResultBase, Summary

_RESULTISH = re.compile(r"(Result|Fit|Solution|Check|Forecast|Path)$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SKIP_PACKAGES = ("endodec.cli", "endodec.explore")  # presentation layers hold no results


def _library_modules():
    for m in pkgutil.walk_packages(endodec.__path__, "endodec."):
        if m.name.startswith(_SKIP_PACKAGES) or m.name.endswith("__main__"):
            continue
        yield importlib.import_module(m.name)


def _result_classes():
    found = {}
    for mod in _library_modules():
        for name, obj in vars(mod).items():
            if (isinstance(obj, type) and obj.__module__ == mod.__name__
                    and not name.startswith("_")
                    and (issubclass(obj, ResultBase) or _RESULTISH.search(name)
                         or callable(getattr(obj, "summary", None)))
                    and not issubclass(obj, BaseException)
                    and obj is not ResultBase):
                found[f"{obj.__module__}.{name}"] = obj
    return found


def _examples():
    ex = {}
    here = importlib.import_module("tests.protocol")
    for m in pkgutil.iter_modules(here.__path__, "tests.protocol."):
        if m.name.rsplit(".", 1)[-1].startswith("examples_"):
            ex.update(importlib.import_module(m.name).EXAMPLES)
    return ex


CLASSES = _result_classes()
EXAMPLES = _examples()


def test_every_result_derives_from_the_base():
    offenders = [k for k, c in CLASSES.items() if not issubclass(c, ResultBase)]
    assert not offenders, f"result classes outside the protocol: {offenders}"


def test_every_result_has_an_example():
    missing = [k for k, c in CLASSES.items() if c not in EXAMPLES]
    assert not missing, f"result classes without an example in tests/protocol: {missing}"


@pytest.mark.parametrize("cls", sorted(EXAMPLES, key=lambda c: c.__qualname__),
                         ids=lambda c: c.__qualname__)
def test_protocol(cls):
    r = EXAMPLES[cls]()
    assert isinstance(r, cls)
    # text, HTML, LaTeX
    s = r.summary()
    assert isinstance(s, Summary) and str(s).strip()
    html = s.as_html()
    assert html.startswith("<div") and html.rstrip().endswith("</div>")
    assert r._repr_html_() == html
    tex = s.as_latex()
    assert isinstance(tex, str) and tex.strip()
    if s.tables:
        assert "\\toprule" in tex and "\\bottomrule" in tex
    # one short repr line
    rep = repr(r)
    assert "\n" not in rep and len(rep) <= 400, rep
    # strict JSON round trip
    d = r.to_dict()
    assert isinstance(d, dict) and d
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text) == d
    # frame: identifier-style columns, survives a CSV round trip
    f = r.to_frame()
    assert isinstance(f, pd.DataFrame) and len(f.columns) > 0
    bad = [c for c in f.columns if not _IDENT.match(str(c))]
    assert not bad, f"non-identifier columns: {bad}"
    back = pd.read_csv(io.StringIO(f.to_csv(index=False)))
    assert list(back.columns) == [str(c) for c in f.columns]
    assert len(back) == len(f)
