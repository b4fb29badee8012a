"""Lines changed since a git revision, for ``--diff-base`` (report only what an edit touched)."""

from __future__ import annotations

import os
import re
import subprocess

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


class DiffBaseError(Exception):
    """git is missing, the folder is not a repository, or the revision is unknown."""


def _git(args: list[str], cwd: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise DiffBaseError("git did not answer within 60 s") from None
    if proc.returncode != 0:
        raise DiffBaseError(proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "git failed")
    return proc.stdout


def changed_lines(path: str, base: str) -> set[int] | None:
    """Line numbers of ``path`` added or changed since ``base``; None means the whole file is new."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], folder)
    name = os.path.basename(path)
    tracked = subprocess.run(["git", "cat-file", "-e", f"{base}:./{name}"], cwd=folder,
                             capture_output=True).returncode == 0
    if not tracked:
        return None
    out = _git(["diff", "--no-color", "--unified=0", base, "--", name], folder)
    lines: set[int] = set()
    for m in _HUNK.finditer(out):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines
