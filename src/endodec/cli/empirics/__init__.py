"""``endodec empirics ...``: the paper's empirical tests, mirroring :mod:`endodec.empirics`.

``capex`` (:mod:`endodec.cli.empirics.capex`), the ``export-controls`` sub-group
(:mod:`endodec.cli.empirics.export_controls`) and the ``silicon`` sub-group
(:mod:`endodec.cli.empirics.silicon`), each added explicitly by :func:`register`.
"""

from __future__ import annotations

import typer

from endodec.cli.empirics import capex, export_controls, silicon

empirics_app = typer.Typer(
    help="Empirical tests: hyperscaler capex vs the game's Nash and cooperative paths (Table 11, "
         "seed 001 §5.5.1), strategic-complementarity regressions, Appendix B dollar table; the "
         "export-control natural experiment (seed 001 §5.1); consumer silicon and the inference "
         "crossing condition (seed 000 §4.5, seed 001 §5.2.6).",
    no_args_is_help=True,
)

#: The parts of the group, in the order of ``endodec empirics --help``.
PARTS = (capex, export_controls, silicon)
for _part in PARTS:
    _part.register(empirics_app)


def register(app: typer.Typer) -> None:
    """Add the ``empirics`` group (its commands and sub-groups) to the main CLI."""
    app.add_typer(empirics_app, name="empirics")
