"""Pure functions behind the explorer's pages (no Streamlit import; unit-testable).

One module per page, named like its view (:mod:`endodec.explore.views`):
:mod:`~endodec.explore.logic.game`, :mod:`~endodec.explore.logic.statics`,
:mod:`~endodec.explore.logic.learning`, :mod:`~endodec.explore.logic.adoption`,
:mod:`~endodec.explore.logic.forecast`, :mod:`~endodec.explore.logic.ledger`,
:mod:`~endodec.explore.logic.silicon`; shared parts in :mod:`~endodec.explore.logic.common`.
This package re-exports their public names.

Nothing here re-implements the model: every quantity comes from :mod:`endodec.model`,
:mod:`endodec.empirics` or the report's output files, and every figure from
:mod:`endodec.plots`. These modules only

- turn raw widget values into validated parameter objects, collecting the library's own
  error messages per input (:func:`validate_game`); the game's defaults, labels and input
  steps come from :data:`endodec.model.params.GAME_PARAMS`,
- evaluate the library on bounded grids (caps in :data:`CAPS`),
- build tables for display and download,
- write the equivalent ``endodec`` CLI command (:func:`solve_command`),
- read a ``reproduce`` output directory (:func:`read_ledger`, :func:`artifacts_for`),
"""

from __future__ import annotations

from endodec.explore.logic.adoption import (
    ADOPTION_DYNAMICS_MODULE,
    ADOPTION_LABELS,
    ADOPTION_MODULE,
    IMPLIED_R0_MODULE,
    adoption_command,
    adoption_defaults,
    adoption_key,
    adoption_path,
    adoption_results,
    default_share_table,
    implied_from_table,
    r0_figure_args,
    validate_adoption,
)
from endodec.explore.logic.common import (
    CAPS,
    Validated,
    csv_bytes,
    error_text,
    fig_bytes,
    md_escape,
    validate_fields,
)
from endodec.explore.logic.forecast import (
    FORECAST_MODULE,
    FORECAST_RANGES,
    forecast_defaults,
    forecast_key,
    forecast_python,
    forecast_results,
    validate_forecast,
)
from endodec.explore.logic.game import (
    GAME_DEFAULTS,
    GAME_FIELDS,
    GAME_LABELS,
    code_S,
    counterexample_regions,
    game_help,
    game_key,
    game_options,
    game_results,
    game_step,
    headline_frame,
    params_from_key,
    prop1_figure_args,
    solve_command,
    validate_game,
)
from endodec.explore.logic.learning import (
    LEARNING_SOURCES,
    UPLOAD_MAX_ROWS,
    UPLOAD_SCHEMA,
    UPLOAD_SOURCE,
    fit_table,
    learning_command,
    learning_results,
    learning_sources,
    load_learning_series,
    parse_series_csv,
    threshold_command,
)
from endodec.explore.logic.ledger import (
    artifact_counts,
    artifacts_for,
    filter_ledger,
    read_ledger,
    section_sort_key,
)
from endodec.explore.logic.silicon import (
    SILICON_MODULE,
    silicon_command,
    silicon_devices,
    silicon_results,
)
from endodec.explore.logic.statics import (
    HEATMAP_PARAMS,
    HEATMAP_QUANTITIES,
    default_range,
    heatmap_grid,
    statics_line,
    sweep_command,
)

__all__ = ["default_range", "ADOPTION_LABELS", "ADOPTION_DYNAMICS_MODULE", "ADOPTION_MODULE", "IMPLIED_R0_MODULE", "CAPS", "FORECAST_MODULE", "FORECAST_RANGES",
           "GAME_DEFAULTS", "GAME_FIELDS", "GAME_LABELS", "HEATMAP_PARAMS", "HEATMAP_QUANTITIES",
           "LEARNING_SOURCES", "SILICON_MODULE", "UPLOAD_MAX_ROWS",
           "UPLOAD_SCHEMA", "UPLOAD_SOURCE", "Validated", "adoption_command", "adoption_defaults",
           "adoption_key", "adoption_path", "adoption_results", "artifact_counts", "artifacts_for",
           "code_S", "counterexample_regions", "csv_bytes", "default_share_table", "error_text",
           "fig_bytes", "filter_ledger", "fit_table", "forecast_defaults", "forecast_key",
           "forecast_python", "forecast_results", "game_help", "game_key", "game_options",
           "game_results", "game_step", "headline_frame", "heatmap_grid", "implied_from_table",
           "learning_command", "learning_results", "learning_sources", "load_learning_series",
           "md_escape", "params_from_key", "parse_series_csv",
           "prop1_figure_args", "r0_figure_args", "read_ledger", "section_sort_key",
           "silicon_command", "silicon_devices", "silicon_results", "solve_command",
           "statics_line", "sweep_command", "threshold_command", "validate_adoption",
           "validate_fields", "validate_forecast", "validate_game"]
