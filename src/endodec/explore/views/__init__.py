"""One module per page of the explorer; each exposes ``TITLE``, ``URL`` and ``render()``.

``PAGES`` lists the module names in navigation order.
"""

PAGES = ["game", "statics", "learning", "adoption", "forecast", "ledger", "silicon"]
PAGES += ["robustness"]  # beyond the paper (endodec.model.hjb)
