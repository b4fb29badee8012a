"""The citations family: varied sentences and paragraphs, the ketamine draft, options and the cue lexicon.

The sentence table is written for these tests (not taken from the draft): cited and uncited, claim and
non-claim. Each row lists exactly the codes the page must produce, so a row with [] asserts silence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import citations
from checks.citation_claims import find_claims
from checks.citation_cue import WORD, Sentence, fold_lower, normalise, read_sentence
from checks.citation_lexicon import load_lexicon
from checks.citation_patterns import compile_pattern
from checks.finding import Finding

ROOT = Path(__file__).resolve().parent.parent
DRAFT_TEXT = (ROOT / "draft" / "ketamine.md").read_text(encoding="utf-8")

CASES: list[tuple[str, list[str]]] = [
 # --- uncited claims (should warn)
 ("A 2021 trial of 400 adults found that melatonin shortened the time to fall asleep.", ["CIT002"]),
 ("In a study of 1,200 nurses, night shifts were linked to weight gain.", ["CIT002"]),
 ("Roughly 30% of people with migraine have aura.", ["CIT002"]),
 ("About 1 in 8 women will develop breast cancer during their lifetime.", ["CIT002"]),
 ("The number needed to treat for statins in primary prevention is about 100.", ["CIT002"]),
 ("A Cochrane review concluded that honey probably relieves cough in children.", ["CIT002"]),
 ("Research has shown that walking after meals lowers blood sugar.", ["CIT003"]),
 ("Many experts recommend starting with the lowest dose.", ["CIT003"]),
 ("It is widely believed that vitamin C prevents colds.", ["CIT003"]),
 ("Studies suggest that mindfulness reduces anxiety.", ["CIT003"]),
 ("There is strong evidence that exercise helps mild depression.", ["CIT003"]),
 ("Growing evidence suggests gut bacteria affect mood.", ["CIT003"]),
 ("According to some estimates, half of all antibiotic prescriptions are unnecessary.", ["CIT003"]),
 ("In mice, high doses of caffeine caused heart rhythm problems.", ["CIT002"]),
 ("Smokers are 15 to 30 times more likely to get lung cancer.", ["CIT002"]),
 ("Taking aspirin daily reduced the risk of a second heart attack by about 25%.", ["CIT002"]),
 ("A small pilot study showed that the nasal spray worked within an hour.", ["CIT002"]),
 ("The response rate of 60% in the trial was higher than expected.", ["CIT002"]),
 ("Nearly half of patients stop their antidepressant within three months.", []),  # no numeral: quiet
 ("Researchers at Stanford followed 500 teenagers for ten years.", ["CIT002"]),
 ("Gilbert and colleagues reported fewer relapses with the combination.", ["CIT004"]),
 ("Patel et al found no difference between the two doses.", ["CIT004"]),
 ("This is the dose recommended by Medscape.", ["CIT004"]),
 ("Some doctors say the liquid form is easier to adjust.", ["CIT003"]),
 # --- cited claims (quiet)
 ("A 2021 trial of 400 adults found that melatonin shortened the time to fall asleep "
  "([Lee 2021](https://doi.org/10.1000/a1)).", []),
 ("Roughly 30% of people with migraine have aura.[^1]\n\n[^1]: Smith J. Migraine aura. 2019.", []),
 ("Studies suggest that mindfulness reduces anxiety. "
  "A [2018 meta-analysis](https://example.org/m) pooled 40 trials.", []),
 ("In a study of 1,200 nurses, night shifts were linked to weight gain (doi:10.1000/xyz).", []),
 ("Research has shown that walking after meals lowers blood sugar (PMID: 12345678).", []),
 ("Patel et al found no difference between the two doses [1].\n\n"
  "## References\n\n1. Patel R, et al. Dosing study. 2020.", []),
 ("A meta-analysis found benefit in 12 of 15 trials (Zarate et al., 2006).\n\n"
  "## References\n\nZarate CA Jr, et al. A randomized trial. 2006.", []),
 ("Many experts recommend starting with the lowest dose. See the [NICE guideline](https://www.nice.org.uk/ng1).", []),
 ("About 1 in 8 women will develop breast cancer <sup>2</sup>.", []),
 ("Several trials have found benefit:\n\n- [Trial A](https://example.org/a)\n- [Trial B](https://example.org/b)", []),
 ("About 5% of adults have depression in any given year. Source: https://www.who.int/depression", []),
 # --- non-claims (quiet)
 ("Take the tablet with food to avoid an upset stomach.", []),
 ("Ask your doctor before stopping any medicine.", []),
 ("If a study finds a drug works, other teams must repeat it before doctors rely on it.", []),
 ("Do studies show that fish oil helps joint pain?", []),
 ("I think the liquid form is easier for most people.", []),
 ("In my practice, about 20% of patients ask to stop within a month.", []),
 ("I sometimes prescribe a lower dose for older adults.", []),
 ("A meta-analysis is a study that combines the results of many trials.", []),
 ("A cohort study follows a group of people over time.", []),
 ("There is no good evidence that the supplement works.", []),
 ("No studies have shown a benefit from higher doses.", []),
 ("An effect size of 0.2 is considered small and 0.8 is considered large.", []),
 ("It's 100% legal to ask for a second opinion.", []),
 ("Your doctor may lower the dose by 25% if you feel dizzy.", []),
 ("Most people feel better within two weeks.", []),
 ("Here are the steps to follow before your appointment:", []),
 ("Here in the clinic, we see patients every weekday.", []),
 ("This article explains how the vaccine works.", []),
 ("If you join this study, you will get either the drug or a placebo.", []),
 ("This study design is called a crossover trial.", []),
 ("Call 911 if you have chest pain.", []),
 ("The tablets come in 10 mg and 20 mg strengths.", []),
 ("Side effects are usually mild and go away on their own.", []),
 ("Keep the bottle in the fridge and throw it away after 30 days.", []),
 ("It can take a few weeks before you notice any change.", []),
 ("Everyone responds differently, so be patient.", []),
 ("My advice is to start low and go slow.", []),
 ("We don't know yet whether it is safe in pregnancy.", []),
 ("The few studies that exist are small.", []),
 ("Few studies have looked at children.", []),
 ("Over the past few years, more clinics have opened.", []),
 ("The dose makes the poison.", []),
 ("A typical course is six sessions over three weeks.", []),
 ("Researchers are still learning how the drug works.", []),
 ("These side effects usually fade after the first week.", []),
 ("What does a 50% response rate mean?", []),
 ("Call the pharmacy to check whether they stock it.", []),
 ("I've seen this work well for many of my patients.", []),
 # --- dangling references
 ("This 2020 trial found that the drug halved migraine days.", ["CIT001"]),
 ("You can download the leaflet here.", ["CIT001"]),
 ("For details, click here.", ["CIT001"]),
 ("Most patients improved (source).", ["CIT001"]),
 ("This was confirmed in two trials (3, 4).", ["CIT001"]),
 ("This was confirmed in two trials [3, 4].", ["CIT001"]),
 ("This was confirmed in two trials [3, 4].\n\n"
  "## References\n\n3. Lee A. Trial one. 2019.\n4. Kim B. Trial two. 2020.", []),
 ("[This 2020 trial](https://example.org/t) found that the drug halved migraine days.", []),
 ("For details, [click here](https://example.org/d).", []),
 ("A [2019 trial](https://example.org/t) enrolled 60 adults. This trial also measured sleep.", []),
 ("These studies were small, and none lasted more than a month.", ["CIT001"]),
 ("Two small studies found benefit. These studies were short, though.", ["CIT002"]),
 ("Check out this NHS page for more.", ["CIT001"]),
 ("Most people recover within a week [citation needed].", ["CIT001"]),
 # --- quotes
 ("The FDA label states:\n\n> Monitor blood pressure for two hours after each dose.", ["CIT005"]),
 ("The [FDA label](https://example.org/label) states:\n\n> Monitor blood pressure for two hours after each dose.", []),
 ("Keep this in mind:\n\n> **Warning:** do not drive on the day of treatment.", []),
 ("> “Depression is a treatable illness.”\n> — Jane Doe", ["CIT005"]),
 ("Some background.\n\n> A plain quoted paragraph without any sign of a source.", []),
 # --- figures
 ("The results look like this:\n\n![Chart of results](results.png)", []),
 ("The chart below shows the results.\n\nMost people improved.", ["CIT006"]),
 ("The chart below shows the results.\n\n| week | score |\n| --- | --- |\n| 1 | 20 |", []),
 ("As the table above shows, doses vary.\n\nMore text.", ["CIT006"]),
 ("A typical week looks like this:\n\n- Monday: dose\n- Thursday: dose", []),
 ("Here's a typical result:\n\nAbout 40% of patients responded by week two.", ["CIT002"]),
 ("Here's a typical result:\n\n## Next section", ["CIT006"]),
 # --- footnotes and reference links
 ("Half of patients relapse.[^9]", ["CIT007"]),
 ("Half of patients relapse.\n\n[^9]: Lee A. Relapse. 2020.", ["CIT008"]),
 ("See [the trial][t1] for more.", ["CIT010"]),
 ("See [the trial][t1] for more.\n\n[t1]: https://example.org/t1", []),
 # --- pages that speak of themselves, and reference entries
 ("For more, see this helpful guide from the ADHD Foundation.", ["CIT001"]),
 ("This guide explains your options. In this article, we cover the side effects.", []),
 ("Please take this survey about your care. This survey takes 5 minutes.", []),
 ("Weight loss was about 15%.<sup>1</sup>\n\n1. Wilding JPH et al. Semaglutide. N Engl J Med. 2021;384:989.", []),
 ("A review by Kious and colleagues concluded the results were promising.", ["CIT004"]),
 # --- support from around the paragraph
 ("According to the [CDC](https://www.cdc.gov/bp):\n\n- About 1 in 3 adults has high blood pressure.\n"
  "- Only 25% of them have it under control.", []),
 ("According to the CDC:\n\n- About 1 in 3 adults has high blood pressure.", ["CIT002"]),
 ("A [2020 review](https://example.org/r) looked at 40 trials.\n\n"
  "The review found that 60% of patients improved, compared with 30% on placebo.", []),
 ("A [2020 review](https://example.org/r) looked at 40 trials.\n\nAbout 60% of patients improve.", ["CIT002"]),
 ("Snoring is common.[[1]](#cite-note-1) About 40% of adults snore.", []),
 ("As the [Dosing](#dosing) section explains, about 50% of patients need a second dose.", ["CIT002"]),
 ("> “Ketamine changed my life. I finally feel like myself again.”\n>\n> — Sarah, 34", []),
]


def _cit(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.check == "citations"]


@pytest.mark.parametrize(("md", "expected"), CASES, ids=[f"case{i:03d}" for i in range(len(CASES))])
def test_sentence_table(md: str, expected: list[str], lint_md) -> None:
    got = _cit(lint_md(md + "\n", {"select": ["citations"]}))
    assert sorted(f.code for f in got) == sorted(expected), [f"{f.line}:{f.column} {f.code} {f.message}" for f in got]


def test_sentence_table_is_varied() -> None:
    claims = [md for md, exp in CASES if set(exp) & {"CIT002", "CIT003", "CIT004"}]
    silent = [md for md, exp in CASES if not exp]
    cited = [md for md in silent if re.search(r"\]\(|\[\^|doi:|PMID|https?://|<sup>", md)]
    assert len(CASES) >= 60 and len(claims) >= 20 and len(silent) >= 30 and len(cited) >= 8


# --- the ketamine draft ------------------------------------------------------------------------------


def _pos(phrase: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of the ``occurrence``-th appearance of ``phrase`` in the draft.

    "context |target" finds the whole text and returns the position of the part after the bar.
    """
    context, _bar, target = phrase.rpartition("|")
    phrase = context + target
    idx = -1
    for _ in range(occurrence + 1):
        idx = DRAFT_TEXT.index(phrase, idx + 1)
    idx += len(context)
    line = DRAFT_TEXT.count("\n", 0, idx) + 1
    return line, idx - (DRAFT_TEXT.rfind("\n", 0, idx) + 1) + 1


