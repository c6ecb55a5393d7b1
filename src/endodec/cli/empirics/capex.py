"""``endodec empirics capex``: hyperscaler capex vs the game's Nash and cooperative paths (seed 001
§5.5.1 Table 11), the strategic-complementarity regressions and the Appendix B dollar table."""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli.common import JSON_OPTION, check_range, emit, fail, option_names


def register(group: typer.Typer) -> None:
    """Add ``capex`` to the ``empirics`` group."""
    group.command("capex")(capex)


def _ratio_range(ratio: str | None):
    """``--appendix-b``: 'R' -> (R, R), 'LOW-HIGH' -> (LOW, HIGH), with 1 < LOW <= HIGH finite."""
    import math

    if not ratio:
        return None
    lo, sep, hi = ratio.partition("-")
    try:
        rr = (float(lo), float(hi if sep else lo))
    except ValueError:
        rr = None
    if rr is None or not all(math.isfinite(v) for v in rr) or not (1 < rr[0] <= rr[1]):
        fail(f"--appendix-b {ratio!r}: give a ratio or a range LOW-HIGH of finite numbers "
             "with 1 < LOW <= HIGH, e.g. 3-4")
    return rr


def _split(s: str | None):
    return None if s is None else tuple(x.strip() for x in s.split(",") if x.strip())


def capex(
    mapping: str = typer.Option("author", "--mapping", help="'author' (the author's script: "
                                "state from cumulative capex / C_total incl. projections), "
                                "'observed' (C_total = observed cumulative core capex, no "
                                "projections) or 'static' (every year at x0)."),
    firms: str | None = typer.Option(None, "--firms", help="Comma-separated core firms (default "
                                     "Microsoft,Alphabet,Amazon,Meta,Oracle)."),
    threshold: float = typer.Option(5.0, "--threshold", callback=check_range(0.0),
                                    help="A firm counts towards N when its capex exceeds this "
                                         "($B; >= 0, finite)."),
    scaling_year: int = typer.Option(2020, "--scaling-year", help="Scale so that Nash = Actual "
                                     "in this year (a year of the data)."),
    c_total: float | None = typer.Option(None, "--c-total", callback=check_range(0.0, lo_open=True),
                                         help="C_total ($B; > 0, finite) of the state mapping "
                                         "(default: sum of the author's aggregate table's "
                                         "totals; required with --printed and --mapping author)."),
    printed: bool = typer.Option(False, "--printed", help="Use the printed Table 11 (actual and "
                                 "N columns, packaged) instead of the author's firm-year data "
                                 "(with --mapping author it needs --c-total; or use --mapping "
                                 "observed or static)."),
    regressions: bool = typer.Option(True, "--regressions/--no-regressions", help="Also print "
                                     "the strategic-complementarity regressions."),
    ratio: str | None = typer.Option(None, "--appendix-b", help="Also print the Appendix B "
                                     "dollar table for this ratio or range, e.g. '3-4' (finite, "
                                     "> 1, low <= high)."),
    author_data: Path | None = typer.Option(None, "--author-data", help="Directory with the "
                                               "author's data (or ENDODEC_AUTHOR_DATA)."),
    json_out: JSON_OPTION = False,
) -> None:
    """Recompute Table 11: actual capex vs the model's Nash and cooperative paths."""
    rr = _ratio_range(ratio)
    if printed and mapping == "author" and c_total is None:
        fail("--printed with --mapping author needs --c-total $B: the author's C_total is the sum "
             "of the author's aggregate table, which the paper does not print; give --c-total, "
             "or use --mapping observed or --mapping static")
    names = {"mapping": "--mapping", "core_firms": "--firms", "threshold_bn": "--threshold",
             "C_total": "--c-total", "ratio": "--appendix-b"}
    with option_names(names):
        from endodec import datasets
        from endodec.empirics import capex as C

        kw = {"mapping": mapping, "threshold_bn": threshold, "scaling_year": scaling_year,
              "C_total": c_total}
        if firms:
            kw["core_firms"] = _split(firms)
        panel = None
        if printed:
            t = datasets.load("capex_test", "001")
            kw["N_override"] = dict(zip(t.year.astype(int), t.n_firms.astype(int), strict=True))
            m = C.CapexMapping(**kw)
            res = C.capex_test(None, m, actual=t.set_index("year")["actual_usd_bn"],
                               source="printed Table 11 (packaged capex_test 001)")
        else:
            panel = datasets.load_author("hyperscaler_capex", directory=author_data)
            agg = datasets.load_author("hyperscaler_capex_aggregate", directory=author_data)
            m = C.CapexMapping(**kw)
            res = C.capex_test(panel, m, aggregate=agg, source="author data")
        rep = C.CapexReport(res, C.growth_by_N_change(res), ratio=ratio)
        if regressions and panel is not None:
            rep.regressions = [C.complementarity(panel, spec, eff, cov)
                               for spec in ("level", "growth")
                               for eff, cov in (("none", "unadjusted"), ("firm", "clustered"))]
        if rr is not None:
            rep.appendix_b = C.dollar_table(res.table.set_index("year")["actual"], rr)
        emit(rep, json_out)
