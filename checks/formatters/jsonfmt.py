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

_dumps = json.JSONEncoder(ensure_ascii=False).encode  # compact, C-accelerated for scalars


def _item(data: dict[str, Any]) -> str:
    """A flat dict of scalars as ``json.dumps(whole, indent=2)`` lays it out at depth 2.

    Written by hand because the indenting encoder is pure Python and dominates large reports.
    """
    body = ",\n".join(f"      {_dumps(k)}: {_dumps(v)}" for k, v in data.items())
    return "    {\n" + body + "\n    }"


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
