"""The Hugging Face Hub client: model metadata per author, a JSON cache, and Hub dumps.

:func:`fetch_models` lists an author's models on the Hub (``HfApi.list_models``) and caches
the records as JSON in the layout of the author's ``hf_export_control_cache.json``
(``{author: [record, ...]}``); :func:`records_from_dump` flattens such a dump (or a list of
``ModelInfo`` objects) into a list of record dicts. The export-control study
(:mod:`endodec.empirics.export_controls`) builds its model table from these records.

``huggingface_hub`` is optional (``pip install 'endodec[hub]'``); without it, or offline and
without a cache, :func:`fetch_models` raises :class:`~endodec.errors.HubError`.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from endodec._io import atomic_write_text
from endodec.errors import DataError, DataWarning, HubError

__all__ = ["fetch_models", "records_from_dump", "HUB_RIGHTS"]

#: Availability, rights and citation of the Hugging Face Hub metadata (``--fetch``; the sidecar
#: fields of the packaged tables, for the Hub; the replication README reads them).
HUB_RIGHTS = {
    "availability": ("queried live through the Hub API (huggingface_hub `HfApi.list_models`, the "
                     "`hub` extra) and cached locally; not redistributed with endodec."),
    "licence": "the Hugging Face terms of service (each model card states its own licence)",
    "statement": ("Model listings (id, author, creation date, downloads) are public metadata; "
                  "endodec ships none of them. Record the date you fetched."),
    "citation": "Hugging Face Hub model metadata, https://huggingface.co (date of fetch).",
}


def _record_dict(r: Any) -> dict:
    """A Hub record as a dict in the layout of the author's cache (dict or ``ModelInfo``)."""
    if isinstance(r, Mapping):
        return dict(r)
    created = getattr(r, "created_at", None) or getattr(r, "createdAt", None)
    if hasattr(created, "isoformat"):
        ts = pd.Timestamp(created)
        ts = ts.tz_convert("UTC") if ts.tzinfo else ts
        created = ts.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    mid = getattr(r, "id", None) or getattr(r, "modelId", None)
    return {"_id": getattr(r, "_id", None), "id": mid, "likes": getattr(r, "likes", None),
            "private": getattr(r, "private", None), "downloads": getattr(r, "downloads", None),
            "tags": list(getattr(r, "tags", None) or []),
            "pipeline_tag": getattr(r, "pipeline_tag", None),
            "library_name": getattr(r, "library_name", None), "createdAt": created,
            "modelId": mid}


def records_from_dump(obj: Any) -> list[dict]:
    """Flatten a dump (``{author: [records]}`` as in the author's cache, or a list of records /
    ``ModelInfo`` objects) into a list of dicts, keeping the dump's order."""
    if isinstance(obj, (str, os.PathLike)):
        path = Path(obj)
        if not path.exists():
            raise DataError(f"Hub dump {str(path)!r} does not exist")
        if path.is_dir():
            raise DataError(f"Hub dump {str(path)!r} is a directory; give the JSON file")
        try:
            with open(path, encoding="utf-8") as fh:
                obj = json.load(fh)
        except UnicodeDecodeError as e:
            raise DataError(f"Hub dump {path}: not UTF-8 JSON ({e.reason} at byte {e.start})") from e
        except json.JSONDecodeError as e:
            raise DataError(f"Hub dump {path}: invalid JSON at line {e.lineno}, column {e.colno}: "
                            f"{e.msg}") from e
        except (OSError, RecursionError, ValueError) as e:
            raise DataError(f"Hub dump {path}: cannot read: {e}") from e
    if isinstance(obj, Mapping):
        if "id" in obj or "modelId" in obj:
            return [_record_dict(obj)]
        out = []
        for v in obj.values():
            if not isinstance(v, (list, tuple)):
                raise DataError(f"Hub dump: expected a list of records per author, got {type(v)}")
            out.extend(_record_dict(r) for r in v)
        return out
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes)):
        return [_record_dict(r) for r in obj]
    raise DataError(f"Hub dump: expected a dict of author -> records or a list, got {type(obj)}")


def _atomic_json(path: Path, obj) -> None:
    atomic_write_text(path, json.dumps(obj, indent=1))


def fetch_models(authors: Sequence[str], cache_dir: str | os.PathLike | None = None,
                 *, limit: int | None = 1000, refresh: bool = False, token: str | None = None,
                 api: Any = None) -> dict[str, list[dict]]:
    """Fetch model metadata per author from the Hugging Face Hub, with a JSON cache.

    Parameters
    ----------
    authors : sequence of str
        Hub organisations (the export-control study's 17:
        :data:`endodec.empirics.export_controls.AUTHORS`).
    cache_dir : path, optional
        Directory of the cache file ``hf_models_<hash>.json`` (layout of the author's
        ``hf_export_control_cache.json``); default ``$ENDODEC_CACHE`` or ``~/.cache/endodec``.
    limit : int or None
        Records per author (the author's script used 1000, which truncates ``google``).
    refresh : bool
        Ignore an existing cache.
    token : str, optional
        Hub token (public models need none).
    api : object, optional
        An ``HfApi``-like object (tests pass a stub).

    Returns
    -------
    dict
        ``{author: [record dict, ...]}``.

    Raises
    ------
    HubError
        ``huggingface_hub`` missing or the Hub unreachable, and no cache.

    Warns
    -----
    DataWarning
        An author returned exactly ``limit`` records: the list is probably truncated (the
        author's script, with ``limit=1000``, truncated ``google``).
    """
    authors = list(authors)
    base = Path(cache_dir or os.environ.get("ENDODEC_CACHE") or Path.home() / ".cache" / "endodec")
    key = hashlib.sha256(json.dumps([sorted(authors), limit]).encode()).hexdigest()[:12]
    path = base / f"hf_models_{key}.json"
    if path.exists() and not refresh:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    if api is None:
        try:
            from huggingface_hub import HfApi
        except ImportError as e:
            raise HubError("fetching from the Hugging Face Hub needs huggingface_hub: "
                           "pip install 'endodec[hub]' (or pass a dump: records_from_dump)"
                           ) from e
        api = HfApi(token=token)
    import inspect

    try:
        params = inspect.signature(api.list_models).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins / C callables
        params = {}
    kw: dict[str, Any] = {"limit": limit, "sort": "created_at"}
    if "direction" in params:  # huggingface_hub < 1.0 sorts ascending unless direction=-1
        kw["direction"] = -1
    out: dict[str, list[dict]] = {}
    for a in authors:
        try:
            recs = list(api.list_models(author=a, **kw))
        except Exception as e:  # network errors come in many types (requests, httpx, OSError)
            raise HubError(f"could not list models of author {a!r} on the Hugging Face Hub "
                           f"({type(e).__name__}: {e}); offline? Use a cached dump "
                           f"(cache_dir) or records_from_dump(<json>)") from e
        out[a] = [_record_dict(r) for r in recs]
        if limit is not None and len(recs) >= limit:
            warnings.warn(f"Hub records of author {a!r}: {len(recs)} = limit={limit}, so the list "
                          "is probably truncated (the newest models only); pass limit=None "
                          "for all of them", DataWarning, stacklevel=2)
    _atomic_json(path, out)
    return out
