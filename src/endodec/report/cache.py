"""Incremental re-runs: each analysis' results cached by what they depend on.

An entry's key is made of

- the *code version*: a checksum of endodec's installed package (its source and packaged data),
  so any change to the code or the packaged tables invalidates every entry;
- the analysis' *slice of the configuration*: the sections it read in the run that made the entry
  (``game``, ``adoption``, ...; recorded by :class:`ConfigView`) and the user files that replaced
  a dataset it loaded (checksums);
- the checksums of the author's data files (when given), the seed and the fast mode.

A re-run after ``--set game.delta=0.2`` therefore recomputes only the analyses that read the
``[game]`` section. Each entry stores the analysis' values (pickled), its figure and table files
and the checksum of every one of them; a damaged entry (a checksum that does not match, a file
missing, an unreadable pickle) is reported as ``damaged`` and recomputed, never used.

Layout: ``CACHE/<analysis id>/{meta.json, values.pkl, files/...}``; the default ``CACHE`` is
``OUT.cache`` beside the report directory.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from endodec._io import atomic_write_bytes

__all__ = ["ConfigView", "code_version", "default_cache_dir", "lookup", "store"]

CACHE_FORMAT = 1


class ConfigView:
    """A read-recording view of a :class:`~endodec.analyses.config.RunConfig` (``ctx.config``).

    Every section an analysis reads (``ctx.config.game_params(...)``, ``ctx.config.adoption``,
    ...) is added to :attr:`read`; the cache keys the analysis on exactly those sections.
    """

    def __init__(self, cfg):
        self._cfg = cfg
        self.read: set[str] = set()

    def game_params(self, version: str = "000", **overrides):
        """See :meth:`RunConfig.game_params`."""
        self.read.add("game")
        return self._cfg.game_params(version, **overrides)

    def game_baseline(self, version: str = "000"):
        """See :meth:`RunConfig.game_baseline`."""
        self.read.add("game")
        return self._cfg.game_baseline(version)

    def adoption_params(self, **overrides):
        """See :meth:`RunConfig.adoption_params`."""
        self.read.add("adoption")
        return self._cfg.adoption_params(**overrides)

    def __getattr__(self, name: str):
        if name in ("game", "adoption", "run", "data"):
            self.read.add(name)
        return getattr(self._cfg, name)


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over endodec's installed files (source and packaged data), in path order."""
    import endodec

    root = Path(endodec.__file__).resolve().parent
    h = hashlib.sha256(endodec.__version__.encode())
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            h.update(p.relative_to(root).as_posix().encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def default_cache_dir(out: Path) -> Path:
    """``OUT.cache`` beside the report directory ``OUT``."""
    out = Path(out)
    return out.with_name(out.name + ".cache")


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _key(aid: str, cfg, reads: list[str], datasets: list[str], common: dict) -> str:
    user = {k: str(v) for k, v in cfg.data.items() if k in datasets}
    slice_ = cfg.digest(sorted(reads)) if reads else ""
    files = {k: _sha(Path(v)) for k, v in user.items() if Path(v).is_file()}
    blob = json.dumps({"aid": aid, "format": CACHE_FORMAT, "code": code_version(),
                       "config": slice_, "user_data": files, **common}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def lookup(cache: Path, aid: str, cfg, common: dict, staging: Path):
    """The cached result of ``aid`` for this configuration, copied into ``staging``.

    Returns
    -------
    (state, payload)
        ``state`` is ``"hit"`` (payload: ``(values, artifacts, warnings, reads, datasets)``),
        ``"miss"`` (no entry), ``"stale"`` (an entry for other inputs) or ``"damaged"``
        (checksum mismatch, missing file, unreadable entry); payload is None unless a hit.
    """
    from endodec.analyses.base import Artifact

    d = Path(cache) / aid
    try:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "miss", None
    except (OSError, ValueError):
        return "damaged", None
    try:
        if meta.get("key") != _key(aid, cfg, meta["reads"], meta["datasets"], common):
            return "stale", None
        blob = (d / "values.pkl").read_bytes()
        if hashlib.sha256(blob).hexdigest() != meta["values_sha256"]:
            return "damaged", None
        for rel, h in meta["files"].items():
            if _sha(d / "files" / rel) != h:
                return "damaged", None
        values = pickle.loads(blob)  # noqa: S301 - our own cache, checksummed
    except (OSError, KeyError, TypeError, pickle.UnpicklingError, EOFError, AttributeError):
        return "damaged", None
    for rel in meta["files"]:
        dst = Path(staging) / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(d / "files" / rel, dst)
    arts = [Artifact(**a) for a in meta["artifacts"]]
    return "hit", (values, arts, meta.get("warnings", []), meta["reads"], meta["datasets"])


def store(cache: Path, aid: str, cfg, common: dict, staging: Path, values: dict[str, Any],
          artifacts: list, warnings: list[str], reads: list[str], datasets: list[str]) -> None:
    """Write (replace) the entry of ``aid``; its files are copied from ``staging``."""
    d = Path(cache) / aid
    tmp = Path(cache) / f".{aid}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "files").mkdir(parents=True)
    blob = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write_bytes(tmp / "values.pkl", blob)
    files = {}
    for a in artifacts:
        for rel in a.files:
            src = Path(staging) / rel
            if src.is_file():
                dst = tmp / "files" / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
                files[rel] = _sha(dst)
    meta = {"format": CACHE_FORMAT, "analysis": aid,
            "key": _key(aid, cfg, reads, datasets, common), "reads": sorted(reads),
            "datasets": sorted(datasets), "values_sha256": hashlib.sha256(blob).hexdigest(),
            "files": files, "artifacts": [asdict(a) for a in artifacts], "warnings": warnings}
    atomic_write_bytes(tmp / "meta.json", json.dumps(meta, indent=1).encode())
    shutil.rmtree(d, ignore_errors=True)
    tmp.rename(d)
