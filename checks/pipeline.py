"""Read files, parse once, run the enabled check families, apply suppressions.

One bad file never stops the others: problems with a file (unreadable, binary,
not UTF-8, broken front matter) become ``Problem`` entries of the report.
"""

from __future__ import annotations

import fnmatch
import gc
import multiprocessing
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checks.config import Settings
from checks.context import CheckContext, CheckIncomplete, Verified
from checks.document import Document
from checks.finding import FINDING_ORDER, SEVERITY_RANK, Finding
from checks.registry import Registry, RuleError
from checks.safe_regex import PatternError
from checks.suppress import parse_suppressions

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """Something that kept medlint from checking all it should (exit code 2 or 3)."""

    path: str
    line: int
    column: int
    message: str
    kind: str = "input"  # "input" (exit 2) or "incomplete" (exit 3)


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)
    unused_suppressions: list[Problem] = field(default_factory=list)
    checked: bool = False


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to one checked file

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for r in self.files for p in r.problems]

    @property
    def verified(self) -> list[Verified]:
        return [v for r in self.files for v in r.verified]

    @property
    def unused_suppressions(self) -> list[Problem]:
        return [p for r in self.files for p in r.unused_suppressions]

    @property
    def files_checked(self) -> int:
        return sum(1 for r in self.files if r.checked)

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        """Findings by severity and by check family."""
        findings = self.findings
        return Counter(f.severity for f in findings), Counter(f.check for f in findings)

    def exit_code(self, fail_on: str) -> int:
        by_severity, _ = self.counts()
        return exit_code(self.all_problems, by_severity, fail_on)


def exit_code(problems: list[Problem], by_severity: Counter[str], fail_on: str) -> int:
    """2 for input errors, 3 for an incomplete report, 1 for findings at or above ``fail_on``, else 0."""
    if any(p.kind == "input" for p in problems):
        return 2
    if problems:
        return 3
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(n and SEVERITY_RANK[sev] >= threshold for sev, n in by_severity.items()) else 0


@dataclass
class Tally:
    """What a streamed run keeps: counts, problems and notes, never the findings themselves."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_check: Counter[str] = field(default_factory=Counter)
    verified: list[Verified] = field(default_factory=list)
    unused_suppressions: list[Problem] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.files_checked += result.checked
        self.problems.extend(result.problems)
        self.verified.extend(result.verified)
        self.unused_suppressions.extend(result.unused_suppressions)
        for f in result.findings:
            self.by_severity[f.severity] += 1
            self.by_check[f.check] += 1

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        return self.by_severity, self.by_check

    def exit_code(self, fail_on: str) -> int:
        return exit_code(self.problems, self.by_severity, fail_on)


def expand_paths(paths: list[str], settings: Settings) -> tuple[list[str], list[Problem]]:
    """Markdown files named or found under folders, sorted, with problems for bad paths."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            problems.append(Problem(raw, 0, 0, "no such file or folder"))
            continue
        if p.is_dir():
            found = _walk_folder(p, settings)
            if not found:
                problems.append(Problem(raw, 0, 0, "folder has no Markdown files"))
            candidates = found
        else:
            candidates = [str(p)]
        for c in candidates:
            key = os.path.realpath(c)
            if key not in seen:
                seen.add(key)
                files.append(c)
    return files, problems


def _walk_folder(folder: Path, settings: Settings) -> list[str]:
    out: list[str] = []
    visited: set[str] = set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:  # a symlink loop
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(os.path.join(root, d), settings))
        for name in sorted(names):
            full = os.path.join(root, name)
            if name.lower().endswith(MARKDOWN_SUFFIXES) and not _excluded(full, settings):
                out.append(full)
    return out


def _excluded(path: str, settings: Settings) -> bool:
    norm = path.replace(os.sep, "/")
    return any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(os.path.basename(norm), pat)
               for pat in settings.exclude)


