"""``sarif``: a SARIF 2.1.0 log for code scanning.

One run: the driver lists every rule of ``rules/`` (summary, rationale, authority and examples as
help); each finding is a result with its region (columns in Unicode code points, declared by
``columnKind``), a fingerprint that survives lines moving, and a fix where the finding has edits.
Problems and unused suppressions are tool execution notifications.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checks import __version__
from checks.finding import Edit, Finding
from checks.pipeline import FileResult, Problem, Report
from checks.registry import Registry, Rule

from .source import SourceText, report_path

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "medlintContextHash/v1"

Json = dict[str, Any]


def artifact_uri(path: str) -> str:
    """A relative URI for files under the working folder, else a file: URI."""
    shown = report_path(path)
    if Path(shown).is_absolute():
        return Path(shown).as_uri()
    return quote(shown, safe="/")


def fenced(text: str, lang: str = "markdown") -> str:
    """A fenced code block that no backtick run inside ``text`` can close."""
    longest = max((len(m.group()) for m in re.finditer("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text.rstrip("\n")
    return f"{fence}{lang}\n{body}\n{fence}"


class RuleCatalog:
    """``tool.driver.rules`` and each code's index in it."""

    def __init__(self, rules: dict[str, Rule], findings: list[Finding]) -> None:
        self.descriptors: list[Json] = [self._describe(rules[code]) for code in sorted(rules)]
        self.index = {code: i for i, code in enumerate(sorted(rules))}
        for f in findings:  # a code without a record still gets a descriptor
            if f.code not in self.index:
                self.index[f.code] = len(self.descriptors)
                self.descriptors.append({"id": f.code, "name": f.rule,
                                         "defaultConfiguration": {"level": LEVEL[f.severity]},
                                         "properties": {"tags": [f.check]}})

    @staticmethod
    def _describe(rule: Rule) -> Json:
        bad = "\n\n".join(b.rstrip("\n") for b in rule.bad)
        good = "\n\n".join(g.rstrip("\n") for g in rule.good)
        text = (f"{rule.summary}\n\n{rule.rationale}\n\nAuthority: {rule.authority}\n\n"
                f"Reported (bad):\n{bad}\n\nNot reported (good):\n{good}")
        markdown = (f"{rule.summary}\n\n{rule.rationale}\n\n**Authority:** {rule.authority}\n\n"
                    f"Reported:\n\n" + "\n\n".join(fenced(b) for b in rule.bad)
                    + "\n\nNot reported:\n\n" + "\n\n".join(fenced(g) for g in rule.good))
        return {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale},
            "help": {"text": text, "markdown": markdown},
            "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.default_enabled},
            "properties": {"tags": [rule.family], "fixable": rule.fixable},
        }


class FileResults:
    """The results of one checked file, with fixes placed by the file's text."""

    def __init__(self, result: FileResult, artifact_index: int, catalog: RuleCatalog) -> None:
        self.result = result
        self.location = {"uri": artifact_uri(result.path), "index": artifact_index}
        self.catalog = catalog
        source = SourceText.load(result.path) if any(f.fix for f in result.findings) else None
        self.source = source if source is not None and source.agrees_with(result.findings) else None

    def results(self) -> list[Json]:
        seen: Counter[tuple[str, str]] = Counter()
        out: list[Json] = []
        for f in self.result.findings:
            key = (f.code, f.context.strip())
            out.append(self._result(f, seen[key]))
            seen[key] += 1
        return out

    def _result(self, f: Finding, occurrence: int) -> Json:
        text = f.message + (f"\nsuggestion: {f.suggestion}" if f.suggestion else "")
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
        physical = {"artifactLocation": dict(self.location), "region": region}
        if f.line == f.end_line and (f.column > 1 or f.end_column <= len(f.context)):
            physical["contextRegion"] = {"startLine": f.line, "snippet": {"text": f.context}}  # the whole line
        digest = hashlib.sha256("\0".join((report_path(f.path), f.code, f.context.strip(), str(occurrence)))
                                .encode("utf-8")).hexdigest()
        out: Json = {
            "ruleId": f.code,
            "ruleIndex": self.catalog.index[f.code],
            "level": LEVEL[f.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {FINGERPRINT_KEY: digest},
            "properties": {"family": f.check, "rule": f.rule},
        }
        if f.suggestion:
            out["properties"]["suggestion"] = f.suggestion
        if f.fix and self.source is not None:
            out["fixes"] = [self._fix(f)]
        return out

    def _fix(self, f: Finding) -> Json:
        return {"description": {"text": self._describe_fix(f.fix)},
                "artifactChanges": [{"artifactLocation": dict(self.location),
                                     "replacements": [self._replacement(e) for e in f.fix]}]}

    def _describe_fix(self, edits: tuple[Edit, ...]) -> str:
        assert self.source is not None
        parts = []
        for e in edits:
            old = self.source.text[e.start:e.end]
            parts.append(f'replace "{old}" with "{e.text}"' if old else f'insert "{e.text}"')
        return "; ".join(parts)

    def _replacement(self, edit: Edit) -> Json:
        assert self.source is not None
        (sl, sc), (el, ec) = self.source.loc(edit.start), self.source.loc(edit.end)
        return {"deletedRegion": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
                "insertedContent": {"text": edit.text}}


def notification(p: Problem, level: str, descriptor: str) -> Json:
    physical: Json = {"artifactLocation": {"uri": artifact_uri(p.path)}}
    if p.line > 0:
        physical["region"] = {"startLine": p.line, **({"startColumn": p.column} if p.column > 0 else {})}
    return {"level": level, "message": {"text": p.message}, "descriptor": {"id": descriptor},
            "locations": [{"physicalLocation": physical}]}


class Format:
    name = "sarif"

    def __init__(self, *, color: bool = False, show_verified: bool = False, registry: Registry | None = None) -> None:
        self.show_verified = show_verified  # SARIF has no place for verified relations; they are left out
        self._registry = registry

    def render(self, report: Report) -> str:
        registry = self._registry or Registry()
        catalog = RuleCatalog(registry.rules, report.findings)
        artifacts = [{"location": {"uri": artifact_uri(r.path)}, "roles": ["analysisTarget"]} for r in report.files]
        results = [res for i, r in enumerate(report.files) for res in FileResults(r, i, catalog).results()]
        notes = [notification(p, "error", "incomplete-check" if p.kind == "incomplete" else "input-problem")
                 for p in report.all_problems]
        notes += [notification(n, "note", "unused-suppression") for n in report.unused_suppressions]
        invocation: Json = {"executionSuccessful": not report.all_problems}
        if notes:
            invocation["toolExecutionNotifications"] = notes
        run: Json = {
            "tool": {"driver": {"name": "medlint", "version": __version__, "semanticVersion": __version__,
                                "rules": catalog.descriptors}},
            "invocations": [invocation],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
