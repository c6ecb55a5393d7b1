"""The public face ``import endodec as ed``: lazy, complete, documented."""

from __future__ import annotations

import inspect
import subprocess
import sys
import types

import pytest

import endodec as ed

PUBLIC = [n for n in ed.__all__ if n != "__version__"]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves_and_has_a_numpydoc_docstring(name):
    obj = getattr(ed, name)
    if not (inspect.isclass(obj) or inspect.isfunction(obj) or callable(obj)):
        return  # a table (GAME_PARAMS): documented where it is defined
    if isinstance(obj, types.ModuleType):  # ed.sweep: the callable subpackage
        obj = obj.__call__
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"ed.{name} has no docstring"
    first = doc.strip().splitlines()[0]
    assert first.strip(), f"ed.{name}: the docstring starts with an empty line"
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return  # exceptions: a one-paragraph docstring is the convention
    params = [p for p in inspect.signature(obj).parameters.values()
              if p.name not in ("self", "cls") and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    if params:
        assert "Parameters\n----------" in doc, f"ed.{name}: numpydoc 'Parameters' section missing"


def test_import_is_light():
    code = ("import sys, endodec; heavy = [m for m in ('pandas', 'scipy', 'matplotlib', "
            "'statsmodels', 'typer', 'jax', 'dask') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ed.nope  # noqa: B018


def test_dir_lists_the_public_face():
    assert set(PUBLIC) <= set(dir(ed))


def test_sweep_is_the_function_even_after_the_subpackage_is_imported():
    import endodec
    import endodec.sweep.engine  # noqa: F401  (binds endodec.sweep to the subpackage)

    assert ed.sweep is endodec.sweep  # the subpackage ...
    res = ed.sweep(["N=2,3"], progress=False)  # ... called as the function
    assert isinstance(res, endodec.sweep.SweepResult) and res.n_points == 2
