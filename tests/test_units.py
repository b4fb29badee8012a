"""The units family on the ketamine draft, its settings, its dosing context and its fixes.

Per-rule positions are in tests/fixtures/rules/UNT*.yaml; this file checks what the issue asks
of the draft (each expected span is located by searching the draft's text, never by column),
what must stay quiet there, and behaviour that spans rules.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from checks.config import Settings, apply_mapping
from checks.document import Document
from checks.dosing_context import DEFAULT_HEADINGS, dosing_sections, heading_pattern, is_instruction
from checks.finding import Finding
from checks.fixes import plan_fixes
from checks.pipeline import Linter
from checks.registry import Registry
from checks.units import build_page

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "draft" / "ketamine.md"
DRAFT_TEXT = DRAFT.read_text(encoding="utf-8")
DRAFT_DOC = Document(str(DRAFT), DRAFT_TEXT)
_PROPERTY_REGISTRY = Registry()


def _lint_draft(registry: Registry, config: dict[str, object] | None = None) -> list[Finding]:
    settings = Settings()
    apply_mapping(settings, {"select": ["units"], **(config or {})}, registry, "test")
    return Linter(registry, settings).lint_file(str(DRAFT)).findings


@pytest.fixture(scope="module")
def draft_findings() -> list[Finding]:
    return _lint_draft(Registry())


def _spots(pattern: str, group: int = 0) -> list[tuple[int, int]]:
    """(line, column) of every match of ``pattern`` (or of its ``group``) in the draft."""
    spots = [DRAFT_DOC.loc(m.start(group)) for m in re.finditer(pattern, DRAFT_DOC.text)]
    assert spots, f"{pattern!r} is not in the draft"
    return spots


def _at(findings: list[Finding], code: str, spot: tuple[int, int]) -> list[Finding]:
    return [f for f in findings if f.code == code and (f.line, f.column) == spot]


# What the issue expects on the draft: (code, pattern, group whose start the finding must start at)
EXPECTED = [
    ("UNT001", r"3\.5g / dose", 0),
    ("UNT001", r"about (7000g)", 1),
    ("UNT001", r"for (7000g)", 1),
    ("UNT001", r"about (3g)", 1),
    ("UNT001", r"that (3g)", 1),
    ("UNT002", r"100 mg/(ml)", 1),
    ("UNT002", r"0\.1 (ml)", 1),
    ("UNT012", r"received (1000)\+ mg", 1),
    ("UNT012", r"the (1000) mg \+ range", 1),
    ("UNT012", r"take (1000) mg \+", 1),
    ("UNT014", r"~3 (grams)/day", 1),
    ("UNT014", r"1 (gram)/day", 1),
    ("UNT013", r"0\.5 (–) 3 mg/kg", 1),
    ("UNT013", r"25 (–) 75 mg", 1),
    ("UNT013", r"50 (–) 80 mg", 1),
    ("UNT013", r"40(-)50 hours", 1),
    ("UNT009", r"IV, (IN), and PO", 1),
    ("UNT009", r"when (IN) is right there", 1),
    ("UNT016", r"16 year old", 0),
]


@pytest.mark.parametrize(("code", "pattern", "group"), EXPECTED, ids=[f"{c}:{p}" for c, p, _ in EXPECTED])
def test_draft_finding(draft_findings: list[Finding], code: str, pattern: str, group: int) -> None:
    for spot in _spots(pattern, group):
        assert len(_at(draft_findings, code, spot)) == 1, (code, pattern, spot)


def test_thousands_mix_names_the_comma_form(draft_findings: list[Finding]) -> None:
    (line, _col), = _spots(r"3,000 mg")
    mixed = [f for f in draft_findings if f.code == "UNT012"]
    assert mixed and all(f'"3,000 mg" (line {line})' in f.message for f in mixed)


def test_unit_words_point_at_a_gram_symbol(draft_findings: list[Finding]) -> None:
    for f in (f for f in draft_findings if f.code == "UNT014"):
        assert '"3.5g"' in f.message and f.suggestion in ('write "3 g/day"', 'write "1 g/day"')


def test_no_other_findings_on_the_draft(draft_findings: list[Finding]) -> None:
    expected = {(code, spot) for code, pattern, group in EXPECTED for spot in _spots(pattern, group)}
    extra = [f"{f.line}:{f.column} {f.code} {f.message}" for f in draft_findings
             if (f.code, (f.line, f.column)) not in expected]
    # "7000g" is both glued (UNT001) and ungrouped (UNT012): the second finding is expected too
    extra = [e for e in extra if not re.match(r"\d+:\d+ UNT012 \"7000g\"", e)]
    assert extra == []


def test_draft_findings_are_warnings_and_infos(draft_findings: list[Finding]) -> None:
    # the draft's Joint Commission and ISMP items all sit outside its dosing sections (7 and 7.1)
    assert {f.severity for f in draft_findings if f.code not in ("UNT014", "UNT016")} == {"warning"}


def test_the_same_slip_is_an_error_in_the_drafts_dosing_section(lint_md) -> None:
    text = DRAFT_TEXT.replace("sprays 0.1 ml at a time", "sprays 0.1ml at a time")
    found = [f for f in lint_md(text, {"select": ["UNT001"]}) if f.code == "UNT001"]
    (spot,) = [DRAFT_DOC.loc(m.start(1)) for m in re.finditer(r"sprays (0\.1) ml", DRAFT_TEXT)]
    assert [f.severity for f in found if (f.line, f.column) == spot] == ["error"]
    assert {f.severity for f in found if (f.line, f.column) != spot} == {"warning"}


QUIET = [r"0\.5 mg/kg", r"0\.6 and 1\.0", r"\$800", r"24 hours", r"56 to 84 mg", r"\$4800", r"\$6400/month",
         r"100%", r"2-3x", r"8 to 19 mmHg", r"9-1-1", r"\(1, 2\)", r"mg/kg oral"]


@pytest.mark.parametrize("pattern", QUIET)
def test_draft_quiet_spans(draft_findings: list[Finding], pattern: str) -> None:
    for m in re.finditer(pattern, DRAFT_DOC.text):
        a, b = m.span()
        for f in draft_findings:
            s = DRAFT_DOC.line_start(f.line) + f.column - 1
            e = DRAFT_DOC.line_start(f.end_line) + f.end_column - 1
            assert not (s < b and a < e), f"{f.code} at {f.line}:{f.column} overlaps {m.group(0)!r}"


def test_no_finding_on_a_heading(draft_findings: list[Finding]) -> None:
    heading_lines = {h.line for h in DRAFT_DOC.headings}
    toc_lines = {b.line for b in DRAFT_DOC.blocks if b.links and all(link.url.startswith("#") for link in b.links)}
    assert not [f for f in draft_findings if f.line in heading_lines | toc_lines]


# -- settings --------------------------------------------------------------------------------


def test_settings_file_documents_every_setting(registry: Registry) -> None:
    schema = registry.settings_schema()["units"]
    assert set(schema) == {"thousands_style", "percent_space", "mmhg_form", "range_style", "dosing_headings"}
    for name, spec in schema.items():
        assert {"default", "type", "doc", "authority"} <= set(spec), name
        if "choices" in spec:
            assert spec["default"] in spec["choices"], name
    assert schema["dosing_headings"]["default"] == DEFAULT_HEADINGS


def test_ama_thousands_flags_the_comma(registry: Registry) -> None:
    found = [f for f in _lint_draft(registry, {"units": {"thousands_style": "ama"}}) if f.code == "UNT012"]
    assert [(f.line, f.column) for f in found] == _spots(r"3,000 mg")
    assert found[0].suggestion == 'write "3000 mg"'


def test_consistent_thousands_flags_the_minority(registry: Registry) -> None:
    found = [f for f in _lint_draft(registry, {"units": {"thousands_style": "consistent"}}) if f.code == "UNT012"]
    assert [(f.line, f.column) for f in found] == _spots(r"3,000 mg")
    assert "has none" in found[0].message


def test_consistent_range_style_flags_the_minority(registry: Registry) -> None:
    found = [f for f in _lint_draft(registry, {"units": {"range_style": "consistent"}}) if f.code == "UNT013"]
    # the spaced en dash is the draft's most used range form
    assert sorted((f.line, f.column) for f in found) == sorted(_spots(r"56 (to) 84", 1) + _spots(r"40(-)50", 1))


def test_mmhg_setting(registry: Registry, lint_md) -> None:
    assert not [f for f in _lint_draft(registry) if f.code == "UNT015"]
    found = [f for f in _lint_draft(registry, {"units": {"mmhg_form": "mm Hg"}}) if f.code == "UNT015"]
    # quotations keep their source's style: only the author's own "mmHg" are reported
    own = [spot for spot in _spots(r"mmHg") if not DRAFT_DOC.lines[spot[0] - 1].startswith(">")]
    assert sorted((f.line, f.column) for f in found) == sorted(own)


def test_a_bad_choice_is_a_config_error(registry: Registry) -> None:
    from checks.config import ConfigError

    with pytest.raises(ConfigError, match="thousands_style must be one of"):
        apply_mapping(Settings(), {"units": {"thousands_style": "european"}}, registry, "cfg")


def test_dangerous_dosing_pattern_is_one_problem_line(registry: Registry) -> None:
    settings = Settings()
    apply_mapping(settings, {"select": ["units"], "units": {"dosing_headings": "(a+)+$"}}, registry, "cfg")
    result = Linter(registry, settings).lint_text("x.md", "Take 10mg.\n")
    assert result.findings == []
    assert [p.message for p in result.problems if p.message.startswith("units:")], result.problems


def test_custom_dosing_headings(lint_md) -> None:
    md = "## Schema\n\nThe patch releases 25 µg per hour.\n"
    assert [f.severity for f in lint_md(md, {"select": ["UNT003"]})] == ["warning"]
    found = lint_md(md, {"select": ["UNT003"], "units": {"dosing_headings": r"\bschema\b"}})
    assert [f.severity for f in found] == ["error"]


# -- dosing context -------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Take 10 mg at night.", "Spray one spray into one nostril.", "Start by spraying one spray (= 10 mg).",
    "Then, take 5 mg.", "On day 2, inject 0.5 mL.", "Get a compounding pharmacy to prepare a 100 mg/mL spray.",
    "You should take 50 mg.", "I tell my patients to take this dose twice a week.",
])
def test_instructions(sentence: str) -> None:
    assert is_instruction(sentence)


@pytest.mark.parametrize("sentence", [
    "Recreational users are taking 3,000 mg a day.", "The standard dose of IV ketamine is 0.5 mg/kg.",
    "Use of ketamine at 0.5 mg/kg is common.", "Increase in blood pressure was 20 mmHg.",
    "Take 10 mg?", "Some people will try going up to 1 mg/kg.",
])
def test_not_instructions(sentence: str) -> None:
    assert not is_instruction(sentence)


def test_dosing_sections_cover_sub_sections() -> None:
    md = "# Drug\n\n## Dosing\n\n### Children\n\n#### Infants\n\n## Risks\n\n### Dose-related risks\n"
    doc = Document("x.md", md)
    sections = dosing_sections(doc, heading_pattern(None))
    assert [doc.headings[i].text for i in sorted(sections)] == ["Dosing", "Children", "Infants",
                                                                  "Dose-related risks"]


def test_draft_dosing_blocks_are_sections_seven() -> None:
    page = build_page(DRAFT_DOC, {})
    lines = sorted(DRAFT_DOC.blocks[i].line for i in page.dosing_blocks)
    (first, _), = _spots(r"## 7: What")
    (last_heading, _), = _spots(r"## 8: How long")
    assert lines and lines[0] == first and lines[-1] < last_heading


def test_an_instruction_paragraph_outside_a_dosing_section(lint_md) -> None:
    md = "## Safety\n\nTake 10mg at night.\n\nUsers took 10mg.\n"
    assert [(f.line, f.severity) for f in lint_md(md, {"select": ["UNT001"]})] == [(3, "error"), (5, "warning")]


# -- fixes ------------------------------------------------------------------------------------------

FIXABLE = ("Take 10mg, then .5 mg. Draw 0.1 ml or 5 cc of 100 mg/ml. Tabs of 5 mgs. Patch 25 µg. Give 10U.\n\n"
           "A 16 year old took 1000 mg, or 25 – 75 mg, or 50 %.\n")
FIXED = ("Take 10 mg, then 0.5 mg. Draw 0.1 mL or 5 mL of 100 mg/mL. Tabs of 5 mg. Patch 25 mcg. Give 10 units.\n\n"
         "A 16-year-old took 1,000 mg, or 25 to 75 mg, or 50%.\n")


def _fix(tmp_path: Path, registry: Registry, text: str, newline: str = "\n") -> str:
    path = tmp_path / "page.md"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    settings = Settings()
    apply_mapping(settings, {"select": ["units"]}, registry, "test")
    result = Linter(registry, settings).lint_file(str(path))
    plan = plan_fixes(str(path), result.findings, registry)
    assert plan is not None
    return plan.new_text


def test_fixes_apply_together(tmp_path: Path, registry: Registry) -> None:
    assert _fix(tmp_path, registry, FIXABLE) == FIXED


def test_fixes_keep_crlf(tmp_path: Path, registry: Registry) -> None:
    assert _fix(tmp_path, registry, FIXABLE, "\r\n") == FIXED.replace("\n", "\r\n")


def test_fixed_text_is_clean(lint_md) -> None:
    assert [f"{f.code} {f.message}" for f in lint_md(FIXED, {"select": ["units"]})] == []


def test_no_fix_where_the_source_differs_from_the_text(lint_md) -> None:
    found = lint_md("Patch 25 &micro;g now.\n", {"select": ["UNT003"]})
    assert len(found) == 1 and found[0].fix == () and found[0].column == 10


def test_every_fixable_record_has_a_fixing_example(registry: Registry, lint_md) -> None:
    for code, rule in sorted(registry.rules.items()):
        if rule.family != "units":
            continue
        fixes = [f.fix for text in rule.bad for f in lint_md(text, {"select": [code]}) if f.code == code]
        assert any(fixes) == rule.fixable, code


def test_records_name_their_authority(registry: Registry) -> None:
    for rule in registry.rules.values():
        if rule.family == "units":
            assert re.search(r"ISMP|Joint Commission|AMA|SI Brochure|NIST|CLPNA|UCUM", rule.authority), rule.code


def test_every_code_has_a_record_and_fixture() -> None:
    from checks import units

    fixtures = Path(__file__).parent / "fixtures" / "rules"
    for code in units.CODES:
        assert (ROOT / "rules" / "units" / f"{code}.yaml").is_file()
        data = yaml.safe_load((fixtures / f"{code}.yaml").read_text(encoding="utf-8"))
        assert any(c["expect"] for c in data["cases"]) and any(not c["expect"] for c in data["cases"]), code


# -- properties ---------------------------------------------------------------------------------------

_PIECES = ["Take", "Give", "users took", "about", "10mg", "10 mg", "3g", "7000g", "1000 mg", "3,000 mg", "0.1 ml",
           "100 mg/ml", "25 µg", "5 cc", "10U", "2 IU", "QD", "q.d.", ".5 mg", "5.0 mg", "5 mgs", "mg.", "25 – 75 mg",
           "40-50 hours", "56 to 84 mg", "3 grams/day", "20 mm Hg", "20 mmHg", "16 year old", "16-year-old", "50 %",
           "3%", "IV, IN, and PO", "IN ketamine", "SC", "epinephrine 1:1,000", "25 units/10 units", "/", "–", "-",
           " ", " ", ",", ".", "\n", "\n\n", "\n\n> ", "\n\n## Dosing\n\n", "\n\n- ", "`10mg`", "&micro;g", "é"]


@hyp_settings(max_examples=int(os.environ.get("MEDLINT_FUZZ_EXAMPLES", "150")), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=24).map(" ".join))
def test_units_fixes_never_add_findings(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    registry = _PROPERTY_REGISTRY
    path = tmp_path_factory.mktemp("units") / "page.md"
    path.write_text(text, encoding="utf-8")
    settings = Settings()
    apply_mapping(settings, {"select": ["units"]}, registry, "test")
    linter = Linter(registry, settings)
    before = linter.lint_file(str(path)).findings
    lines = Document("p.md", text).lines
    for f in before:
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1 and (f.line, f.column) <= (f.end_line, f.end_column)
    plan = plan_fixes(str(path), before, registry)
    if plan is None:
        return
    path.write_text(plan.new_text, encoding="utf-8")
    after = linter.lint_file(str(path)).findings
    for code in {f.code for f in before if f.fix}:
        assert sum(f.code == code for f in after) <= sum(f.code == code for f in before), (code, plan.new_text)
