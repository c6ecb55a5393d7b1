"""The Hugging Face Hub client (:mod:`endodec.datasets.hub`) without network."""

from __future__ import annotations

import pytest

from endodec import datasets
from endodec.datasets import hub
from endodec.errors import DataError, DataWarning


class _Api:
    def __init__(self, n):
        self.n = n

    def list_models(self, author, limit=None, sort=None):
        return [{"id": f"{author}/m{i}-1B", "createdAt": "2023-05-01T00:00:00.000Z"}
                for i in range(min(self.n, limit or self.n))]


def test_fetch_models_warns_when_the_limit_truncates(tmp_path):
    with pytest.warns(DataWarning, match="'Qwen'.*limit=3"):
        d = hub.fetch_models(["Qwen"], cache_dir=tmp_path, limit=3, api=_Api(10))
    assert len(d["Qwen"]) == 3
    d = hub.fetch_models(["Qwen"], cache_dir=tmp_path / "b", limit=30, api=_Api(10))
    assert len(d["Qwen"]) == 10


def test_package_face_and_dump_errors():
    assert datasets.fetch_models is hub.fetch_models
    assert datasets.records_from_dump({"a": [{"id": "a/x"}]}) == [{"id": "a/x"}]
    with pytest.raises(DataError, match="list of records per author"):
        hub.records_from_dump({"a": 3})
