"""Typos family: what LanguageTool sees, the vocabulary, the result cache, faults, and the real server.

Tests without a mark use an in-process stand-in HTTP server that answers like LanguageTool (it flags
"teh"), so the wiring, batching, cache and fault paths run everywhere. Tests marked `languagetool` run
against the real server of the session fixture in conftest.py.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from checks import typos_cache, typos_engine
from checks.config import Settings, apply_mapping
from checks.document import Document
from checks.fixes import plan_fixes
from checks.languagetool import LanguageToolUnavailable, LTMatch, paths
from checks.languagetool import client as lt_client
from checks.languagetool.fetch import LANGUAGE_MODULES
from checks.languagetool.server import ServerState
from checks.pipeline import FileResult, Linter
from checks.registry import Registry
from checks.typos import code_for
from checks.typos_cache import ResultCache
from checks.typos_engine import STATS, batches, split_matches
from checks.typos_grammar import slips
from checks.typos_text import PLACEHOLDER, prose_texts
from checks.typos_vocab import Vocabulary, WordJudge, cited_names, is_abbreviation, medical_words

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "draft" / "ketamine.md"


# --- a stand-in LanguageTool ---------------------------------------------------------------------


class StandIn:
    """Answers /v2/info, /v2/languages, /v2/healthcheck and /v2/check (flags every "teh") like LanguageTool."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.checks: list[dict[str, str]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def reply(self, body: Any) -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                answers = {"/v2/healthcheck": "OK",
                           "/v2/info": {"software": {"name": "LanguageTool", "version": "0.0-stand-in"}},
                           "/v2/languages": [{"name": "English (US)", "code": "en", "longCode": "en-US"}]}
                if self.path in answers:
                    self.reply(answers[self.path])
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                params = {k: v[0] for k, v in form.items()}
                stand_in.checks.append(params)
                time.sleep(stand_in.delay)
                text, matches, start = params["text"], [], 0
                while (hit := text.find("teh", start)) >= 0:
                    start = hit + 3
                    if "TEH_RULE" in params.get("disabledRules", ""):
                        continue
                    matches.append({
                        "offset": len(text[:hit].encode("utf-16-le")) // 2, "length": 3,  # UTF-16 units
                        "message": "Possible spelling mistake found.", "replacements": [{"value": "the"}],
                        "rule": {"id": "TEH_RULE", "description": "d", "issueType": "misspelling",
                                 "category": {"id": "TYPOS", "name": "Possible Typo"}}})
                self.reply({"software": {"version": "0.0-stand-in"}, "matches": matches})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    server = StandIn()
    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", server.url)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own result cache folder."""
    folder = tmp_path / "medlint-cache"
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(folder))
    return folder / "typos"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lint(text: str, config: dict[str, Any] | None = None, path: str = "page.md") -> FileResult:
    registry = Registry()
    settings = Settings()
    apply_mapping(settings, {"select": ["typos"], **(config or {})}, registry, "test")
    return Linter(registry, settings).lint_text(path, text)


def _loc(text: str, context: str, word: str = "teh", code: str = "TYP001") -> tuple[int, int, int, str]:
    """(line, column, end column, code) of `word` inside the first `context` in `text`."""
    at = text.index(context) + context.index(word)
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1, at - line_start + 1 + len(word), code


def where(result: FileResult) -> list[tuple[int, int, int, str]]:
    return [(f.line, f.column, f.end_column, f.code) for f in result.findings]


# --- the text LanguageTool sees ------------------------------------------------------------------


def test_prose_text_strips_markup_and_hides_code_and_urls() -> None:
    doc = Document("x.md", "A **very** good [stduy](https://u.rl/teh) ran `teh cmd` at <https://teh.org>, "
                           "word<br>next.\n")
    (pt,) = prose_texts(doc)
    assert pt.text == f"A very good stduy ran {PLACEHOLDER} at {PLACEHOLDER}, word next."
    block = doc.blocks[pt.block]
    a = pt.text.index("stduy")
    span = pt.plain_range(a, a + 5)
    assert span is not None
    start, end = block.source_span(*span)
    assert doc.text[start:end] == "stduy"
    x = pt.text.index(PLACEHOLDER)
    assert pt.plain_range(x - 1, x + 1) is None  # a match touching the placeholder is dropped
    assert pt.plain_range(pt.text.index("word next") + 4, pt.text.index("word next") + 5) is None


