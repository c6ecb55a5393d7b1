"""The distributions: LICENSE, CITATION.cff and py.typed ship; untracked output never does.

Builds the sdist and the wheel with ``python -m build`` (into a temporary directory, from a
temporary copy of the tracked files) and runs ``twine check`` on both.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _require(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not importable: install the test extra "
            f"(pip install -e '.[test]', or pip install build twine)",
            pytrace=False,
        )


def _tracked_copy(dest: Path) -> Path:
    """Copy the repository's tracked files (``git ls-files``) into ``dest``."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    _require("build", "twine")
    repo = _tracked_copy(tmp_path_factory.mktemp("repo"))
    # an untracked output folder, as a report left in the checkout would be
    (repo / "results").mkdir()
    (repo / "results" / "junk.txt").write_text("untracked output\n")
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(repo)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, f"python -m build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_wheel_ships_license_and_py_typed(dists):
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    assert "endodec/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names[-10:]
    assert not any(n.startswith(("results/", "tests/")) for n in names)


def test_sdist_ships_license_and_citation_but_no_untracked_output(dists):
    with tarfile.open(dists["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"LICENSE", "CITATION.cff", "pyproject.toml", "README.md"} <= names
    assert "src/endodec/py.typed" in names
    assert not any(n.startswith("results") for n in names), sorted(n for n in names if "junk" in n)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_twine_check_passes(dists):
    proc = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dists["sdist"]), str(dists["wheel"])],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
