"""The arithmetic family: the draft's expectations, the verified list, and the parts (tolerance, solver, model).

Positions in the draft are found by searching its text, never written down as numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.arith_model import PageModel
from checks.arith_outcome import Options
from checks.arith_products import ProductFinder
from checks.arith_tolerance import Computed, Stated, agrees, discrepancy, fmt, rounding, widen
from checks.cli import main
from checks.config import Settings, apply_mapping
from checks.document import Document
from checks.pipeline import Linter
from checks.quantities import find_quantities
from checks.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "draft" / "ketamine.md"


@pytest.fixture(scope="module")
def draft_result():
    registry = Registry()
    config = Settings()
    apply_mapping(config, {"select": ["arithmetic"]}, registry, "test")
    return Linter(registry, config).lint_file(str(DRAFT))


def _loc(text: str, needle: str, inner: str | None = None) -> tuple[int, int]:
    """1-based (line, column) of ``inner`` inside the first occurrence of ``needle``."""
    at = text.index(needle)
    if inner is not None:
        at += needle.index(inner)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# -- the draft ---------------------------------------------------------------------------

def test_draft_flags_the_tenfold_total(draft_result) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    errors = [f for f in draft_result.findings if f.severity == "error"]
    assert len(errors) == 1
    f = errors[0]
    assert f.code == "NUM003"
    assert (f.line, f.column) == _loc(text, "for a total of about 3g", "about 3g")
    assert f.end_column - f.column == len("about 3g")
    assert "8 doses x 35 mg = 280 mg" in f.message
    assert "about 3g" in f.message and "10.7 times more" in f.message


def test_draft_same_quantity_warnings_quote_both_places(draft_result) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    warnings = sorted((f for f in draft_result.findings if f.code == "NUM006"), key=lambda f: f.line)
    assert len(warnings) == 2
    course, spravato = warnings
    assert (course.line, course.column) == _loc(text, "receives about 8 doses", "about 8 doses")
    six_line = _loc(text, "six treatments")[0]
    assert f"six treatments on line {six_line}" in course.message
    assert (spravato.line, spravato.column) == _loc(text, "50 – 80 mg")
    range_line = _loc(text, "56 to 84 mg")[0]
    assert f"56 to 84 mg on line {range_line}" in spravato.message and "Spravato" in spravato.message
    assert all(f.severity == "warning" for f in warnings)


def test_draft_stray_reference_number(draft_result) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    stray = [f for f in draft_result.findings if f.code == "NUM010"]
    assert [(f.line, f.column) for f in stray] == [_loc(text, "colleagues, 109 cognitive", "109")]


def test_draft_has_no_other_findings(draft_result) -> None:
    assert sorted(f.code for f in draft_result.findings) == ["NUM003", "NUM006", "NUM006", "NUM010"]


def _verified(result, needle: str) -> list[str]:
    return [v.message for v in result.verified if needle in v.message]


def test_draft_verified_relations(draft_result) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    msgs = [v.message for v in draft_result.verified]
    assert all("✓" in m for m in msgs)
    assert _verified(draft_result, "6 treatments x $800 per treatment = $4800")
    lines = {v.line for v in draft_result.verified if "0.5 mg/kg x 70 kg = 35 mg" in v.message}
    assert lines == {_loc(text, "35 mg for a 70 kg person")[0], _loc(text, "35 mg for our 70 kg patient")[0]}
    assert _verified(draft_result, "100 mg/ml x 0.1 ml = 10 mg/spray")
    for n, total in ((1, 10), (3, 30), (5, 50)):
        noun = "spray" if n == 1 else "sprays"
        found = [m for m in msgs if m.startswith(f"{n} {noun} x 10 mg/spray") and f"= {total} mg ✓" in m]
        assert found, (n, msgs)
    years = _verified(draft_result, "6 years x 6.5 days a week x 3.5g / dose")
    assert years and "assuming one dose a day" in years[0] and "about 7000g" in years[0]
    ratio = _verified(draft_result, "0.6–1.0 / 0.3 = 2–3.33")
    assert ratio and "two to three times" in ratio[0]


def test_show_verified_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(DRAFT), "--select", "arithmetic", "--show-verified"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Verified relations" in out and "$4800 ✓" in out
    main(["check", str(DRAFT), "--select", "arithmetic", "--show-verified", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    dumped = json.dumps(data, ensure_ascii=False)
    assert "10 mg/spray" in dumped and "NUM003" in dumped


def test_draft_report_is_deterministic(draft_result) -> None:
    registry = Registry()
    config = Settings()
    apply_mapping(config, {"select": ["arithmetic"]}, registry, "test")
    again = Linter(registry, config).lint_file(str(DRAFT))
    assert again.findings == draft_result.findings
    assert [v.message for v in again.verified] == [v.message for v in draft_result.verified]


# -- tolerance ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "expected"), [
    ("3.5", 3.5, 0.05), ("0.28", 0.28, 0.005), ("35", 35, 0.5), ("7000", 7000, 500), ("4800", 4800, 50),
    ("30", 30, 3.0), ("six", 6, 0.5), ("1.2 million", 1.2e6, 50000), ("3,000", 3000, 300),
])
def test_rounding_interval(text: str, value: float, expected: float) -> None:
    assert rounding(text, value) == pytest.approx(expected)


def test_rounding_counts_and_trailing_zeros_setting() -> None:
    assert rounding("8", 8, count=True) == 0
    assert rounding("1200", 1200, count=True) == pytest.approx(50)
    assert rounding("7000", 7000, trailing_zeros=False) == 0.5


def test_hedge_widens_and_bounds() -> None:
    assert widen(100, 0.5, 0.15) == pytest.approx((85, 115))
    assert widen(3, 0.5, 0.15) == pytest.approx((2.5, 3.5))     # rounding wider than the hedge
    st = Stated(3000, 3000, 500, 500, 0.15, None)
    assert not agrees(Computed.exact(280, 280), st)
    assert agrees(Computed.exact(7098, 7098), Stated(7000, 7000, 500, 500, 0.15, None))
    assert agrees(Computed.exact(1200, 1200), Stated(1000, 1000, 0, 0, 0, "lower"))
    assert not agrees(Computed.exact(900, 900), Stated(1000, 1000, 0.5, 0.5, 0, "lower"))


def test_ranges_compare_as_ranges() -> None:
    about_two_to_three = Stated(2, 3, 0.5, 0.5, 0.15, None)
    assert agrees(Computed.exact(2.0, 3.33), about_two_to_three)
    assert not agrees(Computed.exact(5.0, 8.0), about_two_to_three)
    assert agrees(Computed.exact(210, 250), Stated(200, 300, 10, 30, 0, None))   # inside the stated range
    assert agrees(Computed.exact(35, 70), Stated(35, 35, 0.5, 0.5, 0, None))     # one value inside a range


def test_message_numbers() -> None:
    assert fmt(7122.4) == "7122" and fmt(280) == "280" and fmt(0.28) == "0.28" and fmt(3.3333) == "3.33"
    assert discrepancy(3000, 280) == "10.7 times more" and discrepancy(20, 30) == "33% less"


# -- the reader additions and the page model -----------------------------------------------

def test_adds_up_to_is_not_the_hedge_up_to() -> None:
    q = next(q for q in find_quantities("2 injections of 100 mg each add up to 200 mg.") if q.value == 200)
    assert q.approx is None and q.bound is None
    q = next(q for q in find_quantities("try going up to 1 mg/kg."))
    assert q.approx == "up to"


def test_new_counted_nouns_and_modifiers() -> None:
    qs = find_quantities("A 56 mg dose is two devices; plan 2 dosing sessions and 3 preparation sessions.")
    assert [(q.value, q.noun) for q in qs if q.noun] == [(2, "device"), (2, "session"), (3, "session")]


def _model(md: str) -> PageModel:
    return PageModel(Document("t.md", md))


def test_effective_units() -> None:
    m = _model("About 8 doses of 35 mg each. Each tablet contains 5 mg. Use 25 mg tablets. Take 2 x 50 mg.\n")
    units = {it.display: it.unit for it in m.items}
    assert units["8 doses"] == "dose"
    assert units["35 mg"] == "mg/dose"
    assert units["5 mg"] == "mg/tablet"
    assert units["25 mg"] == "mg/tablet"
    assert units["2 x 50 mg"] == "mg" and next(i for i in m.items if i.display == "2 x 50 mg").lo == 100


def test_weights_and_fractions() -> None:
    m = _model("A 70 kg person, our 80-kg patient, someone weighing 60 kg, a 3 kg bag; 6.5 days a week.\n")
    assert [it.display for it in m.items if it.weight] == ["70 kg", "80-kg", "60 kg"]
    assert [it.display for it in m.items if it.fraction] == ["6.5 days a week"]


def test_sentences_split_after_a_unit() -> None:
    m = _model("The standard dose is 50 – 80 mg. This is the dose of Spravato.\n")
    assert [s.index for s in m.sentences] == [0]        # the sentences with items
    assert [m.sentence_text(i) for i in (0, 1)] == ["The standard dose is 50 – 80 mg.", "This is the dose of Spravato."]
    assert m.sentence(2) is None


def test_front_matter_constants() -> None:
    m = _model("---\nconstants:\n  patient_weight: 80 kg\n  strength: 10 mg/spray\n  note: hello\n---\n\nText.\n")
    assert [(c.label, c.unit, c.weight) for c in m.constants] == [
        ("patient_weight", "kg", True), ("strength", "mg/spray", False)]
    assert m.constants[0].line == 3


def test_constants_are_used_as_definitions() -> None:
    md = "---\nconstants:\n  strength: 10 mg/spray\n---\n\nUse three sprays (= 30 mg).\n"
    outs = ProductFinder(_model(md), Options(), {}, set()).run()
    assert [(o.ok, o.code) for o in outs] == [(True, "NUM003")]
    assert "strength in the front matter" in outs[0].message


def test_verified_relations_per_family_option(lint_md) -> None:
    md = "At about 0.5 mg/kg, that's roughly 60 mg for an 80 kg patient.\n"
    assert [f.code for f in lint_md(md, {"select": ["arithmetic"]})] == ["NUM001"]
    assert lint_md(md, {"select": ["arithmetic"], "arithmetic": {"hedge_tolerance": 0.6}}) == []


def test_settings_schema() -> None:
    schema = Registry().settings_schema()["arithmetic"]
    assert schema["hedge_tolerance"]["default"] == 0.15
    assert all({"default", "type", "doc"} <= set(spec) for spec in schema.values())


def test_no_quantities_no_work(lint_md) -> None:
    assert lint_md("# Title\n\nNo numbers at all here.\n", {"select": ["arithmetic"]}) == []


# -- properties over generated sentences ---------------------------------------------------


_COUNT_TEMPLATES = [
    "Patients get {n} {noun} of {q} mg each, for a total of {t} mg.",
    "A course of {n} {noun} at {q} mg per {one} comes to {t} mg.",
    "For the whole course, that's {t} mg: {n} {noun} of {q} mg each.",
]
_WEIGHT_TEMPLATES = [
    "The dose is {d} mg/kg (eg {t} mg for a {w} kg adult).",
    "At {d} mg/kg, a {w} kg patient would get {t} mg.",
    "The dose is {d} mg/kg. For a {w} kg person, that's {t} mg.",
]


_REGISTRY = Registry()


def _lint_text(md: str) -> tuple[list, list]:
    config = Settings()
    apply_mapping(config, {"select": ["arithmetic"]}, _REGISTRY, "test")
    res = Linter(_REGISTRY, config).lint_text("gen.md", md)
    return res.findings, res.verified


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(_COUNT_TEMPLATES), n=st.integers(2, 12), q=st.integers(5, 400),
       noun=st.sampled_from([("doses", "dose"), ("infusions", "infusion"), ("tablets", "tablet")]),
       wrong=st.booleans())
def test_count_times_each_property(template: str, n: int, q: int, noun: tuple[str, str], wrong: bool) -> None:
    total = n * q * (10 if wrong else 1)
    md = template.format(n=n, noun=noun[0], one=noun[1], q=q, t=total) + "\n"
    findings, verified = _lint_text(md)
    if wrong:
        assert [f.code for f in findings] == ["NUM003"], (md, findings)
        assert f"= {n * q} mg" in findings[0].message
    else:
        assert findings == [] and len(verified) == 1, (md, findings, verified)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(_WEIGHT_TEMPLATES), d=st.sampled_from([0.1, 0.25, 0.5, 1, 1.5, 2, 10, 15]),
       w=st.integers(10, 120), wrong=st.booleans())
def test_weight_based_dose_property(template: str, d: float, w: int, wrong: bool) -> None:
    exact = d * w * (10 if wrong else 1)
    total = round(exact, 1) if exact < 100 else round(exact)
    md = template.format(d=f"{d:g}", w=w, t=f"{total:g}") + "\n"
    findings, verified = _lint_text(md)
    if wrong:
        assert [f.code for f in findings] == ["NUM001"], (md, findings)
    else:
        assert findings == [] and verified, (md, findings, verified)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "about", "for a total of", "=", "(", ")", "so", "that's", "each", "mg", "mg/kg", "kg", "doses", "of", "x",
    "per", "day", "weeks", "%", "$", ",", ".", "times", "larger", "twice", "as", "patients", "a 70 kg person",
    "0.5", "35", "3", "8", "1,200", "2019", "10-20", "six", "½"]), max_size=40))
def test_never_raises_on_numeric_soup(words: list[str]) -> None:
    md = " ".join(words) + "\n"
    findings, _ = _lint_text(md)
    lines = md.count("\n") + 1
    assert all(1 <= f.line <= lines and f.column >= 1 for f in findings)
