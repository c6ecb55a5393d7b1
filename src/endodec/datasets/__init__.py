"""Packaged datasets of the paper, the paper author's own data files, and Hub records.

Three sources of data:

* **Packaged tables** (``src/endodec/data/``, :mod:`endodec.datasets.packaged`): every data
  table of both paper versions (seed 000, the earlier version, and seed 001, the later extended
  one) transcribed to CSV exactly as printed, each with a YAML sidecar naming the seed file,
  table number, units, column meanings, transcription notes and a small schema
  (:mod:`endodec.datasets.schema`). :func:`load` reads one, validates it against its schema
  and attaches provenance (source, version, file, sha256) in ``df.attrs["provenance"]``.
* **Author data** (never copied into the repository, :mod:`endodec.datasets.author`): the
  fuller files the author published in ``jonsmirl/thesis`` at commit ``2279b0b``.
  :func:`load_author` reads them from a user-given directory (argument, else the environment
  variable ``ENDODEC_AUTHOR_DATA``); :func:`download_author_data` fetches them into a cache for
  users with internet.
* **Hugging Face Hub records** (:mod:`endodec.datasets.hub`): :func:`fetch_models` lists
  model metadata per author, with a JSON cache; :func:`records_from_dump` reads a dump.

Examples
--------
>>> from endodec import datasets
>>> df = datasets.load("dram", version="000")          # seed 000 Table 2
>>> df.attrs["provenance"]["table"]
'Table 2'
>>> datasets.load("hbm").attrs["provenance"]["version"]  # later version by default
'001'
"""

from __future__ import annotations

from endodec.datasets.author import (
    AUTHOR_COMMIT,
    AUTHOR_COUNTERPARTS,
    AUTHOR_ENV,
    AUTHOR_FILES,
    AUTHOR_FOLDER,
    AUTHOR_REPO,
    AuthorFile,
    author_data_dir,
    author_path,
    author_url,
    default_cache_dir,
    download_author_data,
    load_author,
    load_either,
    validate_author_dir,
)
from endodec.datasets.hub import fetch_models, records_from_dump
from endodec.datasets.packaged import (
    ALIASES,
    SEED_FILES,
    VERSIONS,
    data_dir,
    describe,
    list_datasets,
    load,
    load_file,
    loaded,
    using_data,
)
from endodec.datasets.schema import read_user_csv, validate_frame
from endodec.datasets.table import DatasetTable, frame_text

__all__ = [
    "DatasetTable",
    "frame_text",
    "VERSIONS",
    "SEED_FILES",
    "ALIASES",
    "list_datasets",
    "load",
    "describe",
    "load_file",
    "loaded",
    "using_data",
    "validate_frame",
    "read_user_csv",
    "data_dir",
    "AUTHOR_REPO",
    "AUTHOR_COMMIT",
    "AUTHOR_FOLDER",
    "AUTHOR_ENV",
    "AUTHOR_FILES",
    "AuthorFile",
    "author_data_dir",
    "author_path",
    "load_author",
    "validate_author_dir",
    "author_url",
    "default_cache_dir",
    "download_author_data",
    "AUTHOR_COUNTERPARTS",
    "load_either",
    "fetch_models",
    "records_from_dump",
]
