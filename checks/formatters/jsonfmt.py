"""``json``: the machine-readable report (schema version 1)."""

from __future__ import annotations

import json
from dataclasses import asdict

from checks import __version__
from checks.formatters.summary import summary
from checks.pipeline import Report


class Format:
    name = "json"

    def __init__(self, *, color: bool = False, show_verified: bool = False) -> None:
        self.show_verified = show_verified

    def render(self, report: Report) -> str:
        data = {
            "version": 1,
            "tool": {"name": "medlint", "version": __version__},
            "findings": [f.to_dict() for f in report.findings],
            "summary": summary(report),
            "problems": [asdict(p) for p in report.all_problems],
            "unused_suppressions": [asdict(p) for p in report.unused_suppressions],
        }
        if self.show_verified:
            data["verified"] = [asdict(v) for v in report.verified]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
