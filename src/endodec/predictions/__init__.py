"""Predictions registry (seed 000 §6, seed 001 §7): the paper's falsifiable predictions as data.

Evaluation rules (:func:`evaluate`), for each prediction and evaluation date ``as_of``:

1. no structured condition (e.g. Prediction 7*) -> ``not evaluable`` (qualitative);
2. no observation of any of its metrics -> ``not evaluable``;
3. an evidence-against condition met -> ``falsified`` (``any``: one observation; ``all``: every
   observation in the window, once the window is over and observed into its last year;
   ``sustained``: consecutive observations spanning the stated number of years);
4. ``resolve: survive`` predictions (5, 6, 8 in seed 000, 9) -> ``supported`` once the deadline
   has passed without falsification, else ``pending``;
5. ``resolve: target`` -> ``supported`` when every evidence-for condition is met by an
   observation dated by its deadline; after the deadline without it, ``pending`` while a stated
   falsification window is still open, else ``falsified``; before the deadline ``pending``.
"""

from endodec.predictions.registry import (
    STATUSES,
    Condition,
    Evaluation,
    EvaluationResult,
    Prediction,
    PredictionDetail,
    evaluate,
    get,
    load_registry,
    metrics,
    read_observations,
    write_template,
)

__all__ = ["STATUSES", "Condition", "Evaluation", "EvaluationResult", "Prediction",
           "PredictionDetail", "evaluate", "get", "load_registry", "metrics", "read_observations", "write_template"]
