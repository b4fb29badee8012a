"""``markdown``: a summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Counts by check family and severity, problems, then one table of findings per file. Text from
the drafts is escaped for table cells (``|``, HTML, Markdown punctuation, line breaks), and the
report stays bounded: at most ``max_rows_per_file`` rows per file and ``max_rows`` in all, each
cut announced with a "… and K more" line.
"""

from __future__ import annotations

import html
import re

from checks.finding import FAMILIES, SEVERITIES, Finding
from checks.formatters.summary import summary
from checks.pipeline import FileResult, Report

_MARKDOWN_PUNCT = re.compile(r"([\\`*_\[\]~|])")


def cell(text: str) -> str:
    """Text safe inside a GFM table cell: nothing in it renders as markup or ends the cell."""
    escaped = html.escape(_MARKDOWN_PUNCT.sub(r"\\\1", text), quote=False)
    return "<br>".join(part.strip() for part in escaped.splitlines()) if escaped else ""


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def severity_counts(findings: list[Finding]) -> str:
    counts = [(s, sum(1 for f in findings if f.severity == s)) for s in SEVERITIES]
    return ", ".join(plural(n, s) for s, n in counts if n)


class Format:
    name = "markdown"
    max_rows_per_file = 30
    max_rows = 200

    def __init__(self, *, color: bool = False, show_verified: bool = False) -> None:
        self.show_verified = show_verified

    def render(self, report: Report) -> str:
        out = ["## medlint report", ""]
        out += self._totals(report)
        out += self._problems(report)
        budget = self.max_rows
        for result in report.files:
            if result.findings:
                section, budget = self._file(result, budget)
                out += section
        if self.show_verified and report.verified:
            out += self._verified(report)
        return "\n".join(out).rstrip("\n") + "\n"

    def _totals(self, report: Report) -> list[str]:
        s = summary(report)
        head = f"**{plural(s['files'], 'file')} checked: {plural(s['findings'], 'finding')}**"
        if not report.findings:
            return [head, ""]
        head += f" ({severity_counts(report.findings)})"
        rows = ["| check | " + " | ".join(SEVERITIES) + " | total |", "| --- |" + " ---: |" * (len(SEVERITIES) + 1)]
        for family in FAMILIES:
            mine = [f for f in report.findings if f.check == family]
            if mine:
                counts = [str(sum(1 for f in mine if f.severity == sev)) for sev in SEVERITIES]
                rows.append(f"| {family} | " + " | ".join(counts) + f" | {len(mine)} |")
        totals = [str(s["by_severity"][sev]) for sev in SEVERITIES]
        rows.append("| **total** | " + " | ".join(totals) + f" | {s['findings']} |")
        return [head, "", *rows, ""]

    def _problems(self, report: Report) -> list[str]:
        items = [(p, "incomplete" if p.kind == "incomplete" else "problem") for p in report.all_problems]
        items += [(n, "notice") for n in report.unused_suppressions]
        if not items:
            return []
        out = ["### Problems and notices", ""]
        for p, label in items:
            where = p.path + (f":{p.line}:{p.column}" if p.line else "")
            out.append(f"- **{label}** {cell(where)}: {cell(p.message)}")
        return [*out, ""]

    def _file(self, result: FileResult, budget: int) -> tuple[list[str], int]:
        findings = result.findings
        out = [f"### {cell(result.path)}: {plural(len(findings), 'finding')} ({severity_counts(findings)})", ""]
        shown = findings[:max(0, min(self.max_rows_per_file, budget))]
        if shown:
            out += ["| line:col | severity | code | message | suggestion |", "| --- | --- | --- | --- | --- |"]
            for f in shown:
                suggestion = cell(f.suggestion) if f.suggestion else "—"
                out.append(f"| {f.line}:{f.column} | {f.severity} | {f.code} {cell(f.rule)} | {cell(f.message)} "
                           f"| {suggestion} |")
        if len(findings) > len(shown):
            out += ["", f"_… and {len(findings) - len(shown)} more in this file._"]
        return [*out, ""], budget - len(shown)

    def _verified(self, report: Report) -> list[str]:
        out = ["### Verified", ""]
        for v in report.verified[:self.max_rows]:
            out.append(f"- {cell(v.path)}:{v.line}:{v.column} ({v.check}) {cell(v.message)}")
        if len(report.verified) > self.max_rows:
            out.append(f"- _… and {len(report.verified) - self.max_rows} more._")
        return [*out, ""]