def test_prose_text_collapses_space_runs_and_skips_blocks_without_letters() -> None:
    doc = Document("x.md", "Two   spaces\there.\n\n| 1 | 2 |\n|---|---|\n| 3 | 4 |\n\n`only code`\n")
    texts = prose_texts(doc)
    assert [t.text for t in texts] == ["Two spaces here."]


def test_batches_and_split_back_by_paragraph() -> None:
    assert batches([5, 5, 5, 30, 5], 14) == [[0, 1], [2], [3], [4]]
    parts = ["teh one", "two teh", "three"]
    joined = typos_engine.SEPARATOR.join(parts)

    def match(offset: int, length: int) -> LTMatch:
        return LTMatch(offset=offset, length=length, text=joined[offset:offset + length], rule_id="R",
                       rule_description="", category_id="TYPOS", category_name="", issue_type="misspelling",
                       message="m", short_message="", replacements=[])

    second = joined.index("teh", 3)
    across = joined.index("one")
    out = split_matches(parts, [match(0, 3), match(second, 3), match(across, 8)])
    assert [[(m["offset"], m["text"]) for m in ms] for ms in out] == [[(0, "teh")], [(4, "teh")], []]


# --- vocabulary and pattern rules ---------------------------------------------------------------


def test_vocabulary_accepts_case_inflections_and_compounds() -> None:
    vocab = Vocabulary(["Spravato", "troche", "SSRI", "NMDA", "mTOR"])
    for word in ("spravato", "Spravato’s", "troches", "SSRIs", "MTOR", "NMDA-mTOR", "5-NMDA", "“Spravato”"):
        assert vocab.accepts(word), word
    for word in ("Spravatto", "troch", "NMDA-recepter", "", "s"):
        assert not vocab.accepts(word), word


def test_judge_abbreviations_cited_names_and_compound_parts() -> None:
    assert is_abbreviation("KAP") and is_abbreviation("SNRIs") and is_abbreviation("CYP2B6")
    assert not is_abbreviation("OFFICIALLY") and not is_abbreviation("Koffler") and not is_abbreviation("A1")
    names = cited_names(["In Acevedo-Diaz et al’s study", "Koffler and colleagues and Smith & Jones et al. found"])
    assert names == {"Acevedo-Diaz", "Koffler", "Smith", "Jones"}
    judge = WordJudge(Vocabulary(["NMDA"]), names)
    assert judge.known("Koffler’s") and judge.known("KAP") and not judge.known("Kofler")
    assert judge.unknown_parts("NMDA-receptor") == ["receptor"]
    assert judge.unknown_parts("Koffler-style") == ["style"]
    assert judge.unknown_parts("treatment-resistant") is None  # no known part: LanguageTool decides
    assert judge.unknown_parts("lowdose") is None
    assert WordJudge(Vocabulary([]), abbreviations=False).known("KAP") is False


def test_medical_vocabulary_loads_and_covers_the_drafts_medical_words() -> None:
    words = {w.casefold() for w in medical_words()}
    assert len(words) > 300
    for word in ("esketamine", "spravato", "troche", "hydroxynorketamine", "hepatotoxicity", "cystitis", "mtor",
                 "bdnf", "ampa", "nmda", "anaesthesiologist", "anaesthetist", "uptodate", "livertox", "kap",
                 "cholestatic", "urotoxicity", "dyspnea"):
        assert word in words, word


def test_code_for_maps_categories() -> None:
    def m(cat: str, issue: str = "", text: str = "x", reps: tuple[str, ...] = ()) -> LTMatch:
        return LTMatch(offset=0, length=1, text=text, rule_id="R", rule_description="", category_id=cat,
                       category_name="", issue_type=issue, message="", short_message="", replacements=list(reps))

    assert code_for(m("TYPOS")) == "TYP001"
    assert code_for(m("TYPOS", text="eg", reps=("e.g.", "EG"))) == "TYP003"  # only the periods are missing
    assert code_for(m("GRAMMAR")) == "TYP002"
    assert code_for(m("CONFUSED_WORDS")) == "TYP002"
    assert code_for(m("TYPOGRAPHY")) == "TYP003"
    assert code_for(m("PUNCTUATION")) == "TYP003"
    assert code_for(m("SOMETHING_NEW", "misspelling")) == "TYP001"
    assert code_for(m("SOMETHING_NEW", "style")) == "TYP003"
    assert code_for(m("SOMETHING_NEW", "grammar")) == "TYP002"


