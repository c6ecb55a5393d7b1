"""The documentation site (mkdocs.yml): `mkdocs build --strict` succeeds, its worked examples are
executed during the build (their output is in the pages), and a broken example fails the build.

Needs the `docs` extra (also in the `test` extra): mkdocs-material, mkdocstrings[python],
markdown-exec. The full build takes about 1-1.5 min on 2 cores (most of it the `reproduce`
example).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs", reason="the docs extra (mkdocs) is not installed")
pytest.importorskip("material", reason="the docs extra (mkdocs-material) is not installed")
pytest.importorskip("mkdocstrings_handlers.python",
                    reason="the docs extra (mkdocstrings[python]) is not installed")
pytest.importorskip("markdown_exec", reason="the docs extra (markdown-exec) is not installed")
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["reproduce", "what_if", "learning_curve", "dask_sweep", "predictions"]


def _build(config: Path, site: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]),
        NO_MKDOCS_2_WARNING="1", TMPDIR=str(tmp), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(config), "-d", str(site)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("docs-site")
    (base / "tmp").mkdir()
    res = _build(ROOT / "mkdocs.yml", base / "site", base / "tmp")
    return res, base / "site"


def _text(page: Path) -> str:
    import html
    import re

    s = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", s))


def test_strict_build_succeeds_without_warnings(site):
    res, out = site
    log = res.stdout + res.stderr
    assert res.returncode == 0, log[-4000:]
    warnings = [ln for ln in log.splitlines() if ln.startswith(("WARNING", "ERROR"))]
    assert not warnings, "\n".join(warnings)
    assert (out / "index.html").is_file()


def test_every_docs_page_is_in_the_nav_and_built(site):
    _, out = site
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(nav):
        for item in nav:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                for v in item.values():
                    yield from (pages(v) if isinstance(v, list) else [v])

    in_nav = set(pages(cfg["nav"]))
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert on_disk - in_nav == set(), "pages missing from the nav of mkdocs.yml"
    for page in in_nav:
        built = out / (page[:-3] + "/index.html" if page != "index.md" else "index.html")
        assert built.is_file(), page
    assert {f"examples/{e}.md" for e in EXAMPLES} <= in_nav


def test_examples_were_executed_during_the_build(site):
    import endodec as ed

    _, out = site
    # what if N = 8, delta = 0.2: the page shows the numbers the library computes now
    page = _text(out / "examples/what_if/index.html")
    sol = ed.solve(ed.GameParams(N=8, delta=0.2))
    for v in (sol.T_nash, sol.T_coop, sol.welfare_loss):
        assert f"{float(v):.4g}" in page
    assert "ParameterError" in page and "Traceback" not in page
    # reproduce: the run's summary and the ledger cross-tabulation
    page = _text(out / "examples/reproduce/index.html")
    assert "endodec reproduce ->" in page and "needs author data" in page
    assert "Traceback" not in page
    # the sweep ran a million points on dask
    page = _text(out / "examples/dask_sweep/index.html")
    assert "Sweep of 1,000,000 points" in page and "backend 'dask'" in page
    # the learning curve, breaks and forecast; the predictions evaluation
    page = _text(out / "examples/learning_curve/index.html")
    assert "Bai-Perron multiple breaks" in page and "Wright's law with noise" in page
    page = _text(out / "examples/predictions/index.html")
    assert "falsified" in page and "supported" in page
    for e in EXAMPLES:
        assert "Traceback" not in _text(out / f"examples/{e}/index.html"), e


def test_api_reference_is_generated_from_the_docstrings(site):
    _, out = site
    raw = (out / "api/model/index.html").read_text(encoding="utf-8")
    assert 'id="endodec.model.game.solve"' in raw  # an anchor per documented object
    assert "Solve the game exactly" in _text(out / "api/model/index.html")  # solve's docstring
    raw = (out / "api/empirics/index.html").read_text(encoding="utf-8")
    assert "fit_wright" in raw and "bai_perron" in raw
    for layer in ("claims", "sweep", "analyses", "results"):
        assert (out / f"api/{layer}/index.html").is_file()


def _copy_site(dst: Path, example: str) -> Path:
    """A copy of the site's configuration (theme, plugins, hooks) over a small docs folder: a home
    page and one example page holding ``example``."""
    docs = dst / "docs"
    shutil.copytree(ROOT / "docs" / "_hooks", docs / "_hooks")
    (docs / "examples").mkdir()
    (docs / "index.md").write_text("# Home\n\n[The example](examples/planted.md)\n",
                                   encoding="utf-8")
    (docs / "examples" / "planted.md").write_text(example, encoding="utf-8")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head = cfg[: cfg.index("\nnav:")]
    assert "docs_dir: docs" in head and "  - docs/_hooks/" in head
    text = head.replace("docs_dir: docs", f"docs_dir: {docs}").replace(
        "  - docs/_hooks/", f"  - {docs}/_hooks/")
    text += "\nnav:\n  - Home: index.md\n  - Planted: examples/planted.md\n"
    conf = dst / "mkdocs.yml"
    conf.write_text(text, encoding="utf-8")
    return conf


PAGE = """# Planted

```python exec="on" source="above" result="text"
import endodec as ed
print(float(ed.solve(ed.GameParams(N={N})).T_nash))
```
"""


def test_a_broken_example_fails_the_build(tmp_path):
    (tmp_path / "tmp").mkdir()
    # control: the same copy with a working example builds
    good = _copy_site(tmp_path / "good", PAGE.format(N=5))
    res = _build(good, tmp_path / "good-site", tmp_path / "tmp")
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    # N = 1 is refused with a ParameterError: the build must fail and say why
    bad = _copy_site(tmp_path / "bad", PAGE.format(N=1))
    res = _build(bad, tmp_path / "bad-site", tmp_path / "tmp")
    log = res.stdout + res.stderr
    assert res.returncode != 0, log[-3000:]
    assert "ParameterError" in log or "exited with errors" in log, log[-3000:]