def read_markdown(path: str) -> tuple[str | None, Problem | None]:
    """Decode a file as UTF-8 (a UTF-16 BOM is honoured); problems say why not."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(path, 0, 0, "not a regular file (a pipe, device or socket); skipped")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(path, 0, 0, f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, Problem(path, 0, 0, f"cannot read: {exc.strerror or exc}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            return None, Problem(path, 0, 0, f"invalid UTF-16 at byte {exc.start}")
    if b"\x00" in data[:8192]:
        return None, Problem(path, 0, 0, "binary file (contains NUL bytes), not Markdown")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(path, line, col, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}")
    if "\x00" in text:
        return None, Problem(path, 0, 0, "binary file (contains NUL bytes), not Markdown")
    return text, None


class Linter:
    """Runs the enabled families on documents. Build once, use for many files."""

    def __init__(self, registry: Registry, settings: Settings) -> None:
        self.registry = registry
        self.settings = settings
        self.enabled = settings.enabled_codes(registry)
        self.severity = settings.severity_for(registry)
        self.families = [f for f in registry.families()
                         if any(registry.rules[c].family == f for c in self.enabled)]
        self._incomplete: dict[str, str] = {}  # family -> reason, reported once per run
        self._family_options: dict[str, dict[str, Any]] = {}

    def lint_text(self, path: str, text: str) -> FileResult:
        with _collection_paused():
            return self._lint_text(path, text)

    def _lint_text(self, path: str, text: str) -> FileResult:
        result = FileResult(path)
        try:
            doc = Document(path, text, slugger=self.settings.slugger)
        except RecursionError:
            result.problems.append(Problem(path, 0, 0, "Markdown nested too deeply to parse (over ~200 levels)"))
            return result
        if doc.front_matter_error is not None:
            err = doc.front_matter_error
            result.problems.append(Problem(path, err.line, err.column, str(err)))
        enabled = self.enabled - self._file_ignores(path)
        findings: list[Finding] = []
        for family in self.families:
            if family in self._incomplete:
                continue
            ctx = CheckContext(doc=doc, rules=self.registry.rules, options=self._options(family),
                               settings=self.settings)
            try:
                self.registry.module(family).run(doc, ctx)
            except CheckIncomplete as exc:
                self._incomplete[family] = str(exc)
                result.problems.append(Problem(path, 0, 0, f"{family}: {exc}", kind="incomplete"))
                findings.extend(f for f in ctx.findings if f.code in enabled)  # what it found before
                continue
            except (RuleError, PatternError) as exc:  # broken data in rules/ or config
                self._incomplete[family] = str(exc)
                result.problems.append(Problem(path, 0, 0, f"{family}: {exc}"))
                continue
            except RecursionError:
                result.problems.append(Problem(path, 0, 0, f"{family}: structure nested too deeply to check"))
                continue
            except Exception as exc:  # a bug: report it as one line and go on with the other checks
                if os.environ.get("MEDLINT_DEBUG"):
                    raise
                result.problems.append(Problem(path, 0, 0, f"{family}: internal error {type(exc).__name__}: "
                                               f"{exc} (set MEDLINT_DEBUG=1 for a traceback; please report)"))
                continue
            findings.extend(f for f in ctx.findings if f.code in enabled)
            result.verified.extend(ctx.verified)
        findings = drop_shadowed(findings)
        sup = parse_suppressions(doc, self.registry)
        findings = sup.filter(findings)
        for line, col, msg in sup.problems:
            result.problems.append(Problem(path, line, col, msg))
        for d in sup.unused(enabled):
            result.unused_suppressions.append(Problem(path, d.line, d.column, f"unused suppression: {d.text}",
                                                      kind="notice"))
        if self.severity:
            findings = [_with_severity(f, self.severity.get(f.code)) for f in findings]
        result.findings = sorted(set(findings), key=FINDING_ORDER)
        result.checked = True
        _freeze_tables_once()
        return result

    def _options(self, family: str) -> dict[str, Any]:
        if family not in self._family_options:
            self._family_options[family] = self.settings.family_options(family, self.registry)
        return dict(self._family_options[family])

    def lint_file(self, path: str) -> FileResult:
        text, problem = read_markdown(path)
        if problem is not None or text is None:
            result = FileResult(path)
            result.problems.append(problem or Problem(path, 0, 0, "cannot read"))
            return result
        return self.lint_text(path, text)

    def _file_ignores(self, path: str) -> set[str]:
        out: set[str] = set()
        norm = path.replace(os.sep, "/")
        for pattern, sels in self.settings.per_file_ignores.items():
            if fnmatch.fnmatch(norm, pattern) or fnmatch.fnmatch(os.path.basename(norm), pattern):
                for sel in sels:
                    out |= self.registry.resolve(sel)
        return out


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No automatic garbage collection while a page is checked: the parse and the checks make tens of thousands
    of short-lived objects, and the collector would rescan the live ones a few times per page (~1 ms). Reference
    counting still frees them at once; cyclic garbage waits for the first collection after the page."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_tables_frozen = False


def _freeze_tables_once() -> None:
    """After the first page, move what is alive (modules, compiled patterns, vocabularies, pint) out of the
    collector's reach: later full collections then scan only the objects of the page being checked."""
    global _tables_frozen
    if not _tables_frozen:
        _tables_frozen = True
        gc.collect()
        gc.freeze()