def _typ004_options(registry: Registry) -> dict[str, object]:
    return registry.rules["TYP004"].extra["options"]


@pytest.mark.parametrize("text", [
    "I prefer not do to do this.", "She decided not go.", "He was told not eat anything.",
    "They tried not take it.", "We were advised not drive.", "I chose not use it.",
])
def test_missing_to_finds(text: str, registry: Registry) -> None:
    assert [text[s.start:s.end] for s in slips(text, _typ004_options(registry))]


@pytest.mark.parametrize("text", [
    "I prefer not to do this.", "You need not worry.", "I would rather not go.", "Let them not go.",
    "Why does the plan not work?", "Did your request not go through?", "We decided not to go, not go.",
    "You had better not drive.", "It helped not only patients.", "I want not money but time.",
    "They decided, not go-karting, but a walk.",
])
def test_missing_to_stays_quiet(text: str, registry: Registry) -> None:
    assert not list(slips(text, _typ004_options(registry)))


# --- the result cache ---------------------------------------------------------------------------


def test_cache_round_trip_and_corrupt_file_is_rebuilt(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "6.8", "abc")
    assert cache.get_many(["k"]) == {}
    cache.put_many({"k": [{"offset": 1}], "e": []})
    assert ResultCache(tmp_path, "6.8", "abc").get_many(["k", "e", "x"]) == {"k": [{"offset": 1}], "e": []}
    cache.close()
    cache.path.write_bytes(b"this is not a database" * 100)
    rebuilt = ResultCache(tmp_path, "6.8", "abc")
    assert rebuilt.get_many(["k"]) == {}
    rebuilt.put_many({"k": []})
    assert ResultCache(tmp_path, "6.8", "abc").get_many(["k"]) == {"k": []}


def test_cache_in_an_unwritable_place_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ResultCache(blocker / "sub", "6.8", "abc")  # a folder below a file cannot exist
    cache.put_many({"k": []})
    assert cache.get_many(["k"]) == {}


def test_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typos_cache, "MAX_ROWS", 10)
    cache = ResultCache(tmp_path, "6.8", "abc")
    for i in range(30):
        cache.put_many({f"k{i}": []})
    (count,) = sqlite3.connect(cache.path).execute("SELECT count(*) FROM results").fetchone()
    assert count <= 10
    assert "k29" in cache.get_many(["k29"])


def test_cache_keeps_few_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typos_cache, "MAX_FILES", 3)
    for i in range(6):
        ResultCache(tmp_path, f"6.{i}", "abc").put_many({"k": []})
        time.sleep(0.01)
    assert len(list(tmp_path.glob("lt-*.sqlite3"))) == 3


def _write_many(folder: str, worker: int) -> None:
    cache = ResultCache(Path(folder), "6.8", "abc")
    for i in range(40):
        cache.put_many({f"w{worker}-{i}": [{"offset": i}]})
        cache.get_many([f"w{(worker + 1) % 4}-{i}"])


def test_cache_is_safe_for_parallel_processes(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(tmp_path), w)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    keys = [f"w{w}-{i}" for w in range(4) for i in range(40)]
    found = ResultCache(tmp_path, "6.8", "abc").get_many(keys)
    assert len(found) >= 150  # a write that met a busy database may be skipped, never corrupted


# --- the family against a stand-in server -------------------------------------------------------


PAGE = ("# The teh title\n\nFirst **teh** paragraph with `teh code` and [teh link](https://teh.example).\n\n"
        "😀 Second paragraph: teh end.\n\n- a list item with teh\n")


