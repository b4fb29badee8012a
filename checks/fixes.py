"""Applying the safe mechanical fixes rules mark as fixable (``medlint check --fix``).

Edits are offsets into the Document's normalised text; they are mapped back to the
file as read (BOM and CRLF or CR newlines kept). A file is written only if its bytes
are still those that were read, through a temporary file and an atomic rename.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import tempfile
from dataclasses import dataclass

from checks.finding import Edit, Finding
from checks.registry import Registry


@dataclass(frozen=True)
class FixPlan:
    path: str
    original: bytes
    new_text: str
    encoding: str
    applied: int  # number of edits


def original_offsets(original: str) -> list[int]:
    """For each offset of the normalised text (BOM removed, newlines LF), its offset in ``original``."""
    out: list[int] = []
    i = 1 if original.startswith("\ufeff") else 0
    n = len(original)
    while i < n:
        out.append(i)
        if original[i] == "\r" and i + 1 < n and original[i + 1] == "\n":
            i += 2
        else:
            i += 1
    out.append(n)
    return out


def choose_edits(findings: list[Finding], registry: Registry) -> list[Edit]:
    """Edits of fixable rules, in order, dropping any that overlap an earlier one."""
    edits = sorted({e for f in findings if registry.rules[f.code].fixable for e in f.fix},
                   key=lambda e: (e.start, e.end, e.text))
    chosen: list[Edit] = []
    for e in edits:
        if chosen and e.start < chosen[-1].end:
            continue
        chosen.append(e)
    return chosen


def plan_fixes(path: str, findings: list[Finding], registry: Registry) -> FixPlan | None:
    edits = choose_edits(findings, registry)
    if not edits:
        return None
    with open(path, "rb") as fh:
        raw = fh.read()
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = raw.decode(encoding)
    mapping = original_offsets(text)
    pieces: list[str] = []
    pos = 0
    for e in edits:
        a, b = mapping[e.start], mapping[e.end]
        pieces.append(text[pos:a])
        pieces.append(e.text)
        pos = b
    pieces.append(text[pos:])
    return FixPlan(path, raw, "".join(pieces), encoding, len(edits))


def unified_diff(plan: FixPlan) -> str:
    old = plan.original.decode(plan.encoding).splitlines(keepends=True)
    new = plan.new_text.splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{plan.path}", tofile=f"b/{plan.path}"))


def write_fix(plan: FixPlan) -> str | None:
    """Write the fixed text atomically; return a problem message instead if the file changed meanwhile."""
    with open(plan.path, "rb") as fh:
        current = fh.read()
    if hashlib.sha256(current).digest() != hashlib.sha256(plan.original).digest():
        return "file changed since it was read; not fixed"
    folder = os.path.dirname(os.path.abspath(plan.path))
    mode = os.stat(plan.path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".medlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(plan.new_text.encode(plan.encoding))
        os.chmod(tmp, mode)
        os.replace(tmp, plan.path)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        return f"cannot write: {exc.strerror or exc}"
    return None
