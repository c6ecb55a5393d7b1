"""The parameter table is the one source of the game's parameter facts."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from endodec.errors import ParameterError
from endodec.model.game import PARAM_ALLOWED, PARAM_ORDER, GameParams, invalid_mask
from endodec.model.params import GAME_PARAMS, PAPER_VERSIONS, baseline, describe, markdown_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_docs_embed_the_current_table():
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- params:start -->\n(.*?)\n<!-- params:end -->", text, re.S)
    assert m, "docs/model.md lost its generated parameter table"
    assert m.group(1) == markdown_table(), "regenerate with endodec.model.params.markdown_table()"


def test_gameparams_defaults_and_order_come_from_the_table():
    defaults = {f.name: f.default for f in dataclasses.fields(GameParams) if f.name in GAME_PARAMS}
    assert defaults == {k: p.default for k, p in GAME_PARAMS.items()}
    assert PARAM_ORDER == tuple(GAME_PARAMS)
    assert PARAM_ALLOWED == {k: p.allowed for k, p in GAME_PARAMS.items()}
    for v in PAPER_VERSIONS:
        assert set(baseline(v)) == set(GAME_PARAMS)
    with pytest.raises(ParameterError, match="version"):
        baseline("002")


@pytest.mark.parametrize("name", list(GAME_PARAMS))
def test_rule_matches_gameparams_validation(name):
    p = GAME_PARAMS[name]
    probe = np.array([-1.0, 0.0, 0.5, 2.0, 3.0, np.nan, np.inf])
    bad = invalid_mask(name, probe)
    for v, b in zip(probe, bad, strict=True):
        kw = {name: float(v)}
        if name == "S":
            kw["convention"] = "direct"
        if b:
            with pytest.raises(ParameterError, match=name):
                GameParams(**kw)
        else:
            GameParams(**kw)
    assert p.allowed in PARAM_ALLOWED[name]


def test_describe_prints_the_baseline_as_the_paper_does():
    assert "delta=0.30" in describe()
    assert describe(names=("N",)) == f"N={GAME_PARAMS['N'].default}"
