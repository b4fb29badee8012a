"""``html``: one self-contained page to review the drafts.

Each checked draft's source is shown with every finding highlighted in place; a side list groups
the findings by check family and severity, with checkboxes that hide and show a family (in the
list and in the source), and each rule's summary, rationale and authority on hover (code) or
click (highlight or list item). Inline CSS and JS only; a Content-Security-Policy allows no
other resource and no script but the page's own. Every text from a draft is escaped.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from html import escape

from checks.finding import FAMILIES, SEVERITIES, Finding
from checks.formatters.summary import summary
from checks.pipeline import FileResult, Report
from checks.registry import Registry, Rule

from .html_assets import SCRIPT, STYLE
from .html_source import Span, render_source
from .source import SourceText


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Entry:
    """A finding with its id in the page (``<file index>-<finding index>``)."""

    fid: str
    finding: Finding
    placed: bool  # highlighted in the source shown


class Page:
    def __init__(self, report: Report, rules: dict[str, Rule], show_verified: bool) -> None:
        self.report = report
        self.rules = rules
        self.show_verified = show_verified
        self.entries: list[Entry] = []
        self.single_file = len({r.path for r in report.files if r.checked}) <= 1

    # -- source --------------------------------------------------------
    def file_section(self, index: int, result: FileResult) -> str:
        head = f'<h2 id="file-{index}">{escape(result.path)} <span class="count">'
        counts = ", ".join(plural(sum(1 for f in result.findings if f.severity == s), s)
                           for s in SEVERITIES if any(f.severity == s for f in result.findings))
        head += escape(counts or "no findings") + "</span></h2>"
        source = SourceText.load(result.path) if result.checked else None
        notes = []
        if source is None:
            notes.append("The source could not be read again; findings are listed without it.")
        placed = {i for i, f in enumerate(result.findings) if source is not None and f.context == source.line(f.line)}
        if source is not None and len(placed) < len(result.findings):
            notes.append("The file changed after it was checked; findings on changed lines are not highlighted.")
        spans = []
        for i, f in enumerate(result.findings):
            fid = f"{index}-{i}"
            self.entries.append(Entry(fid, f, i in placed))
            if i in placed:
                spans.append(Span(fid, f.line, f.column, f.end_line, f.end_column, f.severity,
                                  f"{f.code} {f.rule}: {f.message}"))
        body = "".join(f'<p class="note">{escape(n)}</p>' for n in notes)
        if source is not None:
            body += render_source(source.lines, spans, str(index))
        return f'<section class="file">{head}{body}</section>'

    # -- side list -----------------------------------------------------
    def filters(self) -> str:
        families = [fam for fam in FAMILIES if any(e.finding.check == fam for e in self.entries)]
        if not families:
            return ""
        boxes = "".join(f'<label><input type="checkbox" class="family" value="{fam}" checked> {fam} '
                        f'({sum(1 for e in self.entries if e.finding.check == fam)})</label>' for fam in families)
        return f'<fieldset id="filters"><legend>Check families</legend>{boxes}</fieldset>'

    def item(self, e: Entry) -> str:
        f = e.finding
        rule = self.rules.get(f.code)
        where = f"{f.line}:{f.column}" if self.single_file else f"{os.path.basename(f.path)}:{f.line}:{f.column}"
        title = escape(f"{f.path}:{f.line}:{f.column}")
        loc = (f'<a class="loc" href="#hl-{e.fid}" title="{title}">{escape(where)}</a>' if e.placed
               else f'<span class="loc" title="{title}">{escape(where)}</span>')
        code = f'<abbr class="code" title="{escape(rule.summary)}">{f.code}</abbr>' if rule else \
            f'<span class="code">{escape(f.code)}</span>'
        sugg = f'<div class="sugg">→ {escape(f.suggestion)}</div>' if f.suggestion else ""
        return (f'<li class="finding" id="item-{e.fid}" data-f="{e.fid}" data-family="{escape(f.check)}" '
                f'data-sev="{f.severity}" data-code="{escape(f.code)}"><div class="head">{code} '
                f'<span class="rule-name">{escape(f.rule)}</span>{loc}</div><div class="msg">{escape(f.message)}</div>'
                f'{sugg}</li>')

    def side_list(self) -> str:
        out = []
        for fam in FAMILIES:
            mine = [e for e in self.entries if e.finding.check == fam]
            if not mine:
                continue
            groups = []
            for sev in SEVERITIES:
                group = [e for e in mine if e.finding.severity == sev]
                if group:
                    groups.append(f'<div class="group" data-family="{fam}" data-sev="{sev}"><h4 class="{sev}">'
                                  f'{sev} ({len(group)})</h4><ol class="findings">'
                                  + "".join(self.item(e) for e in group) + "</ol></div>")
            out.append(f'<section class="family" data-family="{fam}"><h3>{fam}</h3>{"".join(groups)}</section>')
        return f'<nav id="findings">{"".join(out)}</nav>' if out else '<p class="note">No findings.</p>'

    def rule_notes(self) -> str:
        codes = sorted({e.finding.code for e in self.entries if e.finding.code in self.rules})
        notes = []
        for code in codes:
            r = self.rules[code]
            notes.append(f'<div class="rule" id="rule-{code}"><h3>{code} {escape(r.name)} '
                         f'<span class="note">({escape(r.family)}, {escape(r.severity)})</span></h3>'
                         f'<p class="summary">{escape(r.summary)}</p><p class="rationale">{escape(r.rationale)}</p>'
                         f'<p class="authority">Authority: {escape(r.authority)}</p></div>')
        return f'<section id="rules"><h2>Rules</h2>{"".join(notes)}</section>' if notes else ""

    # -- page ----------------------------------------------------------
    def problems(self) -> str:
        items = [(p, "incomplete" if p.kind == "incomplete" else "problem") for p in self.report.all_problems]
        items += [(n, "notice") for n in self.report.unused_suppressions]
        if not items:
            return ""
        lis = "".join(f'<li class="{label}"><b>{label}</b> {escape(p.path)}'
                      f'{f":{p.line}:{p.column}" if p.line else ""}: {escape(p.message)}</li>' for p, label in items)
        return f'<section class="problems"><h2>Problems and notices</h2><ul>{lis}</ul></section>'

    def verified(self) -> str:
        if not (self.show_verified and self.report.verified):
            return ""
        lis = "".join(f"<li>{escape(v.path)}:{v.line}:{v.column} ({escape(v.check)}) {escape(v.message)}</li>"
                      for v in self.report.verified)
        return f'<section class="verified"><h2>Verified relations</h2><ul>{lis}</ul></section>'

    def render(self) -> str:
        files = "".join(self.file_section(i, r) for i, r in enumerate(self.report.files) if r.checked)
        s = summary(self.report)
        sev = ", ".join(plural(s["by_severity"][k], k) for k in SEVERITIES)
        headline = f"{plural(s['files'], 'file')} checked: {plural(s['findings'], 'finding')} ({sev})"
        script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
        csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
        aside = (f'<aside>{self.filters()}<div id="detail" hidden></div>{self.side_list()}{self.rule_notes()}</aside>')
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>medlint report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<header><h1>medlint report</h1><p>{escape(headline)}</p></header>\n"
            f'<div class="layout"><main>{self.problems()}{files}{self.verified()}</main>\n{aside}</div>\n'
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
        )


class Format:
    name = "html"

    def __init__(self, *, color: bool = False, show_verified: bool = False, registry: Registry | None = None) -> None:
        self.show_verified = show_verified
        self._registry = registry

    def render(self, report: Report) -> str:
        rules = (self._registry or Registry()).rules
        return Page(report, rules, self.show_verified).render()
