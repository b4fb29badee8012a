"""Counts shared by the formatters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from checks.finding import FAMILIES, SEVERITIES
from checks.pipeline import Report


def summary(report: Report) -> dict[str, Any]:
    findings = report.findings
    by_sev = Counter(f.severity for f in findings)
    by_check = Counter(f.check for f in findings)
    return {
        "files": report.files_checked,
        "findings": len(findings),
        "by_severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
        "by_check": {c: by_check[c] for c in FAMILIES if by_check.get(c)},
    }