def _covering(findings: list[Finding], code: str, line: int, col: int) -> list[Finding]:
    return [f for f in findings if f.code == code and f.line == line and f.column <= col < f.end_column]


@pytest.fixture(scope="module")
def draft_findings(registry) -> list[Finding]:
    from checks.config import Settings, apply_mapping
    from checks.pipeline import Linter

    settings = Settings()
    apply_mapping(settings, {"select": ["citations"]}, registry, "test")
    return Linter(registry, settings).lint_text("draft/ketamine.md", DRAFT_TEXT).findings


# (code, phrase, occurrence): each must be covered by a finding of that code
DRAFT_EXPECTED = [
    ("CIT001", "This UK survey", 0),
    ("CIT001", "This study did find", 0),
    ("CIT001", "this Journal of Urology article", 0),
    ("CIT001", "(1, 2)", 0),
    ("CIT001", "This meta-analysis looks", 0),
    ("CIT001", "(|source; this is based on 17 patients", 0),
    ("CIT001", "This study supposedly", 0),
    ("CIT001", "this review of it", 0),
    ("CIT001", "Here is an open-label", 0),
    ("CIT001", "(source)", 0),
    ("CIT001", "some of these ideas |here.", 0),
    ("CIT001", "based on |this study, but contradicted", 0),
    ("CIT001", "contradicted by |this study", 0),
    ("CIT005", "In a study by Koffler", 0),
    ("CIT005", "In patients on oral antidepressants", 0),
    ("CIT005", "In four randomized trials", 0),
    ("CIT006", "below table", 0),
    ("CIT006", "Here’s a pretty typical finding", 0),
    ("CIT002", "A meta-analysis finds", 0),
    ("CIT002", "Taiwanese study finds", 0),
    ("CIT002", "effect size of normal antidepressants", 0),
    ("CIT002", "effect size of ketamine is between", 0),
    ("CIT002", "In a |survey of drug experts", 0),
    ("CIT002", "In rats", 0),
    ("CIT002", "One study found", 0),
    ("CIT003", "evidence suggests that getting it", 0),
    ("CIT003", "some studies find", 0),
    ("CIT003", "Some sources note", 0),
    ("CIT003", "increasing evidence suggests", 0),
    ("CIT004", "Zhu et al", 0),
    ("CIT004", "Noppers et al", 0),
    ("CIT004", "Consensus Guidelines On The Use", 0),
]


