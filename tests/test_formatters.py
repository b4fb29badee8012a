"""The github, sarif, markdown and html report formats.

Golden reports are rendered from real findings: the anchors family run on
``tests/golden/formats/sample.md``. Regenerate after an intended change with
``MEDLINT_UPDATE_GOLDEN=1 python3 -m pytest tests/test_formatters.py`` and review the diff like code.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from checks.config import Settings
from checks.finding import Edit, Finding
from checks.formatters import get_formatter, github, html, markdown_summary, sarif
from checks.formatters.html_assets import SCRIPT
from checks.formatters.source import SourceText
from checks.pipeline import FileResult, Linter, Problem, Report
from checks.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "formats"
SAMPLE = "tests/golden/formats/sample.md"  # relative to ROOT, as a user would name it
SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
GOLDEN_FILES = {"github": "sample.github.txt", "sarif": "sample.sarif.json", "markdown": "sample.summary.md",
                "html": "sample.html"}


@pytest.fixture(scope="module")
def anchors_registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """The anchors rules alone, so that families added later do not change these reports."""
    root = tmp_path_factory.mktemp("rules")
    shutil.copytree(ROOT / "rules" / "anchors", root / "anchors")
    return Registry(root)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def sample_report(anchors_registry: Registry, in_root: None) -> Report:
    return Report(files=[Linter(anchors_registry, Settings()).lint_file(SAMPLE)])


def render(fmt: str, report: Report, registry: Registry | None = None, **kw: object) -> str:
    module = {"github": github, "sarif": sarif, "markdown": markdown_summary, "html": html}[fmt]
    if registry is not None and fmt in ("sarif", "html"):
        kw["registry"] = registry
    return module.Format(**kw).render(report)  # type: ignore[arg-type]


def finding(**kw: object) -> Finding:
    base: dict[str, object] = dict(path="a.md", line=1, column=1, end_line=1, end_column=2, check="anchors",
                                   code="ANC001", rule="broken-fragment", severity="error", message="m",
                                   suggestion=None, context="x")
    base.update(kw)
    return Finding(**base)  # type: ignore[arg-type]


def test_sample_has_the_findings_the_formats_need(sample_report: Report) -> None:
    found = sample_report.findings
    assert any(f.end_line > f.line for f in found), "a multi-line finding"
    assert any(f.fix for f in found), "a finding with a fix"
    assert any("|" in f.message and "%" not in f.message for f in found), "a message with |"
    assert any("%" in f.message for f in found), "a message with %"
    spans = [(f.line, f.column, f.end_line, f.end_column) for f in found]
    assert len(spans) > len(set(spans)), "two findings on the same span"


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden(fmt: str, sample_report: Report, anchors_registry: Registry) -> None:
    out = render(fmt, sample_report, anchors_registry)
    path = GOLDEN / GOLDEN_FILES[fmt]
    if os.environ.get("MEDLINT_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_registry_names_every_format() -> None:
    for name in ("github", "sarif", "markdown", "html"):
        assert get_formatter(name).name == name


# -- github ------------------------------------------------------------

def test_github_escapes_data_and_properties() -> None:
    assert github.escape_data("50% a:b,c\r\nd") == "50%25 a:b,c%0D%0Ad"
    assert github.escape_property("50% a:b,c\r\nd") == "50%25 a%3Ab%2Cc%0D%0Ad"
    assert github.escape_data("%0A") == "%250A"  # a literal escape sequence stays literal


def test_github_command_escapes_a_finding() -> None:
    f = finding(path="dir,x/a:b.md", line=3, column=2, end_line=3, end_column=6, severity="warning",
                code="ANC002", rule="toc-text-mismatch", message='entry "1: a, b" is 100%\nwrong',
                suggestion="write: x, y")
    assert github.finding_command(f) == (
        "::warning file=dir%2Cx/a%3Ab.md,line=3,col=2,endLine=3,endColumn=5,title=ANC002 toc-text-mismatch"
        "::ANC002 [toc-text-mismatch] entry \"1: a, b\" is 100%25%0Awrong%0Asuggestion: write: x, y")


def test_github_multiline_finding_has_no_columns(sample_report: Report) -> None:
    lines = render("github", sample_report).splitlines()
    multi = [f for f in sample_report.findings if f.end_line > f.line]
    assert multi
    for f in multi:
        line = next(x for x in lines if f",line={f.line}," in x)
        assert f",endLine={f.end_line}," in line
        assert "col=" not in line and "endColumn=" not in line


def test_github_severity_commands_and_problems() -> None:
    result = FileResult("a.md", findings=[finding(severity="info"), finding(severity="warning", line=2)],
                        problems=[Problem("a.md", 4, 2, "not valid UTF-8: byte 0xff")],
                        unused_suppressions=[Problem("a.md", 5, 1, "unused suppression: x", kind="notice")])
    report = Report(files=[result, FileResult("b.md", problems=[Problem("b.md", 0, 0, "cannot read")])])
    lines = render("github", report).splitlines()
    assert lines[0] == "::error file=a.md,line=4,col=2,title=medlint cannot check this file::not valid UTF-8: byte 0xff"
    assert lines[1] == "::error file=b.md,title=medlint cannot check this file::cannot read"
    assert lines[2].startswith("::notice file=a.md,line=1,")
    assert lines[3].startswith("::warning file=a.md,line=2,")
    assert lines[4] == "::notice file=a.md,line=5,col=1,title=medlint unused suppression::unused suppression: x"


# -- sarif -------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assert_valid(validator: jsonschema.Draft7Validator, log: dict[str, object]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors[:5]


def test_schema_is_the_oasis_sarif_2_1_0_schema() -> None:
    data = SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == "4ca040808b0e8415ce63c323702ebf2a7d96fe949d4a1f67dec2d34a5e3aecd0"
    assert json.loads(data)["properties"]["version"]["enum"] == ["2.1.0"]


def test_schema_rejects_a_broken_log(sarif_validator: jsonschema.Draft7Validator) -> None:
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                         "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
    assert list(sarif_validator.iter_errors(bad))


def test_sarif_is_valid(sample_report: Report, anchors_registry: Registry,
                        sarif_validator: jsonschema.Draft7Validator) -> None:
    assert_valid(sarif_validator, json.loads(render("sarif", sample_report, anchors_registry)))


def test_sarif_with_problems_is_valid(sarif_validator: jsonschema.Draft7Validator, anchors_registry: Registry,
                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_bytes(b"# T\n\xff\n")
    (tmp_path / "ok.md").write_text("# T\n\n<!-- medlint-disable-next-line ANC001 -->\ntext\n", encoding="utf-8")
    linter = Linter(anchors_registry, Settings())
    report = Report(files=[linter.lint_file("bad.md"), linter.lint_file("ok.md")],
                    problems=[Problem("missing dir", 0, 0, "no such file or folder")])
    report.files[1].problems.append(Problem("ok.md", 0, 0, "typos: LanguageTool is not running", kind="incomplete"))
    log = json.loads(render("sarif", report, anchors_registry))
    assert_valid(sarif_validator, log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = {(n["descriptor"]["id"], n["level"]) for n in invocation["toolExecutionNotifications"]}
    assert notes == {("input-problem", "error"), ("incomplete-check", "error"), ("unused-suppression", "note")}
    bad = next(n for n in invocation["toolExecutionNotifications"] if "UTF-8" in n["message"]["text"])
    assert bad["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 1}
    assert log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0][
        "physicalLocation"]["artifactLocation"]["uri"] == "missing%20dir"


def test_sarif_rules_results_and_regions(sample_report: Report, anchors_registry: Registry) -> None:
    run = json.loads(render("sarif", sample_report, anchors_registry))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(anchors_registry.rules)
    anc001 = rules[[r["id"] for r in rules].index("ANC001")]
    record = anchors_registry.rules["ANC001"]
    assert anc001["shortDescription"]["text"] == record.summary
    assert anc001["fullDescription"]["text"] == record.rationale
    assert record.authority in anc001["help"]["text"] and record.bad[0].strip() in anc001["help"]["text"]
    assert anc001["defaultConfiguration"]["level"] == "error" and anc001["properties"]["tags"] == ["anchors"]
    assert len(run["results"]) == len(sample_report.findings)
    for res, f in zip(run["results"], sample_report.findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.code
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            f.line, f.column, f.end_line, f.end_column)
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == SAMPLE
        assert f.message in res["message"]["text"]
        if f.suggestion:
            assert f.suggestion in res["message"]["text"]


def test_sarif_fix_regions_apply_like_the_edits(sample_report: Report, anchors_registry: Registry) -> None:
    run = json.loads(render("sarif", sample_report, anchors_registry))["runs"][0]
    source = SourceText((ROOT / SAMPLE).read_text(encoding="utf-8"))
    checked = 0
    for res, f in zip(run["results"], sample_report.findings, strict=True):
        assert ("fixes" in res) == bool(f.fix)
        if not f.fix:
            continue
        replacements = res["fixes"][0]["artifactChanges"][0]["replacements"]
        for rep, edit in zip(replacements, f.fix, strict=True):
            r = rep["deletedRegion"]
            lines = source.lines
            start = sum(len(x) + 1 for x in lines[:r["startLine"] - 1]) + r["startColumn"] - 1
            end = sum(len(x) + 1 for x in lines[:r["endLine"] - 1]) + r["endColumn"] - 1
            assert (start, end) == (edit.start, edit.end)
            assert rep["insertedContent"]["text"] == edit.text
            checked += 1
    assert checked


def test_sarif_fix_left_out_when_the_file_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  anchors_registry: Registry) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("new text\n", encoding="utf-8")
    f = finding(context="old text", fix=(Edit(0, 3, "xyz"),))
    res = json.loads(render("sarif", Report(files=[FileResult("a.md", findings=[f], checked=True)]),
                            anchors_registry))["runs"][0]["results"][0]
    assert "fixes" not in res


def test_sarif_fingerprints_survive_moved_lines(anchors_registry: Registry, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = (ROOT / SAMPLE).read_text(encoding="utf-8")
    linter = Linter(anchors_registry, Settings())

    def prints(body: str) -> list[str]:
        Path("page.md").write_text(body, encoding="utf-8")
        run = json.loads(render("sarif", Report(files=[linter.lint_file("page.md")]), anchors_registry))["runs"][0]
        return [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in run["results"]]

    before = prints(text)
    assert len(set(before)) == len(before)
    moved = prints(text.replace("\n## 1. Uses", "\nA new paragraph.\n\n## 1. Uses", 1))
    assert moved == before


# -- markdown ----------------------------------------------------------

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_escapes_table_cells() -> None:
    assert markdown_summary.cell("a | b") == r"a \| b"
    assert markdown_summary.cell("<script>alert(1)</script> & *x*") == \
        r"&lt;script&gt;alert(1)&lt;/script&gt; &amp; \*x\*"
    assert markdown_summary.cell("one\ntwo") == "one<br>two"
    assert markdown_summary.cell(r"a \| b") == r"a \\\| b"


def test_markdown_rows_keep_their_columns(sample_report: Report) -> None:
    out = render("markdown", sample_report)
    rows = [line for line in out.splitlines() if line.startswith("| ") and re.match(r"\| \d+:\d+ ", line)]
    assert len(rows) == len(sample_report.findings)
    piped = [f for f in sample_report.findings if "|" in f.message]
    assert piped
    for row in rows:
        assert len(UNESCAPED_PIPE.findall(row)) == 6, row
    assert any(r"Doses \| timing" in row for row in rows)


def test_markdown_is_bounded() -> None:
    many = [finding(line=n, context=f"line {n}") for n in range(1, 41)]
    report = Report(files=[FileResult("a.md", findings=many, checked=True),
                           FileResult("b.md", findings=many[:5], checked=True)])
    fmt = markdown_summary.Format()
    fmt.max_rows_per_file, fmt.max_rows = 30, 32
    out = fmt.render(report)
    assert "_… and 10 more in this file._" in out
    assert "_… and 3 more in this file._" in out
    assert len([line for line in out.splitlines() if re.match(r"\| \d+:\d+ ", line)]) == 32


def test_markdown_counts_and_problems() -> None:
    report = Report(files=[FileResult("a.md", findings=[finding(severity="warning")], checked=True)],
                    problems=[Problem("x|y.md", 0, 0, "no such <file>")])
    out = render("markdown", report)
    assert "| anchors | 0 | 1 | 0 | 1 |" in out
    assert r"- **problem** x\|y.md: no such &lt;file&gt;" in out


# -- html --------------------------------------------------------------

class Markup(HTMLParser):
    """Checks nesting and collects the text of each finding's highlight pieces."""

    VOID = frozenset({"meta", "br", "input", "img", "link", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.pieces: dict[str, str] = {}
        self.scripts = 0
        self.tags: list[str] = []
        self._marks: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        self.scripts += tag == "script"
        if tag not in self.VOID:
            self.stack.append(tag)
        self._marks.append((a.get("data-f") or "").split() if tag == "mark" else [])

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()
        self._marks.pop()

    def handle_data(self, data: str) -> None:
        for ids in self._marks:
            for fid in ids:
                self.pieces[fid] = self.pieces.get(fid, "") + data


def expected_text(f: Finding, lines: list[str]) -> str:
    if f.line == f.end_line:
        return lines[f.line - 1][f.column - 1:f.end_column - 1]
    middle = lines[f.line:f.end_line - 1]
    return "".join([lines[f.line - 1][f.column - 1:], *middle, lines[f.end_line - 1][:f.end_column - 1]])


def test_html_highlights_the_findings_text(sample_report: Report, anchors_registry: Registry) -> None:
    page = render("html", sample_report, anchors_registry)
    parser = Markup()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    lines = (ROOT / SAMPLE).read_text(encoding="utf-8").split("\n")
    for i, f in enumerate(sample_report.findings):
        assert parser.pieces[f"0-{i}"] == expected_text(f, lines), f
        assert f'id="hl-0-{i}"' in page and f'href="#hl-0-{i}"' in page


def test_html_overlapping_findings_share_pieces() -> None:
    from checks.formatters.html_source import Span, render_line

    spans = [Span("a", 1, 2, 1, 8, "warning", "A"), Span("b", 1, 5, 1, 11, "error", "B"),
             Span("c", 1, 4, 1, 4, "info", "<C>")]
    out = render_line("0123456789abc", 1, spans)
    parser = Markup()
    parser.feed(f"<p>{out}</p>")
    assert parser.stack == []
    assert parser.pieces == {"a": "123456", "b": "456789"}
    assert 'data-f="a b" data-sev="error"' in out
    assert '<mark class="seg caret" data-f="c" data-sev="info" data-on="1" data-n="1" title="&lt;C&gt;"></mark>' in out


def test_html_escapes_the_draft(sample_report: Report, anchors_registry: Registry) -> None:
    page = render("html", sample_report, anchors_registry)
    parser = Markup()
    parser.feed(page)
    assert parser.scripts == 1 and "img" not in parser.tags and "b" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "onerror=" not in page.replace("onerror=&quot;", "")


def test_html_script_is_allowed_by_its_hash_only(sample_report: Report, anchors_registry: Registry) -> None:
    page = render("html", sample_report, anchors_registry)
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page
    assert f"<script>{SCRIPT}</script>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_html_lists_rules_and_groups(sample_report: Report, anchors_registry: Registry) -> None:
    page = render("html", sample_report, anchors_registry)
    for code in {f.code for f in sample_report.findings}:
        rule = anchors_registry.rules[code]
        assert f'id="rule-{code}"' in page
        for text in (rule.summary, rule.rationale, rule.authority):
            assert escape(text) in page
    assert '<input type="checkbox" class="family" value="anchors" checked> anchors (6)' in page
    assert page.index('data-sev="error"><h4') < page.index('data-sev="warning"><h4')


def test_html_without_source_and_with_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               anchors_registry: Registry) -> None:
    monkeypatch.chdir(tmp_path)
    gone = FileResult("gone.md", findings=[finding(path="gone.md")], checked=True)
    changed = FileResult("changed.md", findings=[finding(path="changed.md", context="old")], checked=True)
    Path("changed.md").write_text("new\n", encoding="utf-8")
    bad = FileResult("bad.md", problems=[Problem("bad.md", 0, 0, "binary <file>")])
    page = render("html", Report(files=[gone, changed, bad]), anchors_registry)
    assert "could not be read again" in page and "changed after it was checked" in page
    assert "binary &lt;file&gt;" in page
    assert "<mark" not in page.split("<aside>")[0]


def test_verified_relations_only_when_asked(anchors_registry: Registry) -> None:
    from checks.context import Verified

    result = FileResult("a.md", verified=[Verified("a.md", 3, 1, "arithmetic", "2 × 5 mg = 10 mg <ok>")], checked=True)
    report = Report(files=[result])
    for fmt in ("markdown", "html"):
        assert "10 mg" not in render(fmt, report, anchors_registry)
        shown = render(fmt, report, anchors_registry, show_verified=True)
        assert "2 × 5 mg = 10 mg &lt;ok&gt;" in shown
