"""Protocol examples of the export-control results (see test_protocol.py): small synthetic
author-quarter panels (6 authors x 8 quarters), built once."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from endodec.empirics import export_controls as ec


@lru_cache(maxsize=1)
def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    qs = [str(q) for q in pd.period_range("2021Q3", periods=8, freq="Q")]  # 2022Q4 is post
    rows = []
    for i in range(6):
        c = int(i < 3)
        for t, q in enumerate(qs):
            post = int(t >= 5)
            rows.append({"author": f"a{i}", "quarter": q, "constrained": c, "post": post,
                         "post_x_constrained": post * c,
                         "edge_share": 0.4 + 0.2 * post * c + rng.normal(0, 0.05)})
    return pd.DataFrame(rows)


def _did():
    return ec.estimate_did(_panel(), spec="twfe", cov="cluster")


EXAMPLES = {
    ec.RegressionResult: _did,
    ec.WildBootstrapResult: lambda: ec.wild_cluster_bootstrap(_did(), n_boot=999,
                                                              weights="webb"),
    ec.EventStudyResult: lambda: ec.event_study(_panel()),
    ec.DidReport: lambda: ec.DidReport("synthetic panel", [_did()], ec.results_frame([_did()]),
                                       len(_panel()), "cluster"),
    ec.EventStudyReport: lambda: ec.EventStudyReport(ec.event_study(_panel()), "synthetic panel"),
}