@pytest.mark.parametrize(("code", "phrase", "occurrence"), DRAFT_EXPECTED, ids=[f"{c}-{p[:24]}" for c, p, _ in
                                                                                 DRAFT_EXPECTED])
def test_draft_expected(draft_findings: list[Finding], code: str, phrase: str, occurrence: int) -> None:
    line, col = _pos(phrase, occurrence)
    assert _covering(draft_findings, code, line, col), (code, phrase, line, col)


def test_draft_errors_are_all_expected(draft_findings: list[Finding]) -> None:
    """Precision on the draft: no error beyond the expected dangling references, quotes and figures."""
    expected = {(c, *_pos(p, n)) for c, p, n in DRAFT_EXPECTED if c in ("CIT001", "CIT005", "CIT006")}
    errors = [f for f in draft_findings if f.severity == "error"]
    unexpected = [f for f in errors if not any(c == f.code and ln == f.line and f.column <= col < f.end_column
                                               for c, ln, col in expected)]
    assert not unexpected, [f"{f.line}:{f.column} {f.code} {f.message}" for f in unexpected]
    assert len(errors) == len(expected)


# advice, instructions, opinions, the author's own experience and negations: no finding may touch them
DRAFT_SILENT = [
    "I sometimes prescribe patients ketamine, but I prefer not do to do this",
    "Please consider using this method instead of spending your life savings",
    "If you already have a psychiatrist, consider asking them if they’re willing to prescribe ketamine.",
    "If you’re a psychiatrist or other MD, please consider prescribing ketamine",
    "They should look for a local compounding pharmacy that has ketamine available.",
    "I think pretty safe, when used responsibly.",
    "None of these concern me enough to stop prescribing normal doses of ketamine to appropriate patients.",
    "Unless you’re really concerned about these side effects, feel free to skip it.",
    "Based on these findings, I’m not especially concerned about urinary risk",
    "In general, I’m not very concerned about this with most patients, for a few reasons.",
    "If you would feel comfortable going out to a bar a few times without worrying about addiction",
    "I would be wary about giving ketamine to patients who are already hypertensive",
    "For everyone else, transient minor hypertension probably isn’t such a big deal.",
    "I’m not sure why everyone insists on giving expensive, complicated, and potentially dangerous IV ketamine",
    "If this is the kind that’s most convenient for you to get, that’s fine",
    "Since different sources give different numbers for oral anyway, I would just err on the side",
    "My point is that ketamine is a compound with a very wide therapeutic index",
    "Have a friend sit with you for these sessions.",
    "Start by spraying one spray of ketamine (= 10 mg) into one nostril.",
    "If something worse happens, or you’re really concerned, call your doctor",
    "Ask your doctor and rely on their common sense and intuition.",
    "I don’t think this is good value for money for anybody on a limited budget",
    "If you’re going to do this illegally, you might want to consider using an actually illegal substance",
    "I would prefer patients not join my practice just to get ketamine",
    "Usually I tell my patients to take this dose twice a week for a month",
    "Remember that case reports often describe rare situations.",
    "There is no high-quality formal evidence about this topic.",
    "There is very little formal evidence about the long-term safety of ketamine.",
    "Here are the instructions I ended up with after asking various experts",
    "Here in the Bay Area, Polaris Health is a very well-regarded provider.",
    "This studies are very preliminary and I don’t think it’s worth taking them too seriously",
    "It’s totally 100% legal to use it for depression instead",
]


