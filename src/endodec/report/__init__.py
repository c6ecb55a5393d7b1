"""Report layer: ``endodec reproduce`` (:mod:`~endodec.report.reproduce`), its output safety
(:mod:`~endodec.report.output`) and the HTML report (:mod:`~endodec.report.html`).

The claims and the engine that checks them are below, in :mod:`endodec.claims`; the table and
figure writers in :mod:`endodec._writers`.
"""
