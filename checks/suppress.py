"""Inline suppression with HTML comments.

``<!-- medlint-disable CODES -->`` ... ``<!-- medlint-enable CODES -->``,
``<!-- medlint-disable-next-line CODES -->``, ``<!-- medlint-disable-line CODES -->``
and ``<!-- medlint-disable-file CODES -->``. CODES are codes, rule names,
families or code prefixes separated by spaces or commas; none means every rule.
Text after `` -- `` is a reason and is ignored. Comments are found by the parser,
so a directive inside a code block is not a directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.document import Document
from checks.finding import Finding
from checks.registry import Registry, RuleError

_DIRECTIVE = re.compile(r"^\s*medlint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$", re.S)


@dataclass
class Directive:
    action: str
    codes: frozenset[str] | None  # None: every rule
    line: int
    column: int
    end_line: int
    text: str
    used: bool = False


@dataclass
class Suppressions:
    ranges: list[tuple[Directive, int, int]] = field(default_factory=list)  # directive, first, last line
    directives: list[Directive] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # line, column, message

    def filter(self, findings: list[Finding]) -> list[Finding]:
        kept = []
        for f in findings:
            hit = False
            for d, first, last in self.ranges:
                if first <= f.line <= last and (d.codes is None or f.code in d.codes):
                    d.used = True
                    hit = True
            if not hit:
                kept.append(f)
        return kept

    def unused(self, enabled: set[str]) -> list[Directive]:
        """Directives that silenced nothing, among those naming a rule that ran."""
        out = []
        for d in self.directives:
            if d.action == "enable" or d.used:
                continue
            if d.codes is not None and not (d.codes & enabled):
                continue  # it names only rules that did not run: nothing to judge
            out.append(d)
        return out


def parse_suppressions(doc: Document, registry: Registry) -> Suppressions:
    sup = Suppressions()
    open_ranges: list[Directive] = []
    last_line = len(doc.lines)
    for comment in doc.comments:
        m = _DIRECTIVE.match(comment.body)
        if not m:
            continue
        action, rest = m.group(1), m.group(2).split(" -- ", 1)[0]
        line, col = doc.loc(comment.start)
        end_line = doc.loc(comment.end - 1)[0]
        codes: set[str] | None = None
        names = [t for t in re.split(r"[\s,]+", rest.strip()) if t]
        if names:
            codes = set()
            for name in names:
                try:
                    codes |= registry.resolve(name)
                except RuleError as exc:
                    sup.problems.append((line, col, f"suppression comment: {exc}"))
            if not codes:
                continue
        d = Directive(action, frozenset(codes) if codes is not None else None, line, col, end_line,
                      comment.body.strip())
        sup.directives.append(d)
        if action == "disable-file":
            sup.ranges.append((d, 1, last_line))
        elif action == "disable-line":
            sup.ranges.append((d, line, end_line))
        elif action == "disable-next-line":
            nxt = end_line + 1
            while nxt <= last_line and not doc.line_text(nxt).strip():
                nxt += 1
            sup.ranges.append((d, nxt, nxt))
        elif action == "disable":
            open_ranges.append(d)
        else:  # enable: close the matching open ranges
            for o in list(open_ranges):
                if d.codes is None or o.codes is None or o.codes & d.codes:
                    sup.ranges.append((o, o.line, line))
                    open_ranges.remove(o)
    for o in open_ranges:
        sup.ranges.append((o, o.line, last_line))
    return sup