@pytest.mark.parametrize("sentence", DRAFT_SILENT, ids=[s[:30] for s in DRAFT_SILENT])
def test_draft_advice_and_opinion_are_silent(draft_findings: list[Finding], sentence: str) -> None:
    line, col = _pos(sentence)
    end = col + len(sentence)
    hits = [f for f in draft_findings if f.line == line and col <= f.column < end]
    assert not hits, [f"{f.line}:{f.column} {f.code} {f.message}" for f in hits]


# the draft with its lost links restored: the dangling references and uncited quotes go away
LINKS = [
    ("This UK survey", "[This UK survey](https://example.org/uk-survey)"),
    ("This study did find", "[This study](https://example.org/rats) did find"),
    ("this Journal of Urology article", "[this Journal of Urology article](https://example.org/juro)"),
    ("(1, 2)", "([1](https://example.org/c1), [2](https://example.org/c2))"),
    ("This meta-analysis looks", "[This meta-analysis](https://example.org/meta) looks"),
    ("(source; this is based", "([source](https://example.org/fig); this is based"),
    ("This study supposedly", "[This study](https://example.org/pess) supposedly"),
    ("this review of it", "[this review](https://example.org/review) of it"),
    ("Here is an open-label, no-placebo study", "Here is [an open-label, no-placebo study](https://example.org/kap)"),
    ("\n(source)\n", "\n([source](https://example.org/kap-home))\n"),
    ("these ideas here.", "these ideas [here](https://example.org/ampa)."),
    ("based on this study, but contradicted by this study",
     "based on [this study](https://example.org/op1), but contradicted by [this study](https://example.org/op2)"),
    ("LiverTox says:", "[LiverTox](https://example.org/livertox) says:"),
    ("UpToDate says that:", "[UpToDate](https://example.org/uptodate) says that:"),
    ("From Side effects associated with ketamine use in depression: a systematic review:",
     "From [Side effects associated with ketamine use in depression: a systematic review](https://example.org/sr):"),
]


