"""Property tests over generated Markdown: the pipeline never raises, positions stay inside the file,
reports are deterministic, and --fix never makes things worse. Example counts are bounded for CI;
set MEDLINT_FUZZ_EXAMPLES for a longer campaign."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.config import Settings, apply_mapping
from checks.fixes import plan_fixes, write_fix
from checks.pipeline import Linter
from checks.registry import Registry

EXAMPLES = int(os.environ.get("MEDLINT_FUZZ_EXAMPLES", "60"))
REGISTRY = Registry()
SETTINGS = Settings()
apply_mapping(SETTINGS, {"ignore": ["typos"]}, REGISTRY, "fuzz")
LINTER = Linter(REGISTRY, SETTINGS)

words = st.sampled_from(["ketamine", "dose", "study", "this study", "found", "50%", "0.5 mg/kg", "35 mg", "70 kg",
                         "3g", "100 mg/ml", "0.1 ml", "(source)", "here", "about", "8 doses", "each", "total",
                         "=", "eg", "Zhu et al", "evidence suggests", "é", "🧪", "𝛍g", "\t", "*x*", "**y**", "`c`",
                         "\\*", "&amp;", "<!-- medlint-disable-next-line ANC001 -->", "[a](#gone)", "[b](#t)",
                         "[^1]", "<https://x.org>", "1,000 mg", "5.0 mg", ".5 mg", "IV", "IN", "$800", "six"])
sentence = st.lists(words, min_size=1, max_size=12).map(" ".join)
heading = st.tuples(st.integers(1, 4), st.sampled_from(["", "1. ", "2: ", "4.1: ", "6.1. "]), sentence).map(
    lambda t: "#" * t[0] + " " + t[1] + t[2])
block = st.one_of(
    sentence,
    heading,
    st.lists(sentence, min_size=1, max_size=4).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(sentence, min_size=1, max_size=3).map(lambda items: "\n".join("> " + i for i in items)),
    st.lists(sentence, min_size=1, max_size=3).map(lambda items: "| a | b |\n|---|---|\n" + "\n".join(
        f"| {i} | x |" for i in items)),
    sentence.map(lambda s: "```\n" + s + "\n```"),
    st.just("[^1]: a footnote"),
    st.just("---"),
)
newline = st.sampled_from(["\n", "\r\n", "\r"])
documents = st.tuples(st.lists(block, min_size=1, max_size=10), newline, st.booleans()).map(
    lambda t: ("\ufeff" if t[2] else "") + (t[1] * 2).join(t[0]) + t[1])

FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                               HealthCheck.too_slow])


def _lines(text: str) -> list[str]:
    """The lines findings count in: no BOM, any newline."""
    body = text[1:] if text.startswith("\ufeff") else text
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _check_positions(text: str, result) -> None:
    lines = _lines(text)
    for f in result.findings:
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, f
        assert (f.line, f.column) <= (f.end_line, f.end_column), f
        assert f.context == lines[f.line - 1]
        span = _span_text(lines, f)
        assert span and span == span.strip(), (f, span)  # the span names text, not padded with spaces


def _span_text(lines: list[str], f) -> str:
    """The source text a finding's line:column span covers."""
    if f.line == f.end_line:
        return lines[f.line - 1][f.column - 1:f.end_column - 1]
    middle = lines[f.line:f.end_line - 1]
    return "\n".join([lines[f.line - 1][f.column - 1:], *middle, lines[f.end_line - 1][:f.end_column - 1]])


@FUZZ
@given(documents)
def test_pipeline_never_raises_and_positions_are_inside(text: str) -> None:
    result = LINTER.lint_text("fuzz.md", text)
    assert not [p for p in result.problems if "internal error" in p.message], result.problems
    _check_positions(text, result)
    again = LINTER.lint_text("fuzz.md", text)
    assert again.findings == result.findings


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(documents)
def test_fix_then_check_adds_nothing_and_touches_only_fixed_spans(tmp_path_factory, text: str) -> None:
    folder: Path = tmp_path_factory.mktemp("fix")
    path = folder / "page.md"
    path.write_bytes(text.encode("utf-8"))
    before = LINTER.lint_file(str(path))
    plan = plan_fixes(str(path), before.findings, REGISTRY)
    if plan is None:
        return
    assert write_fix(plan) is None
    after = LINTER.lint_file(str(path))
    fixed_codes = {f.code for f in before.findings if f.fix and REGISTRY.rules[f.code].fixable}
    before_count = {c: sum(1 for f in before.findings if f.code == c) for c in fixed_codes}
    for code in fixed_codes:
        assert sum(1 for f in after.findings if f.code == code) <= before_count[code], code
    new_text = path.read_bytes().decode("utf-8")
    # outside the edited spans the text is unchanged: compare the parts around each edit
    old_lines, new_lines = _lines(text), _lines(new_text)
    assert len(old_lines) == len(new_lines)
    spans: dict[int, list[tuple[int, int]]] = {}   # line -> 0-based column spans of the fixed findings
    for f in before.findings:
        if f.fix and REGISTRY.rules[f.code].fixable:
            for i in range(f.line, f.end_line + 1):
                a = f.column - 1 if i == f.line else 0
                b = f.end_column - 1 if i == f.end_line else len(old_lines[i - 1])
                spans.setdefault(i, []).append((a, b))
    for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True), 1):
        assert _only_spans_changed(a, b, spans.get(i, [])), (i, a, b, spans.get(i))


def _only_spans_changed(old: str, new: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``new`` is ``old`` with nothing rewritten but its [start, end) ``spans``: the text between
    the spans is kept, in order."""
    kept, pos = [], 0
    for a, b in sorted(spans):
        kept.append(old[pos:max(pos, a)])
        pos = max(pos, b)
    kept.append(old[pos:])
    return re.fullmatch(".*?".join(map(re.escape, kept)), new, re.DOTALL) is not None


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(documents, min_size=2, max_size=4))
def test_report_is_identical_across_jobs(tmp_path_factory, texts: list[str]) -> None:
    from checks.pipeline import lint_paths

    folder: Path = tmp_path_factory.mktemp("jobs")
    for i, text in enumerate(texts):
        (folder / f"p{i}.md").write_bytes(text.encode("utf-8"))
    one = lint_paths([str(folder)], REGISTRY, SETTINGS, jobs=1)
    two = lint_paths([str(folder)], REGISTRY, SETTINGS, jobs=2)
    assert one.findings == two.findings
    assert one.all_problems == two.all_problems
