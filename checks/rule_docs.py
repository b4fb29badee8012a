"""Plain-text rendering of a rule record (what ``medlint rule CODE`` prints)."""

from __future__ import annotations

import textwrap

from checks.registry import Rule


def _indent(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ")


def render_rule(rule: Rule) -> str:
    lines = [f"{rule.code} {rule.name} ({rule.family}, default severity {rule.severity}"
             + (", fixable" if rule.fixable else "") + (", off by default" if not rule.default_enabled else "") + ")",
             "", rule.summary, "", "Why:", _indent(textwrap.fill(rule.rationale, 96)), "",
             "Authority:", _indent(textwrap.fill(rule.authority, 96))]
    for label, examples in (("Bad", rule.bad), ("Good", rule.good)):
        for ex in examples:
            lines += ["", f"{label}:", _indent(ex)]
    options = rule.extra.get("options")
    if options:
        lines += ["", "Options:"] + [f"    {k}: {v}" for k, v in options.items()]
    return "\n".join(lines) + "\n"