def test_linked_draft_has_no_dangling_references(lint_md) -> None:
    text = DRAFT_TEXT
    for old, new in LINKS:
        assert old in text, old
        text = text.replace(old, new, 1)
    got = _cit(lint_md(text, {"select": ["citations"]}))
    codes = [f.code for f in got]
    assert "CIT001" not in codes and "CIT005" not in codes, [f"{f.line} {f.code} {f.message}" for f in got]
    # claims in a paragraph that now carries a link are covered by it
    line, _col = _pos("This UK survey")
    assert not [f for f in got if f.line == line]
    assert codes.count("CIT006") == 2  # the figures are still missing


# --- options and the cue lexicon ---------------------------------------------------------------------


def test_numbered_and_author_year_options(lint_md) -> None:
    md = "Relapse is common (1, 2). Remission rates were 40% (Lee et al., 2020).\n"
    assert sorted(f.code for f in _cit(lint_md(md, {"select": ["citations"]}))) == ["CIT001", "CIT004"]
    opts = {"numbered_citations": "always", "author_year": "always"}
    assert not _cit(lint_md(md, {"select": ["citations"], "citations": opts}))


def test_reference_heading_option(lint_md) -> None:
    md = "About 30% of adults snore [1].\n\n## Literatur\n\n1. Weber K. Schnarchen. 2019.\n"
    assert [f.code for f in _cit(lint_md(md, {"select": ["citations"]}))] == ["CIT001"]
    cfg = {"select": ["citations"], "citations": {"reference_headings": ["literatur"]}}
    assert not _cit(lint_md(md, cfg))


