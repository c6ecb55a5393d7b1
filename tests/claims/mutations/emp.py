"""Mutations of the capex and export-control checks (claims files capex.csv, export_controls.csv).

Each perturbs what an analysis reads -- a packaged table, the author's data, a module constant --
so that the status of the listed keys flips (tests/claims/test_mutations.py runs them).
"""

from __future__ import annotations

import copy

from . import Mutation


def _patch_load(mp, name: str, version: str, edit) -> None:
    """Make ``endodec.datasets.load(name, version)`` return ``edit(table)``."""
    import endodec.datasets as ds

    orig = ds.load

    def load(n, *a, **kw):
        df = orig(n, *a, **kw)
        v = a[0] if a else kw.get("version")
        return edit(df.copy()) if (n, v) == (name, version) else df

    mp.setattr(ds, "load", load)


def _patch_load_author(mp, name: str, edit) -> None:
    import endodec.datasets as ds

    orig = ds.load_author

    def load_author(n, *a, **kw):
        df = orig(n, *a, **kw)
        return edit(df.copy()) if n == name else df

    mp.setattr(ds, "load_author", load_author)


# ----------------------------------------------------------------------------- capex
def _apple_is_the_fifth_firm(mp):
    import endodec.analyses.capex as K
    from endodec.empirics import capex as C

    _patch_load_author(mp, "hyperscaler_capex",
                       lambda df: df.replace({"company": {"Oracle": "Apple"}}))
    mp.setattr(K, "CORE_FIRMS", tuple("Apple" if c == "Oracle" else c
                                      for c in C.AUTHOR_CORE_FIRMS))


def _table9_2025_at_guidance(df):
    # seed 000's 2025 guidance for the four firms: Table 11 minus them is then positive
    guidance = {"Microsoft": 80.0, "Alphabet": 75.0, "Amazon": 100.0, "Meta": 65.0}
    for firm, x in guidance.items():
        df.loc[(df.company == firm) & (df.year == 2025), "capex_usd_bn"] = x
    return df


def _table9_subtotal_2025(df):
    df.loc[(df.row_type == "subtotal") & (df.year == 2025), "capex_usd_bn"] = 436.0
    return df


def _ratio_row_2024(df):
    m = (df.quantity == "Model QN/QC ratio") & (df.year == 2024)
    df.loc[m, "lo"], df.loc[m, "hi"] = 3.07, 3.54
    return df


def _ratio_column_typo(df):
    df.loc[df.year == 2021, "actual_over_coop"] = 4.50
    return df


def _actual_2023_below_nash(df):
    df.loc[df.year == 2023, "actual_usd_bn"] = 80.0
    return df


def _game_with_alpha(mp):
    from endodec.model import params

    mp.setitem(params.GAME_PARAMS, "alpha", params.GAME_PARAMS["delta"])


# ----------------------------------------------------------------------------- export controls
def _patch_build(mp, edit_dump=None, edit_models=None):
    """Replace the analyses' Hub-dump build by one on a perturbed dump or model table."""
    import endodec.analyses.export_controls as X
    from endodec.empirics import export_controls as ec

    orig = X._build

    def build(directory):
        dump, models, panel = orig(directory)
        if edit_dump is not None:
            dump = edit_dump(copy.deepcopy(dump))
            models = ec.build_model_table(dump)
        if edit_models is not None:
            models = edit_models(models.copy())
        return dump, models, ec.build_panel(models)

    mp.setattr(X, "_build", build)


def _an_older_model(dump):
    rec = dict(dump["Qwen"][0])
    rec.update(id="Qwen/old-test-1B", modelId="Qwen/old-test-1B",
               createdAt="2020-08-01T00:00:00.000Z")
    dump["Qwen"].append(rec)
    return dump


def _constrained_small_post(models):
    m = (models.constrained == 1) & (models.post == 1)
    models.loc[m, "param_b"] = 1.0
    models.loc[m, "size_known"] = True
    models.loc[m, "edge_compatible"] = True
    return models


def _control_moe_releases(dump):
    base = dict(dump["google"][0])
    for i in range(400):
        rec = dict(base)
        rec.update(id=f"google/test-moe-{i}-8x2B", modelId=f"google/test-moe-{i}-8x2B",
                   tags=["moe"], createdAt="2024-06-01T00:00:00.000Z")
        dump["google"].append(rec)
    return dump


