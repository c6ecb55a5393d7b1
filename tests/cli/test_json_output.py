"""Every ``--json`` output is strict JSON (no NaN / Infinity tokens)."""

from __future__ import annotations

import json

import numpy as np

from endodec.cli.common import print_json


def _strict(text):
    def bad(tok):
        raise ValueError(f"non-strict JSON token {tok}")
    return json.loads(text, parse_constant=bad)


def test_print_json_is_strict(capsys):
    print_json({"a": np.float64("inf"), "b": [np.nan, -np.inf, np.int64(3)],
                "c": np.array([1.5, np.nan])})
    out = _strict(capsys.readouterr().out)
    assert out == {"a": "inf", "b": [None, "-inf", 3], "c": [1.5, None]}