def test_cue_file_adds_and_replaces(lint_md, tmp_path: Path) -> None:
    extra = tmp_path / "cues.yaml"
    extra.write_text("lists:\n  named_resources: [Lorien Wiki]\n", encoding="utf-8")
    md = "This dose is recommended by Lorien Wiki and by UpToDate.\n"
    base = _cit(lint_md(md, {"select": ["citations"]}))
    assert [f.message for f in base] == ['"UpToDate" is cited by name without a link']
    added = _cit(lint_md(md, {"select": ["citations"], "citations": {"cue_file": str(extra)}}))
    assert len(added) == 2
    extra.write_text("replace: [named_resources]\nlists:\n  named_resources: [Lorien Wiki]\n", encoding="utf-8")
    load_lexicon.cache_clear()
    replaced = _cit(lint_md(md, {"select": ["citations"], "citations": {"cue_file": str(extra)}}))
    assert [f.message for f in replaced] == ['"Lorien Wiki" is cited by name without a link']


def test_cue_pattern_that_needs_no_word(lint_md, tmp_path: Path) -> None:
    """A site pattern of names only has no word to pre-filter on: every sentence is still read for it."""
    extra = tmp_path / "cues.yaml"
    extra.write_text("patterns:\n  weasel: ['{Name} :']\n", encoding="utf-8")
    md = "Maria Lopez: the dose is safe.\n"
    assert not _cit(lint_md(md, {"select": ["citations"]}))
    got = _cit(lint_md(md, {"select": ["citations"], "citations": {"cue_file": str(extra)}}))
    assert [f.code for f in got] == ["CIT003"]


def test_pattern_language() -> None:
    lex = load_lexicon()
    rx = compile_pattern("{indefinite} {mod:0-2} {evidence_singular} {any:0-3} {result_verbs}", lex)
    assert rx.search("Yesterday a large new trial of adults found benefit")
    assert not rx.search("a trial of this kind would find benefit")  # "would" ends the gap
    assert not rx.search("the trial found benefit")  # no indefinite determiner
    assert compile_pattern("in {animals} ,", lex).search("In rats, the dose")
    assert compile_pattern("{percent} of {population}", lex).search("about 25 per cent of adults")


@pytest.mark.parametrize(("sentence", "kind"), [
    ("No studies have shown a benefit.", None),
    ("Studies have not shown a benefit.", None),
    ("A study would need to follow patients for years.", None),
    ("A review of your medicines found nothing unusual.", None),
    ("Side effects reported by users include nausea.", None),
    ("Some studies have shown a benefit.", "weasel"),
    ("A 2020 study of 300 adults showed a benefit.", "study"),
])
def test_claim_filters(sentence: str, kind: str | None) -> None:
    cues = find_claims(load_lexicon(), read_sentence(sentence))
    assert (cues[0].kind if cues else None) == kind, cues


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9_ '’‘“–-.²é\u0130\u0131\u017f\u212a\n", max_size=16))
def test_sentence_words_are_the_regex_words(sentence: str) -> None:
    """The byte-translation reading of words and tokens gives what the regexes give."""
    read = read_sentence(sentence)
    text = normalise(sentence)
    assert read.words == frozenset(WORD.findall(text.lower()))
    assert read.tokens == frozenset(re.findall(r"\w+", fold_lower(text)))


def test_sentence_make_builds_what_the_constructor_builds() -> None:
    import dataclasses
    import pickle

    fields = ("It’s 5%.", "It's 5%.", "it's 5%.", frozenset({"it's"}), frozenset({"it", "s"}),
              frozenset({"<digit>", "<percent>"}), 3)
    made, built = Sentence.make(*fields), Sentence(*fields)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert vars(made) == vars(built) and list(vars(made)) == list(vars(built))
    assert dataclasses.asdict(made) == dataclasses.asdict(built) and pickle.loads(pickle.dumps(made)) == built
    assert Sentence.make(*fields[:6]) == Sentence(*fields[:6]) and Sentence.make(*fields[:6]).needs is None
    assert made.memo == {} and made.memo is not Sentence.make(*fields).memo
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.raw = "x"  # type: ignore[misc]