def test_positions_batches_and_what_is_sent(stand_in: StandIn) -> None:
    result = lint(PAGE, {"typos": {"batch_chars": 40}})
    assert not result.problems
    assert where(result) == [_loc(PAGE, context) for context in
                             ("The teh title", "**teh**", "[teh link", "teh end", "with teh")]
    assert all(f.suggestion == "did you mean “the”?" and "[TEH_RULE]" in f.message for f in result.findings)
    sent = [c["text"] for c in stand_in.checks]
    assert len(sent) > 1 and all(len(t) <= 40 or "\n\n" not in t for t in sent)
    assert not any("code" in t or "https" in t for t in sent)


def test_cache_hits_and_misses(stand_in: StandIn) -> None:
    lint(PAGE)
    first = len(stand_in.checks)
    assert first == 1
    again = lint(PAGE)
    assert len(stand_in.checks) == first  # unchanged: nothing asked
    assert len(again.findings) == 5
    typos_engine._ENGINES.clear()  # a new process: the cache on disk is enough
    lint(PAGE)
    assert len(stand_in.checks) == first
    edited = PAGE.replace("Second paragraph", "Second, edited paragraph")
    result = lint(edited)
    assert len(stand_in.checks) == first + 1
    assert stand_in.checks[-1]["text"] == "😀 Second, edited paragraph: teh end."  # only that paragraph
    assert _loc(edited, "teh end") in where(result)


def test_rule_selection_is_sent_and_keys_the_cache(stand_in: StandIn) -> None:
    lint(PAGE)
    result = lint(PAGE, {"typos": {"extend_disabled_rules": ["teh_rule"], "language": "en-GB"}})
    assert len(stand_in.checks) == 2
    params = stand_in.checks[-1]
    assert "TEH_RULE" in params["disabledRules"] and "COMMA_COMPOUND_SENTENCE" in params["disabledRules"]
    assert params["language"] == "en-GB" and params["level"] == "default"
    assert not result.findings


def test_severity_off_and_regrade_without_asking_again(stand_in: StandIn) -> None:
    lint(PAGE)
    assert not lint(PAGE, {"typos": {"rule_severity": {"TEH_RULE": "off"}}}).findings
    graded = lint(PAGE, {"typos": {"rule_severity": {"TYPOS": "error"}}})
    assert {f.severity for f in graded.findings} == {"error"}
    assert len(stand_in.checks) == 1


def test_bad_setting_is_one_problem(stand_in: StandIn) -> None:
    result = lint(PAGE, {"typos": {"rule_severity": {"TEH_RULE": "loud"}}})
    assert [p.kind for p in result.problems] == ["input"]
    assert "rule_severity" in result.problems[0].message


# --- faults: one bounded, clear setup problem ---------------------------------------------------


def _incomplete(result: FileResult) -> str:
    assert [p.kind for p in result.problems] == ["incomplete"], result.problems
    message = result.problems[0].message
    assert "\n" not in message and message.startswith("typos: LanguageTool is not available")
    return message


def test_server_down_is_reported_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", f"http://127.0.0.1:{_closed_port()}")
    started = time.monotonic()
    message = _incomplete(lint(PAGE))
    assert time.monotonic() - started < 5
    assert "not reachable" in message and "medlint languagetool start" in message


def test_slow_server_is_bounded(stand_in: StandIn) -> None:
    stand_in.delay = 5.0
    started = time.monotonic()
    message = _incomplete(lint(PAGE, {"typos": {"request_timeout": 0.5}}))
    assert time.monotonic() - started < 3
    assert "did not answer within 0.5 s" in message


def test_server_killed_mid_run(stand_in: StandIn) -> None:
    registry = Registry()
    settings = Settings()
    apply_mapping(settings, {"select": ["typos"], "typos": {"request_timeout": 2}}, registry, "test")
    linter = Linter(registry, settings)
    assert linter.lint_text("one.md", "One teh.\n").findings
    stand_in.stop()
    second = linter.lint_text("two.md", "Two teh.\n")
    _incomplete(second)
    third = linter.lint_text("three.md", "Three teh.\n")  # reported once per run, not per file
    assert not third.problems and not third.findings


def test_jars_missing_names_the_fix(isolated_lt_home: Path) -> None:
    started = time.monotonic()
    message = _incomplete(lint(PAGE))
    assert "medlint languagetool fetch" in message
    assert time.monotonic() - started < 5


