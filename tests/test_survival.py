"""Hostile input: every case gets a clear line, the documented exit code, the other files checked,
no traceback, and nothing written. Runs the real command in a subprocess, without the typos family
(LanguageTool faults have their own tests)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD_NEIGHBOUR = "# Title\n\nSee [nowhere](#nowhere).\n"  # always yields one ANC001 error


@dataclass
class Case:
    name: str
    make: Callable[[Path], None]  # writes the hostile input into the folder
    exit_code: int
    says: str = ""  # text the report must contain (a clear line), if any


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def _symlink_loop(folder: Path) -> None:
    sub = folder / "loop"
    sub.mkdir()
    (sub / "again").symlink_to(sub, target_is_directory=True)
    (sub / "page.md").write_text("# Loop page\n", encoding="utf-8")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.md")


def _dangling(folder: Path) -> None:
    (folder / "gone.md").symlink_to(folder / "does-not-exist.md")


def _deep_quotes() -> str:
    return "> " * 500 + "deep quote\n"


def _deep_lists() -> str:
    return "\n".join("  " * i + "- item" for i in range(500)) + "\n"


CASES = [
    Case("empty file", _write("empty.md", b""), 1),
    Case("20 MB page", _write("huge.md", (ROOT / "draft" / "ketamine.md").read_text(encoding="utf-8") * 500), 1),
    Case("10,000 headings", _write("many.md", "".join(f"## Heading {i}\n\nBody {i}.\n\n" for i in range(10000))), 1),
    Case("1 MB line", _write("longline.md", "word " * 210000 + "\n"), 1),
    Case("500 nested quotes", _write("quotes.md", _deep_quotes()), 1),
    Case("500 nested lists", _write("lists.md", _deep_lists()), 1),
    Case("binary file", _write("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), 2,
         "binary file"),
    Case("invalid UTF-8", _write("latin1.md", "# Café\n\nna\xefve text\n".encode("latin-1")), 2,
         "not valid UTF-8: byte 0xe9 at offset 5"),
    Case("UTF-16 file", _write("utf16.md", "# Title\n\nUTF-16 text with 5 mg.\n".encode("utf-16")), 1),
    Case("BOM", _write("bom.md", "\ufeff# Title\n\nText.\n"), 1),
    Case("CRLF and lone CR", _write("newlines.md", b"# T\r\n\r\nLine one\rline two\r\n"), 1),
    Case("NUL bytes", _write("nul.md", b"# Title\n\nText\x00more\n"), 2, "binary file"),
    Case("tabs", _write("tabs.md", "# T\n\n\tcode\n\n-\titem\twith\ttabs\n"), 1),
    Case("right-to-left and combining",
         _write("rtl.md", "# עברית ومرحبا\n\nCafe\u0301 e\u0301\u0301 \u202eabc\u202c.\n"), 1),
    Case("emoji headings", _write("emoji.md", "## 🧪 Dose 👩‍⚕️\n\n[ok](#-dose-)\n"), 1),
    Case("broken front matter", _write("fm.md", "---\ntitle: [unclosed\n---\n# T\n"), 2, "invalid YAML front matter"),
    Case("symlink loop", _symlink_loop, 1),
    Case("named pipe", _fifo, 2, "not a regular file"),
    Case("dangling symlink", _dangling, 2, "cannot read"),
]


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink() and not p.is_fifo():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_survives(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    case.make(folder)
    (folder / "zz-neighbour.md").write_text(BAD_NEIGHBOUR, encoding="utf-8")
    before = _snapshot(folder)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "checks.cli", "check", str(folder), "--ignore", "typos",
                           "--jobs", "2"], capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == case.exit_code, proc.stdout[-2000:] + proc.stderr
    assert "zz-neighbour.md:3:5: error ANC001" in proc.stdout  # the other file was checked
    if case.says:
        lines = [ln for ln in proc.stdout.splitlines() if case.says in ln]
        assert len(lines) == 1, proc.stdout[-2000:]
    assert _snapshot(folder) == before  # nothing written


def test_pathological_regex_from_data_is_rejected_quickly() -> None:
    import time

    from checks.safe_regex import PatternError, compile_safe

    started = time.monotonic()
    for pattern in [r"(a+)+$", r"(\w+\s?)*$", r"(x|x?)+y", r"(.*a){20}", r"["]:
        with pytest.raises(PatternError):
            compile_safe(pattern, 0, "rules/vocab/test.yaml: pattern")
    assert time.monotonic() - started < 1