_PIECES = ["This study", "here.", "(source)", "(1, 2)", "[1]", "[^1]", "[^x]: def", "Zhu et al", "A study found",
           "50% of patients", "> ", "\n\n", "\n", "- ", "# ", "| a | b |\n|---|---|\n| 1 | 2 |", "![i](x.png)",
           "[l](http://x)", "Studies show", "below table", "looks like this:", "Here's a finding:", "LiverTox says:",
           "`code`", "**b**", "The Effect Of X And Y On Z", "(Smith et al., 2019)", "[t][r]", "[r]: http://x", "’", "é",
           " ", ".", ":", "?", "If", "I think", "\t"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_any_markdown_gives_valid_positions(registry, parts: list[str]) -> None:
    from checks.context import CheckContext
    from checks.document import Document

    text = "".join(parts)
    doc = Document("x.md", text)
    opts = {k: v.get("default") for k, v in registry.settings_schema()["citations"].items()}
    ctx = CheckContext(doc=doc, rules=registry.rules, options=opts)
    citations.run(doc, ctx)
    for f in ctx.findings:
        assert 1 <= f.line <= len(doc.lines) and 1 <= f.column <= len(doc.line_text(f.line)) + 1, (f, text)
        assert (f.end_line, f.end_column) > (f.line, f.column) or f.column == len(doc.line_text(f.line)) + 1


_SCREEN_PIECES = [*_PIECES, "Figure 2", "the table below", "Koffler and colleagues", "Medscape says", "it’s",
                  "In mice, caffeine caused", "A single study showed", "this guide", "this guideline", "(see source)",
                  "¹", "ſtudy", "30% of", "Research has shown", "K", "Guide To The Best Of Care", "(Lee, 2020)",
                  "1 in 10"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SCREEN_PIECES), max_size=20))
def test_screen_is_conservative(parts: list[str]) -> None:
    """A sentence the screen clears holds nothing any finder finds (the screen only saves reading it)."""
    from checks.citation_deictics import find_deictics
    from checks.citation_figures import find_figure_promises
    from checks.citation_marks import author_year_marks
    from checks.citation_named import find_named_sources
    from checks.citation_page import Page
    from checks.citation_screen import block_screens
    from checks.citation_single_study import single_study_cues
    from checks.document import Document

    doc = Document("x.md", " ".join(parts))
    lex = load_lexicon()
    page = Page(doc=doc, lex=lex, has_reference_list=False, reference_blocks=set(), author_year_always=False,
                numbered_always=False, own_nouns=frozenset())
    for block in doc.blocks:
        for (s, e), sc in zip(block.sentences or [(0, len(block.text))], block_screens(page, block), strict=True):
            sent = read_sentence(block.text[s:e])
            found = (find_deictics(lex, sent), find_named_sources(lex, sent), author_year_marks(sent.raw),
                     find_claims(lex, sent), find_figure_promises(lex, sent), single_study_cues(lex, sent))
            for flag, cues in zip(sc, found, strict=True):
                assert flag or not cues, (block.text[s:e], sc, found)



_CASE_ODDITIES = ["ſtudies", "İn rats,", "KIDS", "٣0% of adults", "STUDIES SHOW", "Science ſays", "(In mice,"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_SCREEN_PIECES, *_CASE_ODDITIES]), max_size=12))
def test_first_character_look_keeps_matches(parts: list[str]) -> None:
    """Each compiled cue pattern opens with a look at the first character: it finds what it finds without."""
    lex = load_lexicon()
    text = " ".join(parts)
    for name in lex.pattern_src:
        for rx in lex.patterns(name):
            assert rx.pattern.startswith("(?=[")
            plain = re.compile(rx.pattern[rx.pattern.index(r"(?<![\w-])"):], re.I)
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]

def test_positions_use_code_points(lint_md) -> None:
    md = "Café notes — “quoted” text. This 2019 trial found benefit.\n"
    got = _cit(lint_md(md, {"select": ["citations"]}))
    assert [(f.code, f.line, f.column, f.end_column) for f in got] == [("CIT001", 1, 29, 44)]


def test_yaml_words_that_yaml_1_1_reads_as_booleans_stay_words(tmp_path: Path) -> None:
    # an unquoted no, on, yes or off is a word in a word list, not True or False: "no" is a negator,
    # "on" a stop word, "On" a title function word
    from checks.registry import load_yaml

    lex = load_lexicon()
    assert "no" in lex.words("negators") and "no" in lex.words("gap_stop_words")
    assert {"no", "on"} <= lex.words("stop_words")
    assert "On" in lex.get("title_function_words")
    assert not [name for name in lex.lists if {"true", "false"} & lex.words(name)]
    data = tmp_path / "site.yaml"
    data.write_text("words: [yes, no, on, off, On, NO]\nflags: [true, False, TRUE]\n", encoding="utf-8")
    assert load_yaml(data) == {"words": ["yes", "no", "on", "off", "On", "NO"], "flags": [True, False, True]}
