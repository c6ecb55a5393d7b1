"""Where ``endodec reproduce`` may write, and how a new report replaces an old one safely.

Rules (each enforced here and tested in ``tests/report/test_output_safety.py``):

1. ``--out DIR`` is replaced only if it does not exist, is an empty directory, or is an
   endodec report: a directory whose ``manifest.json`` carries the ``endodec_report`` marker (or
   is a manifest of an earlier endodec version) and which holds nothing but the report's own
   entries (:data:`OWN_ENTRIES`, with every file under ``figures/`` and ``tables/`` listed in the
   manifest). Anything else -- a regular file, a directory with foreign files, the current
   working directory or one of its parents -- is refused with an
   :class:`~endodec.errors.OutputError` that names the path and the foreign entries. There is
   deliberately no ``--force``: endodec never removes a file it did not write.
2. The report is built in a staging directory beside ``DIR`` (``.DIR.endodec-staging-*``, with a
   marker file naming the process) and swapped in with one atomic ``renameat2(RENAME_EXCHANGE)``
   where the system supports it, so at every instant ``DIR`` holds either the old or the new
   report. Elsewhere the old report is renamed aside (``.DIR.endodec-old-*``) and the new one
   renamed in; a crash between the two renames is repaired by the next run (:func:`recover`),
   which renames the old report back.
3. Leftovers of killed runs (staging directories whose process is gone, old reports set aside,
   and the ``.DIR.tmp-*`` / ``.DIR.old-*`` directories of earlier endodec versions) are
   recognised by name *and* content and removed by the next run; nothing else is touched.
4. A run in which an analysis failed is not swapped in: its output is kept for inspection at
   ``DIR.failed`` (an endodec report whose manifest says ``"status": "failed"``), and the
   previous report stays byte-identical.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

from endodec._io import exchange_paths, pid_alive
from endodec.errors import OutputError

__all__ = [
    "OWN_ENTRIES",
    "REPORT_MARKER",
    "check_target",
    "is_report",
    "foreign_entries",
    "recover",
    "new_staging",
    "publish",
    "keep_failed",
]

#: Top-level entries of a report directory (everything endodec writes there).
OWN_ENTRIES = frozenset({"report.html", "ledger.csv", "ledger.json", "manifest.json",
                         "README.md", "figures", "tables"})
#: Key of ``manifest.json`` that marks a directory as an endodec report.
REPORT_MARKER = "endodec_report"
#: Version of the report layout written into the marker.
REPORT_FORMAT = 1

_STAGING = "endodec-staging"
_OLD = "endodec-old"
_MARKER_FILE = ".endodec-staging"


def _read_manifest(d: Path) -> dict | None:
    try:
        m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict):
        return None
    if isinstance(m.get(REPORT_MARKER), dict):
        return m
    # reports of earlier endodec versions: no marker, but these keys
    if {"endodec", "inputs_sha256", "artifacts"} <= m.keys():
        return m
    return None


def foreign_entries(d: Path) -> list[str]:
    """Entries of directory ``d`` that an endodec report would not contain (relative paths).

    A directory without a readable endodec manifest is all foreign (every entry is listed).
    """
    d = Path(d)
    entries = sorted(p.name for p in d.iterdir())
    m = _read_manifest(d)
    if m is None:
        return entries
    foreign = [e for e in entries if e not in OWN_ENTRIES]
    listed = {f for a in m.get("artifacts", []) if isinstance(a, dict)
              for f in a.get("files", []) if isinstance(f, str)}
    for sub in ("figures", "tables"):
        p = d / sub
        if p.is_symlink() or (p.exists() and not p.is_dir()):
            foreign.append(sub)
            continue
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(d).as_posix()
                if f.is_dir() and not f.is_symlink():
                    continue
                if rel not in listed:
                    foreign.append(rel)
    for name in ("report.html", "ledger.csv", "ledger.json", "manifest.json", "README.md"):
        p = d / name
        if p.is_symlink() or p.is_dir():
            foreign.append(name)
    return foreign


def is_report(d: Path) -> bool:
    """True if ``d`` is a directory holding an endodec report and nothing else."""
    d = Path(d)
    return d.is_dir() and not d.is_symlink() and not foreign_entries(d)


def check_target(out: Path) -> Path:
    """Validate ``out`` as a report destination; return it absolute (symlinks resolved).

    Raises
    ------
    OutputError
        ``out`` is a regular file (or another non-directory), the current directory or one of
        its parents, or a directory holding anything an endodec report would not.
    """
    given = Path(out)
    out = given.expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(given, "exists and is not a directory; endodec writes a report "
                                 "directory there: give a new or empty directory path")
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        cwd = None
    if cwd is not None and (out == cwd or out in cwd.parents):
        raise OutputError(given, "is the current directory or contains it; give a "
                                 "subdirectory such as --out results")
    if out.parent == out:
        raise OutputError(given, "is a file-system root")
    if out.is_dir():
        foreign = foreign_entries(out)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more"
                                              if len(foreign) > 5 else "")
            what = ("is not an endodec report" if _read_manifest(out) is None
                    else "is an endodec report with files endodec did not write")
            raise OutputError(given, f"{what} ({shown}); endodec replaces only an empty "
                                     "directory or one of its own reports: choose another "
                                     "--out or move those files")
    parent = out.parent
    if parent.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(given, f"the directory {parent} is not writable")
    return out


def _only_own(d: Path) -> bool:
    """A leftover directory may be removed only if it holds report entries and nothing else."""
    try:
        names = {p.name for p in d.iterdir()}
    except OSError:
        return False
    names.discard(_MARKER_FILE)
    return names <= OWN_ENTRIES and not (d / "manifest.json").is_dir()


def recover(out: Path) -> list[Path]:
    """Repair and clean what earlier (killed) runs left beside ``out``; return what was removed.

    - ``out`` missing and an old report set aside by an interrupted swap: rename it back.
    - staging directories whose process has exited, old reports set aside, and the
      ``.OUT.tmp-XXXXXXXX`` / ``.OUT.old-XXXXXXXX`` directories of earlier endodec versions:
      removed, but only when they hold nothing but report entries.
    """
    out = Path(out)
    parent = out.parent
    if not parent.is_dir():
        return []
    name = re.escape(out.name)
    pat_staging = re.compile(rf"^\.{name}\.{_STAGING}-(\d+)-[A-Za-z0-9]+$")
    pat_old = re.compile(rf"^\.{name}\.(?:{_OLD}-[A-Za-z0-9-]+|old-[A-Za-z0-9_]{{8}})$")
    pat_legacy_tmp = re.compile(rf"^\.{name}\.tmp-[A-Za-z0-9_]{{8}}$")
    removed: list[Path] = []
    try:
        candidates = sorted(parent.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    olds = [p for p in candidates if pat_old.match(p.name) and p.is_dir() and not p.is_symlink()]
    if not out.exists():
        for p in sorted(olds, key=lambda p: p.stat().st_mtime, reverse=True):
            if is_report(p):
                os.replace(p, out)  # an interrupted swap: put the previous report back
                olds.remove(p)
                break
    for p in candidates:
        if p.is_symlink() or not p.is_dir() or p == out:
            continue
        m = pat_staging.match(p.name)
        stale = False
        if m:
            stale = not pid_alive(int(m.group(1)))
        elif p in olds or pat_legacy_tmp.match(p.name):
            stale = True
        if stale and _only_own(p):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def new_staging(out: Path) -> Path:
    """Create the staging directory for a new report beside ``out`` (with its marker file)."""
    import secrets

    out.parent.mkdir(parents=True, exist_ok=True)
    while True:
        p = out.parent / f".{out.name}.{_STAGING}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            p.mkdir()  # 0o777 & ~umask, as a plain os.mkdir; becomes OUT on publish
        except FileExistsError:
            continue
        (p / _MARKER_FILE).write_text(f"{os.getpid()} {time.time():.0f}\n", encoding="utf-8")
        return p


def _seal(staging: Path) -> None:
    try:
        (staging / _MARKER_FILE).unlink()
    except FileNotFoundError:
        pass


def publish(staging: Path, out: Path, *, _crash_between_renames: bool = False) -> None:
    """Replace ``out`` (absent, empty, or an endodec report) by the complete report ``staging``.

    Crash-safe: an atomic exchange where available (``out`` always holds a whole report), else
    two renames with :func:`recover` repairing an interruption between them.
    """
    _seal(staging)
    if not out.exists():
        os.replace(staging, out)
        return
    check_target(out)  # re-check just before replacing: files may have appeared meanwhile
    if not _crash_between_renames and exchange_paths(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous report
        return
    import secrets

    old = out.parent / f".{out.name}.{_OLD}-{secrets.token_hex(4)}"
    os.replace(out, old)
    if _crash_between_renames:  # test hook: the process dies here
        raise KeyboardInterrupt("simulated crash between the two renames")
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def keep_failed(staging: Path, out: Path) -> Path:
    """Move a failed run's output to ``OUT.failed`` (replacing an earlier failed run's output
    only if that is an endodec report) and return where it went."""
    _seal(staging)
    for i in range(1, 1000):
        dest = out.parent / (f"{out.name}.failed" if i == 1 else f"{out.name}.failed-{i}")
        if not dest.exists():
            os.replace(staging, dest)
            return dest
        if dest.is_dir() and not dest.is_symlink() and is_report(dest):
            if not exchange_paths(staging, dest):
                shutil.rmtree(dest)
                os.replace(staging, dest)
            else:
                shutil.rmtree(staging, ignore_errors=True)
            return dest
    raise OutputError(out, "too many failed-run directories beside it; remove some")  # pragma: no cover
