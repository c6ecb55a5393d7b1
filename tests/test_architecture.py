"""The architecture, as tests: layers that only look down, modules of one purpose.

The layer contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are described in
``docs/architecture.md``. They are checked here with import-linter on the package itself, and each
contract is shown to bite by planting a violation in a copy of the package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "endodec"
MAX_LINES = 700


def _lint(cwd: Path, src: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("import-linter is not installed (it is in the [test] extra)")
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([str(exe), "--no-cache", "pyproject.toml"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_layer_contracts_hold():
    r = _lint(REPO, REPO / "src")
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout or "broken" not in r.stdout.split("Contracts:")[-1]


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("arch")
    shutil.copytree(SRC, root / "src" / "endodec",
                    ignore=shutil.ignore_patterns("__pycache__", "data", "*.csv", "*.yaml"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize("where, what, contract", [
    ("model", "from endodec.report import output", "Layers only look down"),
    ("analyses", "import endodec.report.output", "Layers only look down"),
    ("empirics", "from endodec import analyses", "Layers only look down"),
    ("model", "import endodec.datasets", "The model is pure mathematics"),
])
def test_a_planted_violation_fails(package_copy, where, what, contract):
    planted = package_copy / "src" / "endodec" / where / "_planted_violation.py"
    planted.write_text(f"{what}\n")
    try:
        r = _lint(package_copy, package_copy / "src")
    finally:
        planted.unlink()
    assert r.returncode != 0, r.stdout[-3000:]
    broken = r.stdout.split("Broken contracts")[-1]
    assert f"endodec.{where}._planted_violation" in broken and contract in broken, r.stdout[-3000:]


def test_no_module_over_700_lines():
    big = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines (split them along the paper's parts): {big}"
