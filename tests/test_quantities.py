"""The quantity reader (checks/quantities.py) and its unit algebra (checks/unit_algebra.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import unit_algebra as ua
from checks.quantities import Quantity, find_quantities, noun_lemmas, number_value, unit_table

ROOT = Path(__file__).resolve().parent.parent
DRAFT_MD = ROOT / "draft" / "ketamine.md"
SEED = Path("/work/shared/seeds/000_bbaba724f237e904.txt")

N = None

# (text, span text, value, high, unit, per, noun, approx, kind); N = None
# The span text is looked up in the text (first occurrence); exactly one quantity must cover it.
FORMS = [
    # ranges
    ("doses of 25 – 75 mg.", "25 – 75 mg", 25, 75, "mg", N, N, N, "mass"),
    ("range from about 0.5 – 3 mg/kg.", "0.5 – 3 mg/kg", 0.5, 3, "mg/kg", "kg", N, "about", "dose"),
    ("allowed in doses of 56 to 84 mg, which", "56 to 84 mg", 56, 84, "mg", N, N, N, "mass"),
    ("after 40-50 hours of infusion", "40-50 hours", 40, 50, "h", N, N, N, "time"),
    ("ranged from 8 to 19 mmHg within", "8 to 19 mmHg", 8, 19, "mmHg", N, N, N, "pressure"),
    ("is 50 – 80 mg.", "50 – 80 mg", 50, 80, "mg", N, N, N, "mass"),
    ("works about 2-3x as well", "2-3x", 2, 3, "x", N, N, "about", "multiplier"),
    ("between 0.6 and 1.0, so", "0.6 and 1.0", 0.6, 1.0, N, N, N, N, "number"),
    ("so about two to three times larger", "two to three times", 2, 3, "x", N, N, "about", "multiplier"),
    ("a 6- to 8-week course", "6- to 8-week", 6, 8, "week", N, N, N, "time"),
    ("$5 to $10 per dose", "$5 to $10 per dose", 5, 10, "USD/dose", "dose", N, N, "currency"),
    ("from 50 mg to 80 mg daily", "50 mg to 80 mg daily", 50, 80, "mg/day", "day", N, N, "rate"),
    ("in 10% to 20% of users", "10% to 20%", 10, 20, "%", N, N, N, "percent"),
    ("wait five to ten minutes", "five to ten minutes", 5, 10, "min", N, N, N, "time"),
    ("use 3-4 times a week", "3-4 times a week", 3, 4, N, "week", "time", N, "frequency"),
    ("one or two sprays", "one or two sprays", 1, 2, N, N, "spray", N, "count"),
    ("give 10–15mg slowly", "10–15mg", 10, 15, "mg", N, N, N, "mass"),
    ("participants aged 18-65 took", "18-65", 18, 65, N, N, N, N, "number"),
    # approximations and bounds
    ("costs about $6400/month and", "$6400/month", 6400, N, "USD/month", "month", N, "about", "currency"),
    ("for ~$10/dose, at", "$10/dose", 10, N, "USD/dose", "dose", N, "~", "currency"),
    ("used an average of ~3 grams/day, at", "3 grams/day", 3, N, "g/day", "day", N, "~", "rate"),
    ("used about 1 gram/day, a few", "1 gram/day", 1, N, "g/day", "day", N, "about", "rate"),
    ("roughly 20% of people", "20%", 20, N, "%", N, N, "roughly", "percent"),
    ("over 80% of participants", "80%", 80, N, "%", N, N, "over", "percent"),
    ("compared to less than 10% of", "10%", 10, N, "%", N, N, "less than", "percent"),
    ("around 50% of patients", "50%", 50, N, "%", N, N, "around", "percent"),
    ("approximately 35 mg", "35 mg", 35, N, "mg", N, N, "approximately", "mass"),
    ("approx. 5 mg", "5 mg", 5, N, "mg", N, N, "approx.", "mass"),
    ("had received 1000+ mg of ketamine", "1000+ mg", 1000, N, "mg", N, N, "+", "mass"),
    ("in the 1000 mg + range", "1000 mg", 1000, N, "mg", N, N, "+", "mass"),
    ("taking 3,000 mg a day or higher", "3,000 mg a day", 3000, N, "mg/day", "day", N, "or higher", "rate"),
    ("at least four days a week, over", "four days a week", 4, N, "day/week", "week", N, "at least", "rate"),
    ("last one hour or less, and", "one hour", 1, N, "h", N, N, "or less", "time"),
    ("try going up to 1 mg/kg.", "1 mg/kg", 1, N, "mg/kg", "kg", N, "up to", "dose"),
    ("to as high as 150 mg or", "150 mg", 150, N, "mg", N, N, "as high as", "mass"),
    ("the effect size is around 0.3.", "0.3", 0.3, N, N, N, N, "around", "number"),
    ("a course of ~6 sessions", "6 sessions", 6, N, N, N, "session", "~", "count"),
    ("stayed for over 20 minutes", "20 minutes", 20, N, "min", N, N, "over", "time"),
    ("at least 3 months", "3 months", 3, N, "month", N, N, "at least", "time"),
    ("≥ 18 years", "18 years", 18, N, "year", N, N, "≥", "time"),
    ("about 8 doses of 35 mg", "8 doses", 8, N, N, N, "dose", "about", "count"),
    ("about 7000g of ketamine", "7000g", 7000, N, "g", N, N, "about", "mass"),
    # units as written
    ("for a total of about 3g of ketamine", "3g", 3, N, "g", N, N, "about", "mass"),
    ("take 3 g twice", "3 g", 3, N, "g", N, N, N, "mass"),
    ("take 3 grams", "3 grams", 3, N, "g", N, N, N, "mass"),
    ("sprays 0.1 ml at a time", "0.1 ml", 0.1, N, "mL", N, N, N, "volume"),
    ("a 100 mg/ml saline solution", "100 mg/ml", 100, N, "mg/mL", "mL", N, N, "concentration"),
    ("draw up 5 mL", "5 mL", 5, N, "mL", N, N, N, "volume"),
    ("give 5 cc", "5 cc", 5, N, "mL", N, N, N, "volume"),
    ("250 mcg of", "250 mcg", 250, N, "mcg", N, N, N, "mass"),
    ("250 µg of", "250 µg", 250, N, "mcg", N, N, N, "mass"),
    ("a rise of 120 mm Hg", "120 mm Hg", 120, N, "mmHg", N, N, N, "pressure"),
    ("heavy exercise (about 60 mmHg)", "60 mmHg", 60, N, "mmHg", N, N, "about", "pressure"),
    ("fever of 38.5 °C", "38.5 °C", 38.5, N, "degC", N, N, N, "temperature"),
    ("2 IU of", "2 IU", 2, N, "IU", N, N, N, "activity"),
    ("10 units of insulin", "10 units", 10, N, "unit", N, N, N, "activity"),
    ("10mg daily", "10mg daily", 10, N, "mg/day", "day", N, N, "rate"),
    ("5 mgs", "5 mgs", 5, N, "mg", N, N, N, "mass"),
    ("take .5 mg", ".5 mg", 0.5, N, "mg", N, N, N, "mass"),
    ("it lasts 40 min after", "40 min", 40, N, "min", N, N, N, "time"),
    ("peaks 24 hours after use", "24 hours", 24, N, "h", N, N, N, "time"),
    ("at 6 weeks post-infusion", "6 weeks", 6, N, "week", N, N, N, "time"),
    ("for an average of six years, 6.5", "six years", 6, N, "year", N, N, N, "time"),
    ("a single three-hour therapy session", "three-hour", 3, N, "h", N, N, N, "time"),
    ("a 30-day supply", "30-day", 30, N, "day", N, N, N, "time"),
    ("with a heart rate of 70 bpm", "70 bpm", 70, N, "bpm", N, N, N, "rate"),
    ("A 16 year old girl", "16 year old", 16, N, "year", N, N, N, "age"),
    ("The 16-year-old was", "16-year-old", 16, N, "year", N, N, N, "age"),
    ("a 100% legal", "100%", 100, N, "%", N, N, N, "percent"),
    # per-denominators
    ("a standard dose of 0.5 mg/kg (eg", "0.5 mg/kg", 0.5, N, "mg/kg", "kg", N, N, "dose"),
    ("(so, 10 mg/spray).", "10 mg/spray", 10, N, "mg/spray", "spray", N, N, "dose"),
    ("using 3.5g / dose.", "3.5g / dose", 3.5, N, "g/dose", "dose", N, N, "dose"),
    ("six years, 6.5 days a week, 3.5g", "6.5 days a week", 6.5, N, "day/week", "week", N, N, "rate"),
    ("at $800 per treatment, for", "$800 per treatment", 800, N, "USD/treatment", "treatment", N, N,
     "currency"),
    ("0.5 mg/kg/day orally", "0.5 mg/kg/day", 0.5, N, "mg/kg/day", "kg/day", N, N, "dose"),
    ("0.25 mg/kg/h", "0.25 mg/kg/h", 0.25, N, "mg/kg/h", "kg/h", N, N, "dose"),
    ("10 mg per kg", "10 mg per kg", 10, N, "mg/kg", "kg", N, N, "dose"),
    ("75 mg/m2 weekly", "75 mg/m2 weekly", 75, N, "mg/m2/week", "m2/week", N, N, "dose"),
    ("a BMI ≥ 30 kg/m2", "30 kg/m2", 30, N, "kg/m2", "m2", N, "≥", "bmi"),
    ("5 mmol/L", "5 mmol/L", 5, N, "mmol/L", "L", N, N, "concentration"),
    ("£20/month", "£20/month", 20, N, "GBP/month", "month", N, N, "currency"),
    ("2 doses/day", "2 doses/day", 2, N, N, "day", "dose", N, "frequency"),
    ("take this dose twice a week for a month", "twice a week", 2, N, N, "week", "time", N,
     "frequency"),
    ("3 times a day", "3 times a day", 3, N, N, "day", "time", N, "frequency"),
    ("3x daily", "3x daily", 3, N, N, "day", "time", N, "frequency"),
    # currency and magnitude
    ("for a total cost of $4800.", "$4800", 4800, N, "USD", N, N, N, "currency"),
    ("They charge $950 for a", "$950", 950, N, "USD", N, N, N, "currency"),
    ("$1.2 million", "$1.2 million", 1.2e6, N, "USD", N, N, N, "currency"),
    ("about $5k", "$5k", 5000, N, "USD", N, N, "about", "currency"),
    ("€50 each", "€50", 50, N, "EUR", N, N, N, "currency"),
    ("50 dollars", "50 dollars", 50, N, "USD", N, N, N, "currency"),
    # counted nouns and number words
    ("would be six treatments over three weeks", "six treatments", 6, N, N, N, "treatment", N,
     "count"),
    ("six treatments over three weeks", "three weeks", 3, N, "week", N, N, N, "time"),
    ("a total of three sprays (= 30 mg)", "three sprays", 3, N, N, N, "spray", N, "count"),
    ("spraying one spray of ketamine", "one spray", 1, N, N, N, "spray", N, "count"),
    ("In four randomized trials, mean", "four randomized trials", 4, N, N, N, "trial", N, "count"),
    ("have seen three other such cases", "three other such cases", 3, N, N, N, "case", N, "count"),
    ("There are two case reports of", "two case reports", 2, N, N, N, "case report", N, "count"),
    ("included 97 patients who", "97 patients", 97, N, N, N, "patient", N, "count"),
    ("a total of 205 infusions.", "205 infusions", 205, N, N, N, "infusion", N, "count"),
    ("a dozen patients", "a dozen patients", 12, N, N, N, "patient", N, "count"),
    ("twenty-five patients", "twenty-five patients", 25, N, N, N, "patient", N, "count"),
    ("1,000,000 people", "1,000,000 people", 1e6, N, N, N, "person", N, "count"),
    ("1.2 million people", "1.2 million people", 1.2e6, N, N, N, "person", N, "count"),
    ("½ tablet at night", "½ tablet", 0.5, N, N, N, "tablet", N, "count"),
    ("1½ tablets", "1½ tablets", 1.5, N, N, N, "tablet", N, "count"),
    ("1/2 tablet", "1/2 tablet", 0.5, N, N, N, "tablet", N, "count"),
    ("(n = 17)", "17", 17, N, N, N, "n", N, "count"),
    # odds and ends
    ("(= 30 mg) over 20 minutes", "30 mg", 30, N, "mg", N, N, N, "mass"),
    ("120/80 mmHg", "120/80 mmHg", 120, N, "mmHg", N, N, N, "pressure"),
    ("5 ± 2 mg", "5 ± 2 mg", 5, N, "mg", N, N, N, "mass"),
    ("p < .05", ".05", 0.05, N, N, N, N, "<", "p_value"),
    ("cooled to -20 °C", "-20 °C", -20, N, "degC", N, N, N, "temperature"),
    ("a drop of −5 mmHg", "−5 mmHg", -5, N, "mmHg", N, N, N, "pressure"),
    ("10 000 mg", "10 000 mg", 10000, N, "mg", N, N, N, "mass"),
    ("10\u202f000 mg", "10\u202f000 mg", 10000, N, "mg", N, N, N, "mass"),
]


def _one(text: str, span: str) -> Quantity:
    start = text.index(span)
    qs = find_quantities(text)
    hits = [q for q in qs if (q.start, q.end) == (start, start + len(span))]
    assert len(hits) == 1, f"no single quantity over {span!r}: {[(q.text, q.start, q.end) for q in qs]}"
    return hits[0]


def test_the_table_is_large_enough() -> None:
    assert len(FORMS) >= 80


@pytest.mark.parametrize(("text", "span", "value", "high", "unit", "per", "noun", "approx", "kind"), FORMS,
                         ids=[f[1] for f in FORMS])
def test_written_form(text: str, span: str, value: float, high: float | None, unit: str | None,
                      per: str | None, noun: str | None, approx: str | None, kind: str) -> None:
    q = _one(text, span)
    assert q.value == pytest.approx(value)
    assert q.high == (None if high is None else pytest.approx(high))
    assert (q.unit, q.per, q.noun, q.approx, q.kind) == (unit, per, noun, approx, kind)
    assert q.text == text[q.start:q.end] == span


# Near misses: no quantity at all.
NO_QUANTITY = [
    "COVID-19", "v2.3.1", "version 2.3", "call 9-1-1 now", "555-123-4567", "(555) 123-4567", "mTOR",
    "5-HT2A receptors", "a 1:1 ratio", "1:1,000", "24/7 support", "at 3:30", "at 3:30 pm", "at 10 am",
    "in 2019", "2019-2020", "on 2019-05-01", "05/01/2019", "May 1, 2019", "1 May 2019", "the 3rd dose",
    "2019;25(4):381-387", "JAMA. 2019;321(5):456-460", "pp. 381-387", "doi:10.1001/jama.2019.1234",
    "PMID: 12345678", "see https://example.com/5mg/12", "`10mg`", "4.1: How concerned should I be?",
    "1. Typos", "–4.1: How concerned", "10. How does ketamine work?", "7: What's the right dose?",
    "(1, 2)", "studies [12]", "studies [3-5]", "side effects.12 The", "long0term", "in the 1990s",
    "see section 7", "the rest of Part 4", "type 2 diabetes", "a phase 3 trial", "H1N1", "CYP3A4",
    "vitamin B12", "IL-6 levels", "PHQ-9 scores", "a 12-step program", "3D printing", "one of them",
    "effects¹²", "the one reported", "the four most concerning",
]


@pytest.mark.parametrize("text", NO_QUANTITY)
def test_near_miss_yields_nothing(text: str) -> None:
    assert find_quantities(text) == []


# Near misses read as bare numbers only (kind "number", no unit): downstream checks ignore them.
BARE_ONLY = [
    ("Call 911 if", 1),
    ("In a study by Koffler and colleagues, 109 cognitive effects of ketamine", 1),
    ("or diastolic by 30, or if", 1),
    ("3 x 10", 2),
    ("see 4.1 below", 1),
]


@pytest.mark.parametrize(("text", "count"), BARE_ONLY)
def test_near_miss_is_a_bare_number(text: str, count: int) -> None:
    qs = find_quantities(text)
    assert len(qs) == count
    assert all(q.kind == "number" and q.unit is None and q.noun is None for q in qs)


@pytest.mark.parametrize(("text", "spans"), [
    ("25 units/10 units", ["25 units", "10 units"]),       # a slash between doses: two quantities
    ("10 mg + 5 mg", ["10 mg", "5 mg"]),                    # "+" before a number is addition, not a hedge
    ("250 mg/5 mL", ["250 mg", "5 mL"]),
    ("100-1000 mg", ["100-1000 mg"]),                       # not a phone number
    ("call 555-1234 or 9-1-1", []),
    ("3 x 10 mg", ["3", "10 mg"]),
    ("two weeks, four weeks, or a few months", ["two weeks", "four weeks"]),
])
def test_segmentation(text: str, spans: list[str]) -> None:
    assert [q.text for q in find_quantities(text)] == spans


def test_vocabulary_has_no_conflicting_forms() -> None:
    from checks.quantities import _raw_vocab

    seen: dict[str, str] = {}
    for rec in _raw_vocab()["units"]:
        for key in ("symbols", "spaced", "prefix"):
            for form in rec.get(key, []):
                assert seen.setdefault(str(form), rec["unit"]) == rec["unit"], form
        for form in rec.get("words", []):
            low = " ".join(str(form).lower().split())
            assert seen.setdefault(low, rec["unit"]) == rec["unit"], form
    lemmas = noun_lemmas()
    assert not set(lemmas) & {f for f in seen if f.islower()}, "a counted noun is also a unit word"


def test_written_forms_are_kept() -> None:
    q = _one("a 100 mg/ml saline nasal spray", "100 mg/ml")
    assert (q.unit_text, q.per_text) == ("mg", "/ml")
    q = _one("3.5g / dose", "3.5g / dose")
    assert (q.unit_text, q.per_text, q.glued) == ("g", " / dose", True)
    q = _one("6.5 days a week", "6.5 days a week")
    assert (q.unit_text, q.per_text) == ("days", " a week")
    assert _one("5 cc", "5 cc").unit_text == "cc"
    assert _one("50 µg", "50 µg").unit_text == "µg"
    assert _one("3 grams", "3 grams").unit_text == "grams"
    assert _one("8 mm Hg", "8 mm Hg").unit_text == "mm Hg"
    assert _one("3 g", "3 g").glued is False
    assert _one("50%", "50%").glued is True
    q = _one("$6400/month", "$6400/month")
    assert (q.unit_text, q.unit_span, q.per_text) == ("$", (0, 1), "/month")


def test_number_text_and_precision() -> None:
    q = _one("take 3,000 mg", "3,000 mg")
    assert (q.number_text, q.decimals, q.spelled) == ("3,000", 0, False)
    q = _one("1.0 mg", "1.0 mg")
    assert (q.number_text, q.decimals) == ("1.0", 1)
    q = _one("six treatments", "six treatments")
    assert (q.number_text, q.spelled) == ("six", True)
    assert _one("take .5 mg", ".5 mg").number_text == ".5"


def test_range_details() -> None:
    q = _one("doses of 25 – 75 mg", "25 – 75 mg")
    assert (q.range_sep, q.high_text, q.unit_repeated) == ("–", "75", False)
    assert "doses of 25 – 75 mg"[q.range_sep_span[0]:q.range_sep_span[1]] == " – "  # type: ignore[index]
    assert _one("56 to 84 mg", "56 to 84 mg").range_sep == "to"
    assert _one("between 0.6 and 1.0", "0.6 and 1.0").range_sep == "and"
    assert _one("50 mg to 80 mg", "50 mg to 80 mg").unit_repeated is True
    assert _one("a 6- to 8-week course", "6- to 8-week").hyphenated is True
    assert _one("4 to 2 mg", "2 mg").high is None      # a descending pair is not a range


def test_markers() -> None:
    text = "about 8 doses of 35 mg each, for a total of about 3g"
    q = _one(text, "35 mg")
    assert q.each is True and q.approx is None
    q = _one(text, "8 doses")
    assert q.approx_span == (0, 5) and q.bound == "approx"
    assert _one("(= 30 mg)", "30 mg").equals is True
    assert _one("over 80%", "80%").bound == "lower"
    assert _one("less than 10%", "10%").bound == "upper"
    q = _one("in the 1000 mg + range", "1000 mg")
    assert (q.bound, "in the 1000 mg + range"[q.approx_span[0]:q.approx_span[1]]) == ("lower", "+")  # type: ignore[index]
    assert _one("120/80 mmHg", "120/80 mmHg").paired == 80
    assert _one("5 ± 2 mg", "5 ± 2 mg").pm == 2
    # "over" before a duration is a preposition, not a bound
    assert _one("three sprays over 20 minutes", "20 minutes").approx is None


@pytest.mark.parametrize(("word", "value"), [
    ("one", 1), ("six", 6), ("ten", 10), ("nineteen", 19), ("twenty", 20), ("fifty", 50), ("twenty-five", 25),
    ("ninety nine", 99), ("a hundred", 100), ("two hundred and fifty", 250), ("a thousand", 1000),
    ("3 thousand", 3000), ("a dozen", 12), ("two dozen", 24), ("half", 0.5), ("one and a half", 1.5),
    ("once", 1), ("twice", 2), ("thrice", 3), ("½", 0.5), ("¾", 0.75), ("1½", 1.5), ("1/2", 0.5),
    ("3,000", 3000), (".5", 0.5), ("10\u2009000", 10000), ("Six", 6),
])
def test_number_value(word: str, value: float) -> None:
    assert number_value(word) == pytest.approx(value)


@pytest.mark.parametrize("word", ["", "a", "several", "few", "many", "first", "one-ish", "3,00"])
def test_number_value_rejects(word: str) -> None:
    assert number_value(word) is None


def _draft_lines() -> list[str]:
    lines = DRAFT_MD.read_text(encoding="utf-8").splitlines()
    if SEED.is_file():
        lines += SEED.read_text(encoding="utf-8").splitlines()
    return lines


def _check_spans(text: str, qs: list[Quantity]) -> None:
    end = -1
    for q in qs:
        assert q.text == text[q.start:q.end]
        assert q.start >= end, "quantities overlap or are out of order"
        end = q.end
        assert q.number_span is not None
        assert text[q.number_span[0]:q.number_span[1]] == q.number_text
        if q.unit_span is not None:
            assert text[q.unit_span[0]:q.unit_span[1]] == q.unit_text
            assert q.start <= q.unit_span[0] < q.unit_span[1] <= q.end
        if q.per_span is not None:
            assert text[q.per_span[0]:q.per_span[1]] == q.per_text
        if q.noun_span is not None:
            assert text[q.noun_span[0]:q.noun_span[1]] == q.noun_text
        if q.high_span is not None:
            assert text[q.high_span[0]:q.high_span[1]] == q.high_text
        if q.approx_span is not None:
            assert text[q.approx_span[0]:q.approx_span[1]].lower().split() == (q.approx or "").split()


def test_every_line_of_the_draft() -> None:
    found = 0
    for line in _draft_lines():
        qs = find_quantities(line)
        _check_spans(line, qs)
        found += len(qs)
    assert found > 100
    whole = DRAFT_MD.read_text(encoding="utf-8")
    _check_spans(whole, find_quantities(whole))


_PIECES = ["0", "1", "3", "7", "25", "0.5", ".5", "3,000", "1000", "2019", " ", "  ", "-", "–", "/", ":", ";",
           ",", ".", "(", ")", "[", "]", "$", "~", "+", "%", "=", "±", "½", "x", "g", "mg", "mL", "ml", "kg",
           "/kg", "mmHg", "mm Hg", "to", "and", "or", "between", "about", "over", "six", "twenty",
           "a hundred", "twice", "times", "doses", "sprays", "a week", "per day", "daily", "each",
           "-year-old", "or more", "US$", "\n", "é", "COVID", "v", "May", "section", "p", "n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_spans_are_exact_on_any_text(text: str) -> None:
    _check_spans(text, find_quantities(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_spans(text, find_quantities(text))


@pytest.mark.parametrize("text", ["take 5.\u00b2 mg", "5.\u0663 mg", "at 5:\u00b2 pm", "2.\u0660.1 mL"])
def test_a_digit_outside_ascii_after_a_point_is_no_decimal(text: str) -> None:
    _check_spans(text, find_quantities(text))  # "²" and Arabic-Indic digits pass str.isdigit()


# ---------------------------------------------------------------------------
# unit algebra

def test_importing_the_reader_does_not_import_pint() -> None:
    code = "import sys, checks.quantities as q; q.find_quantities('5 mg/kg'); print('pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_vocabulary_unit_is_defined_in_the_registry() -> None:
    for canon, u in unit_table().items():
        ua.dimensionality(canon)
        if u.body:
            assert str(ua.dimensionality(f"mg/{canon}")) != str(ua.dimensionality("mg"))
    for lemma in set(noun_lemmas().values()):
        assert str(ua.dimensionality(lemma)) == f"[{lemma.replace(' ', '_').replace('-', '_')}]"


def test_mg_per_kg_keeps_a_body_mass_dimension() -> None:
    dose = _one("0.5 mg/kg (eg 35 mg for a 70 kg person)", "0.5 mg/kg")
    assert not ua.same_dimension(dose, "dimensionless")
    assert not ua.same_dimension(dose, "mg")
    assert ua.same_dimension(dose, "g/kg")
    weight = _one("for a 70 kg person", "70 kg")
    total = ua.to_pint(dose) * ua.to_pint(weight, body_mass=True)
    assert total.to("mg").magnitude == pytest.approx(35)


def test_conversions() -> None:
    assert ua.convert(3000, "mg", "g") == pytest.approx(3)
    assert ua.convert(0.1, "mL", "L") == pytest.approx(1e-4)
    assert ua.convert(2, "week", "day") == pytest.approx(14)
    assert ua.convert(1, "mg/kg", "mcg/kg") == pytest.approx(1000)
    assert ua.convert(100, "mg/mL", "g/L") == pytest.approx(100)
    assert ua.convert(37, "degC", "degF") == pytest.approx(98.6)
    assert ua.same_dimension("mmHg", "cmH2O")
    assert not ua.same_dimension("USD/dose", "USD/month")
    assert not ua.same_dimension("USD", "EUR")
    assert not ua.same_dimension("IU", "mg")
    assert ua.same_dimension("kg/m2", "kilogram / meter ** 2")     # BMI: per height squared
    assert not ua.same_dimension("mg/m2", "milligram / meter ** 2")  # dose per body surface


def test_counted_things_multiply_out() -> None:
    text = "six treatments over three weeks at $800 per treatment, for a total cost of $4800"
    total = ua.to_pint(_one(text, "six treatments")) * ua.to_pint(_one(text, "$800 per treatment"))
    assert total.to("USD").magnitude == pytest.approx(4800)
    text = "a 100 mg/ml solution that sprays 0.1 ml at a time (so, 10 mg/spray)"
    assert (ua.to_pint(_one(text, "100 mg/ml")) * ua.to_pint(_one(text, "0.1 ml"))).to("mg").magnitude == \
        pytest.approx(10)
    text = "three sprays (= 30 mg) and 10 mg/spray"
    sprays = ua.to_pint(_one(text, "three sprays")) * ua.to_pint(_one(text, "10 mg/spray"))
    assert sprays.to("mg").magnitude == pytest.approx(30)
    text = "about 8 doses of 35 mg each"
    assert ua.same_dimension(_one(text, "8 doses"), "dose")
    rate = ua.to_pint(_one("six years, 6.5 days a week", "6.5 days a week"))
    assert rate.to("dimensionless").magnitude == pytest.approx(6.5 / 7)
    high = ua.to_pint(_one("0.5 – 3 mg/kg", "0.5 – 3 mg/kg"), which="high")
    assert high.magnitude == 3


@pytest.mark.parametrize("text", ["take 5 mg", "about 0.5-1 mg/kg per dose", "up to three tablets a day"])
def test_a_read_quantity_equals_the_constructor_made_one(text: str) -> None:
    # the reader builds Quantity without __init__ (checks.frozen): every field must be filled, none extra
    for q in find_quantities(text):
        assert vars(q).keys() == Quantity.__dataclass_fields__.keys()
        assert Quantity(**vars(q)) == q


def test_grouped_alternation_matches_as_a_flat_one() -> None:
    # _alt writes each group's head as a case-sensitive class of what matches it under (?i): the same words,
    # in any case and with the non-ASCII characters that fold to ASCII letters, match as in a flat alternation
    import re

    from checks.casefold import IGNORECASE_PARTNERS
    from checks.quantities import _alt, _raw_vocab, unit_words

    vocab = _raw_vocab()
    lists = [sorted(unit_words()), sorted(noun_lemmas()), [str(m) for m in vocab.get("noun_modifiers", [])],
             [str(x) for x in vocab.get("labels", [])]]
    for words in lists:
        grouped = re.compile(f"(?i:{_alt(words)})")
        flat = re.compile("(?i:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                            for w in sorted(set(words), key=lambda s: (-len(s), s))) + ")")
        for w in words:
            forms = {w, w.upper(), w.title(), w.swapcase(), "x" + w}
            forms.update(partner + w[1:] for partner in IGNORECASE_PARTNERS.get(w[0].lower(), ""))
            for form in forms:
                for text in (form, form + "s", form + " x"):
                    a, b = grouped.match(text), flat.match(text)
                    assert (a and a.span()) == (b and b.span()), (text, a, b)


def test_candidate_scan_matches_separate_scans() -> None:
    """The one candidate-and-trigger scan finds what the two scans it replaced found: the number starts of the
    old candidate pattern, and every trigger that matches at some offset."""
    import re

    from checks import quantities as q
    from checks.document import Document

    frac = q._FRAC_CHARS
    other = re.compile(rf"[0-9.$€£−\-{frac}](?:(?<=[0-9])[0-9]*|(?<=\.)(?=[0-9])"
                       rf"|(?<=[−-])(?<![^\s(\[=].)(?=\.?[0-9])|(?<=[$€£{frac}]))")
    texts = [b.text for b in Document("d.md", DRAFT_MD.read_text(encoding="utf-8")).blocks]
    texts += ["US$5, A$3 -2 (-.5) x-3 1.2.3 10.1234/x 2019;25(4):381-7 PMID: 1 COVID-19 5-HT2A ‐9 [12] `a` €½ −4"]
    for text in texts:
        starts, triggers = q._candidates(text)
        low = (" " + text).encode("latin-1", "replace").lower()
        words = [m.start() for m in q._WORD_SPOTTER.finditer(low.translate(q._TO_SPACES))
                 if q._WORD_CANDIDATE.match(low, m.start())]
        others = []
        for m in other.finditer(text):
            at = m.start()
            if text[at] == "$" and at and text[at - 1] in q._CAPITALS:
                at -= 2 if at > 1 and text[at - 2] in q._CAPITALS else 1
            others.append(at)
        assert starts == sorted(words + others)
        fired = {i for at, c in enumerate(text) for i, trigger in q._TRIGGERS_AT.get(c, []) if trigger.match(text, at)}
        assert q._fired_triggers(text, triggers) == fired
