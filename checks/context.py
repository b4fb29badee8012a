"""What a check receives besides the Document: settings, rule records and an emitter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checks.document import Document
from checks.finding import Edit, Finding
from checks.registry import Rule


@dataclass(frozen=True)
class Verified:
    """A relation a check confirmed (listed by ``--show-verified``)."""

    path: str
    line: int
    column: int
    check: str
    message: str


class CheckIncomplete(Exception):
    """A check could not run (a missing service); the report says so and the exit code is 3."""


@dataclass
class CheckContext:
    doc: Document
    rules: dict[str, Rule]
    options: dict[str, Any]  # this family's settings, defaults filled in
    settings: Any = None  # the whole Settings, for checks that need shared values
    findings: list[Finding] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)

    def emit(self, code: str, start: int, end: int, message: str, *, suggestion: str | None = None,
             severity: str | None = None, fix: tuple[Edit, ...] = ()) -> Finding:
        """Record a finding for source offsets [start, end) of the document."""
        rule = self.rules[code]
        doc = self.doc
        end = max(end, start + 1) if start < len(doc.text) else end
        line, col, end_line, end_col = doc.span_loc(start, max(start, end))
        finding = Finding.make(doc.path, line, col, end_line, end_col, rule.family, code, rule.name,
                               severity or rule.severity, message, suggestion, doc.line_text(line), fix)
        self.findings.append(finding)
        return finding

    def verify(self, family: str, start: int, message: str) -> None:
        line, col = self.doc.loc(start)
        self.verified.append(Verified(self.doc.path, line, col, family, message))
