"""The curated key-findings list points at real claims (statuses are computed, not written)."""

from endodec.claims import load_claims
from endodec.report.html import load_key_findings


def test_every_key_finding_is_a_claim():
    ids = set(load_claims()["id"])
    kf = load_key_findings()
    assert len(kf) >= 10
    missing = [k for k, _ in kf if k not in ids]
    assert not missing, f"key_findings.csv names unknown claim ids: {missing}"
    assert len({k for k, _ in kf}) == len(kf), "duplicate ids in key_findings.csv"
    assert all(t.strip() for _, t in kf)