def _overlaps(a: Finding, b: Finding) -> bool:
    return (a.line, a.column) < (b.end_line, b.end_column) and (b.line, b.column) < (a.end_line, a.end_column)


def drop_shadowed(findings: list[Finding]) -> list[Finding]:
    """Drop generic style notes (typos at info level) on text a domain family already reports.

    LanguageTool's "16 year old" hyphen or "40-50" dash notes say less than the units family's
    finding on the same words; one finding per slip keeps the report worth reading.
    """
    domain = [f for f in findings if f.check != "typos"]
    if not domain:
        return findings
    return [f for f in findings
            if not (f.check == "typos" and f.severity == "info" and any(_overlaps(f, d) for d in domain))]


def _with_severity(f: Finding, level: str | None) -> Finding:
    if level is None or level == f.severity:
        return f
    return replace(f, severity=level)


_WORKER: Linter | None = None


def _init_worker(root: Path, settings: Settings) -> None:
    global _WORKER
    _WORKER = Linter(Registry(root), settings)


def _lint_in_worker(path: str) -> FileResult:
    assert _WORKER is not None
    return _WORKER.lint_file(path)


def iter_results(files: list[str], registry: Registry, settings: Settings, jobs: int = 1,
                 progress: Callable[[int, int, str], None] | None = None) -> Iterator[FileResult]:
    """Lint ``files`` one after another or in ``jobs`` processes, yielding results in the files' order."""
    jobs = max(1, min(jobs, len(files)))
    if jobs == 1:
        linter = Linter(registry, settings)
        results: Iterable[FileResult] = (linter.lint_file(p) for p in files)
        for i, result in enumerate(results, 1):
            if progress:
                progress(i, len(files), result.path)
            yield result
        return
    ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "forkserver")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(registry.root, settings)) as pool:
        chunk = max(1, min(8, len(files) // (jobs * 8)))
        for i, result in enumerate(pool.imap(_lint_in_worker, files, chunksize=chunk), 1):
            if progress:
                progress(i, len(files), result.path)
            yield result


def lint_paths(paths: list[str], registry: Registry, settings: Settings, jobs: int = 1,
               progress: Callable[[int, int, str], None] | None = None) -> Report:
    """Lint every Markdown file under ``paths`` and keep every result (formats that need the whole run)."""
    files, problems = expand_paths(paths, settings)
    report = Report(problems=problems)
    report.files.extend(iter_results(files, registry, settings, jobs, progress))
    return report
