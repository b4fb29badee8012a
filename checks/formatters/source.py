"""The text of a checked file as the checks saw it, and paths as reports show them.

Formatters that show source (html) or turn edit offsets into positions (sarif) read the
file again: decoded like the pipeline does, BOM removed, newlines normalised to LF, so
offsets, lines and columns agree with the findings'.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

from checks.finding import Finding
from checks.parsing import normalize_newlines
from checks.pipeline import read_markdown


class SourceText:
    def __init__(self, text: str) -> None:
        self.text = normalize_newlines(text[1:] if text.startswith("\ufeff") else text)
        self.lines = self.text.split("\n")
        self._starts = [0]
        for line in self.lines[:-1]:
            self._starts.append(self._starts[-1] + len(line) + 1)

    @classmethod
    def load(cls, path: str) -> SourceText | None:
        """The file's text, or None when it cannot be read as the pipeline reads it."""
        text, problem = read_markdown(path)
        return None if problem is not None or text is None else cls(text)

    def loc(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of a source offset."""
        offset = min(max(offset, 0), len(self.text))
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def agrees_with(self, findings: Iterable[Finding]) -> bool:
        """True when every finding's context line is still the file's line (the file did not change)."""
        return all(f.context == self.line(f.line) for f in findings)


def report_path(path: str) -> str:
    """A path as annotations and SARIF name it: relative to the working folder when inside it, with '/'."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return p.as_posix()
    return p.as_posix()
