"""Counts shared by the formatters."""

from __future__ import annotations

from typing import Any

from checks.finding import FAMILIES, SEVERITIES
from checks.pipeline import Report, Tally


def summary(report: Report | Tally) -> dict[str, Any]:
    by_sev, by_check = report.counts()
    return {
        "files": report.files_checked,
        "findings": sum(by_sev.values()),
        "by_severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
        "by_check": {c: by_check[c] for c in FAMILIES if by_check.get(c)},
    }
