"""``json``: the machine-readable report (schema version 1), written file by file as results arrive."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from checks import __version__
from checks.formatters.summary import summary
from checks.pipeline import FileResult, Problem, Report, Tally


def _item(data: Any) -> str:
    """One list item as ``json.dumps(whole, indent=2)`` would lay it out at depth 2."""
    return "\n".join("    " + line for line in json.dumps(data, indent=2, ensure_ascii=False).splitlines())


class Format:
    name = "json"

    def __init__(self, *, color: bool = False, show_verified: bool = False) -> None:
        self.show_verified = show_verified

    def stream(self, problems: list[Problem], results: Iterable[FileResult], out: TextIO) -> Tally:
        tally = Tally(problems=list(problems))
        head = {"version": 1, "tool": {"name": "medlint", "version": __version__}}
        out.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "findings": [')
        first = True
        for result in results:
            tally.add(result)
            for f in result.findings:
                out.write(("\n" if first else ",\n") + _item(f.to_dict()))
                first = False
        out.write("\n  ],\n" if not first else "],\n")
        tail: dict[str, Any] = {
            "summary": summary(tally),
            "problems": [asdict(p) for p in tally.all_problems],
            "unused_suppressions": [asdict(p) for p in tally.unused_suppressions],
        }
        if self.show_verified:
            tail["verified"] = [asdict(v) for v in tally.verified]
        out.write(json.dumps(tail, indent=2, ensure_ascii=False)[2:] + "\n")
        return tally

    def render(self, report: Report) -> str:
        buf = io.StringIO()
        self.stream(report.problems, report.files, buf)
        return buf.getvalue()
