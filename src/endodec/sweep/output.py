"""Where sweep chunks go: the Parquet stream, the in-memory frame and the progress bar.

A streamed sweep (``out=...parquet``) writes every chunk as it arrives into ``.OUT.PID.tmp``
beside the target, renamed into place when the sweep succeeds (removed when it fails); the
schema metadata ``endodec.sweep`` marks the file as endodec's (:func:`parquet_is_own`, so a later
sweep may replace it). ``reason`` and ``prop1`` are stored as dictionary columns over
:data:`~endodec.sweep.points.REASONS` and :data:`~endodec.sweep.points.PROP1_STATUS`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from endodec._io import pid_alive
from endodec.sweep.points import PROP1_STATUS, REASONS

__all__ = ["parquet_is_own"]


def _to_arrow(cols: dict[str, np.ndarray]):
    import pyarrow as pa

    arrays, names = [], []
    for k, v in cols.items():
        if k == "reason":
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(v, pa.int8()), pa.array(REASONS)))
        elif k == "prop1":
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(v, pa.int8()),
                                                         pa.array(PROP1_STATUS)))
        else:
            arrays.append(pa.array(v))
        names.append(k)
    return pa.Table.from_arrays(arrays, names=names)


_SWEEP_META_KEY = b"endodec.sweep"


def parquet_is_own(path) -> bool:
    """True if ``path`` is a Parquet file written by :func:`sweep` (its schema metadata)."""
    import pyarrow.parquet as pq

    return _SWEEP_META_KEY in (pq.read_schema(path).metadata or {})


def _remove_stale_parts(out: Path) -> None:
    """Remove ``.OUT.PID.tmp`` files that killed sweeps left beside ``out`` (dead PIDs only)."""
    import re

    pat = re.compile(rf"^\.{re.escape(out.name)}\.(\d+)\.tmp$")
    parent = out.parent if str(out.parent) else Path(".")
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for p in entries:
        m = pat.match(p.name)
        if m and p.is_file() and not p.is_symlink() and not pid_alive(int(m.group(1))):
            try:
                p.unlink()
            except OSError:
                pass


class _ParquetSink:
    """Stream chunks into ``path`` through a temporary file renamed into place on success."""

    def __init__(self, path, meta: dict):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.meta = meta
        self.writer = None

    def write(self, cols):
        import pyarrow.parquet as pq

        t = _to_arrow(cols)
        if self.writer is None:
            schema = t.schema.with_metadata({"endodec.sweep": json.dumps(self.meta)})
            self.writer = pq.ParquetWriter(self.tmp, schema)
        self.writer.write_table(t.replace_schema_metadata(self.writer.schema.metadata))

    def close(self, ok: bool):
        if self.writer is not None:
            self.writer.close()
        if ok and self.writer is not None:
            os.replace(self.tmp, self.path)
        elif self.tmp.exists():
            self.tmp.unlink()


def _frame(chunks: list[dict]) -> pd.DataFrame:
    if not chunks:
        return pd.DataFrame()
    keys = list(chunks[0])
    d = {k: np.concatenate([c[k] for c in chunks]) for k in keys}
    d["reason"] = pd.Categorical.from_codes(d["reason"], categories=list(REASONS))
    d["prop1"] = pd.Categorical.from_codes(d["prop1"], categories=list(PROP1_STATUS))
    return pd.DataFrame(d)


class _Progress:
    def __init__(self, enabled: bool, total: int, label: str):
        self.p = None
        if enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.p = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                              MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                              transient=False)
            self.p.start()
            self.t = self.p.add_task(label, total=total)

    def advance(self, n: int):
        if self.p is not None:
            self.p.advance(self.t, n)

    def close(self):
        if self.p is not None:
            self.p.stop()