def test_java_missing_names_the_fix(isolated_lt_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    libs = paths.libs_dir("6.8", isolated_lt_home)
    libs.mkdir(parents=True)
    (libs / "languagetool-server.jar").write_bytes(b"stand-in")
    paths.marker_file("6.8", isolated_lt_home).write_text(json.dumps(
        {"version": "6.8", "modules": list(LANGUAGE_MODULES), "jars": ["languagetool-server.jar"]}))
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    started = time.monotonic()
    message = _incomplete(lint(PAGE))
    assert "Java not found" in message and "Java >= 17" in message
    assert time.monotonic() - started < 5


def test_unchanged_file_needs_no_running_server(stand_in: StandIn, isolated_lt_home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A local server's answers are cached under its version; with all paragraphs cached none is needed."""
    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", stand_in.url)
    first = lint(PAGE)
    assert len(first.findings) == 5
    monkeypatch.delenv("MEDLINT_LANGUAGETOOL_URL")
    stand_in.stop()
    state = ServerState(url=f"http://127.0.0.1:{_closed_port()}", port=1, pid=2**22 + 1, supervisor_pid=2**22 + 2,
                        version="0.0-stand-in", classpath="", started_at=0.0, idle_timeout=None)
    isolated_lt_home.mkdir(parents=True, exist_ok=True)
    paths.state_file(isolated_lt_home).write_text(json.dumps(asdict(state)))
    again = lint(PAGE)
    assert not again.problems and where(again) == where(first)
    changed = lint(PAGE + "\nA new teh paragraph.\n")
    assert _incomplete(changed)


def test_opt_in_download_says_what_it_fetches(isolated_lt_home: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    calls = []

    def no_network(version: str = "6.8") -> None:
        calls.append(version)
        raise LanguageToolUnavailable("language-tool-python could not download LanguageTool 6.8: offline")

    monkeypatch.setattr(lt_client, "fetch_via_ltp", no_network)
    message = _incomplete(lint(PAGE, {"typos": {"allow_download": True}}))
    assert calls == ["6.8"] and "could not download" in message
    assert "about 250 MB, once" in capsys.readouterr().err
    lint("Another page.\n")
    assert calls == ["6.8"]  # off by default: no download without the setting


def _cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "MEDLINT_CACHE_DIR": str(cwd / "cache"), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "checks.cli", "check", *args, "--format", "json"],
                          capture_output=True, text=True, env=full, cwd=cwd, timeout=120)


def test_parallel_jobs_share_the_cache(stand_in: StandIn, tmp_path: Path) -> None:
    for i in range(4):
        (tmp_path / f"p{i}.md").write_text(f"Page {i} has teh slip.\n\nShared teh paragraph.\n", encoding="utf-8")
    names = [f"p{i}.md" for i in range(4)]
    first = _cli([*names, "--jobs", "2"], tmp_path, MEDLINT_LANGUAGETOOL_URL=stand_in.url)
    assert first.returncode == 0, first.stderr
    findings = json.loads(first.stdout)["findings"]
    assert len(findings) == 8 and {f["path"] for f in findings} == set(names)
    asked = len(stand_in.checks)
    again = _cli([*names, "--jobs", "2"], tmp_path, MEDLINT_LANGUAGETOOL_URL=stand_in.url)
    assert again.stdout == first.stdout and len(stand_in.checks) == asked


def test_cli_exit_code_3_and_other_checks_still_run(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# A\n\nSee [there](#nowhere) for teh details.\n", encoding="utf-8")
    done = _cli([str(page)], tmp_path, MEDLINT_LANGUAGETOOL_URL=f"http://127.0.0.1:{_closed_port()}")
    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout)
    assert "ANC001" in done.stdout and "LanguageTool is not available" in json.dumps(report)


# --- the real LanguageTool ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FileResult]:
    """The draft linted once for the tests that only read the findings."""
    old = os.environ.get("MEDLINT_CACHE_DIR")
    os.environ["MEDLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("draft-cache"))
    try:
        yield lint(DRAFT.read_text(encoding="utf-8"), path="draft/ketamine.md")
    finally:
        if old is None:
            os.environ.pop("MEDLINT_CACHE_DIR", None)
        else:
            os.environ["MEDLINT_CACHE_DIR"] = old


@pytest.mark.languagetool
def test_draft_slips_are_found_at_their_positions(draft_result: FileResult) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    result = draft_result
    assert not result.problems
    got = {(f.line, f.column): f for f in result.findings}
    expected = [  # (the slip as written, where the finding starts inside it, code, LanguageTool rule)
        ("have get anything", "get", "TYP002", "HAVE_PART_AGREEMENT"),
        ("long0term", "long0term", "TYP001", "NUMBERS_IN_WORDS"),
        ("hepatoxicity", "hepatoxicity", "TYP001", "MORFOLOGIK_RULE_EN_US"),
        ("lowdose", "lowdose", "TYP001", "MORFOLOGIK_RULE_EN_US"),
        ("treatmentresistant", "treatmentresistant", "TYP001", "MORFOLOGIK_RULE_EN_US"),
        ("followup", "followup", "TYP001", "MORFOLOGIK_RULE_EN_US"),
        ("This studies are", "This", "TYP002", "THIS_NNS"),
        ("are , talk", " ,", "TYP003", "COMMA_PARENTHESIS_WHITESPACE"),
        ("prefer not do to do", "not do to do", "TYP004", "medlint"),
    ]
    for slip, part, code, rule in expected:
        at = text.index(slip) + slip.index(part)
        loc = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
        assert loc in got, (slip, loc)
        assert got[loc].code == code and rule in got[loc].message, got[loc]
    assert text.count("hepatoxicity") == sum(1 for f in result.findings if "“hepatoxicity”" in f.message)


@pytest.mark.languagetool
def test_no_finding_on_the_drafts_correct_medical_words(draft_result: FileResult) -> None:
    flagged = " ".join(f.message for f in draft_result.findings if f.code == "TYP001")
    for word in ("esketamine", "Esketamine", "Spravato", "troche", "hydroxynorketamine", "hepatotoxicity",
                 "cystitis", "mTOR", "BDNF", "AMPA", "NMDA", "anaesthesiologist", "anaesthetist", "UpToDate",
                 "LiverTox", "KAP", "Koffler", "Murrough", "Noppers", "Acevedo-Diaz", "cholestatic", "urotoxicity",
                 "dyspnea"):
        assert f"“{word}”" not in flagged, word


@pytest.mark.languagetool
def test_every_vocabulary_word_passes() -> None:
    words = sorted(set(medical_words()))
    page = "\n\n".join(f"We talked about {word} today." for word in words) + "\n"
    result = lint(page, {"select": ["TYP001"]})
    assert not result.problems
    assert not result.findings, [f.message for f in result.findings][:10]


@pytest.mark.languagetool
def test_project_words_from_config_and_file(tmp_path: Path) -> None:
    page = "The Lorien clinic and the Substack post.\n"
    assert {f.code for f in lint(page).findings} == {"TYP001"}
    assert not lint(page, {"typos": {"words": ["lorien", "Substack"]}}).findings
    (tmp_path / "words.txt").write_text("# our words\nLorien\nSubstack  # a platform\n")
    registry = Registry()
    settings = Settings(base_dir=tmp_path)
    apply_mapping(settings, {"select": ["typos"], "typos": {"words_file": "words.txt"}}, registry, "test")
    assert not Linter(registry, settings).lint_text("p.md", page).findings


@pytest.mark.languagetool
def test_real_server_cache_asks_only_about_the_edited_paragraph() -> None:
    text = DRAFT.read_text(encoding="utf-8")
    lint(text)
    before = STATS.requests
    lint(text)
    assert STATS.requests == before
    lint(text.replace("Pretty effective.", "Pretty effective, on the whole."))
    assert STATS.requests == before + 1


@pytest.mark.languagetool
def test_whitespace_fix_is_applied(tmp_path: Path, registry: Registry) -> None:
    page = tmp_path / "page.md"
    page.write_text("If you are , talk to your doctor.\n", encoding="utf-8")
    result = lint(page.read_text(encoding="utf-8"), path=str(page))
    plan = plan_fixes(str(page), result.findings, registry)
    assert plan is not None and plan.new_text == "If you are, talk to your doctor.\n"
    spelling = lint("A tset.\n")
    assert spelling.findings and not any(f.fix for f in spelling.findings)
