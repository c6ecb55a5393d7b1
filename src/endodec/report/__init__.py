"""Report layer: tables, figures style, the claims ledger and the HTML report."""