def _edge(models, mask, value: bool):
    models.loc[mask, "edge_compatible"] = value
    models.loc[mask, "param_b"] = 1.0 if value else 70.0
    models.loc[mask, "size_known"] = True


def _constrained_post_never_edge(models):
    post = models.post == 1
    _edge(models, (models.constrained == 1) & post, False)
    _edge(models, (models.constrained == 0) & post, True)
    return models


def _pre_trend_in_first_quarter(models):
    pre = models.post == 0
    first = models.quarter.astype(str) == models.quarter.astype(str).min()
    con = models.constrained == 1
    _edge(models, con & pre & first, True)
    _edge(models, con & pre & ~first, False)
    _edge(models, ~con & pre & first, False)
    _edge(models, ~con & pre & ~first, True)
    return models


MUTATIONS = [
    Mutation("k-table11", ("fifth_firm",), author_data=True,
             what="the author's fifth core firm renamed Apple: the text's firm is then the data's",
             apply=_apple_is_the_fifth_firm),
    Mutation("k-table11-packaged", ("fifth_firm_capex_2025",),
             what="Table 9's 2025 firm rows at seed 000's guidance: Table 11 minus them is > $5B",
             apply=lambda mp: _patch_load(mp, "hyperscaler_capex", "001",
                                          _table9_2025_at_guidance)),
    Mutation("k-table11-packaged", ("ratio_column_consistent",),
             what="a printed Actual/Coop cell that is not Actual / Coop",
             apply=lambda mp: _patch_load(mp, "capex_test", "001", _ratio_column_typo)),
    Mutation("k-table11-packaged", ("post_exceeds_nash_and_coop",),
             what="Table 11's Actual 2023 below the Nash column",
             apply=lambda mp: _patch_load(mp, "capex_test", "001", _actual_2023_below_nash)),
    Mutation("k-table11-packaged", ("alpha_enters",),
             what="a game with a parameter alpha: the caption's alpha then enters the paths",
             apply=_game_with_alpha),
    Mutation("k-capex-tables", ("actual_2025_t13",),
             what="Table 9's 2025 Subtotal equal to Table 13's actual: the tables then agree",
             apply=lambda mp: _patch_load(mp, "hyperscaler_capex", "001",
                                          _table9_subtotal_2025)),
    Mutation("k-appb", ("coop_000_2024", "excess_000_2024", "coop_001_2024", "excess_001_2024"),
             what="the ratio row's 2024 cell at the ratios the printed cells imply (3.07-3.54)",
             apply=lambda mp: [_patch_load(mp, "overinvestment_calibration", v, _ratio_row_2024)
                               for v in ("000", "001")]),
    Mutation("s5.1-panel", ("period", "panel_matches_author", "model_table_matches_author"),
             author_data=True,
             what="one repository dated Q3 2020: the panel then starts where the text says, and "
                  "no longer matches the author's files",
             apply=lambda mp: _patch_build(mp, edit_dump=_an_older_model)),
    Mutation("s5.1-size", ("constrained_skew_small",), author_data=True,
             what="every post-treatment constrained release at 1B parameters",
             apply=lambda mp: _patch_build(mp, edit_models=_constrained_small_post)),
    Mutation("s5.1-table5", ("moe_disproportionate",), author_data=True,
             what="400 control MoE releases (tagged 'moe', 8x2B) after the treatment date",
             apply=lambda mp: _patch_build(mp, edit_dump=_control_moe_releases)),
    Mutation("s5.1-table5", ("all_five_resolve",), author_data=True,
             what="every post-treatment constrained release at 1B parameters: the two rows the "
                  "data can evaluate then resolve, and the statement is undetermined",
             apply=lambda mp: _patch_build(mp, edit_models=_constrained_small_post)),
    Mutation("s5.1-did", ("all_three_positive", "none_significant"), author_data=True,
             what="after the treatment no constrained release edge-compatible, every control one",
             apply=lambda mp: _patch_build(mp, edit_models=_constrained_post_never_edge)),
    Mutation("s5.1-event-study", ("parallel_trends_supported",), author_data=True,
             what="a pre-trend: in the first pre-treatment quarter every constrained release is "
                  "edge-compatible and no control one, in the others the reverse",
             apply=lambda mp: _patch_build(mp, edit_models=_pre_trend_in_first_quarter)),
]
