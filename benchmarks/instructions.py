"""Instructions per page: medlint without typos against the mistune parse floor, counted by callgrind.

    python benchmarks/instructions.py [--page draft/ketamine.md] [--runs 3]

Wall-clock ratios on a shared 2-core machine move with the load (the floor alone measures 7-12 ms on the
draft between runs); an instruction count does not. Each figure is the difference between a child that
does the work ``1 + runs`` times and one that does it once, divided by ``runs``, so start-up, imports and
the warm-up lint cancel out. Needs valgrind (Debian package ``valgrind``); exits 2 with one line without it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def child(what: str, page: Path, times: int) -> None:
    """Set up as ``bench.py`` does (one warm-up lint, so imports and lazily built tables are not counted),
    then parse or lint ``page`` ``times`` times with automatic garbage collection off."""
    import gc

    import mistune
    from mistune.plugins import import_plugin

    from checks.config import Settings, apply_mapping
    from checks.parsing import PLUGINS
    from checks.pipeline import Linter
    from checks.registry import Registry

    text = page.read_text(encoding="utf-8")
    md = mistune.create_markdown(renderer=None, plugins=[import_plugin(p) for p in PLUGINS])
    registry = Registry()
    settings = Settings()
    apply_mapping(settings, {"ignore": ["typos"]}, registry, "bench")
    linter = Linter(registry, settings)
    linter.lint_text("warmup.md", text)
    md.parse(text)
    gc.freeze()
    for _ in range(times):
        gc.disable()
        if what == "lint":
            linter.lint_text(str(page), text)
        else:
            md.parse(text)
        gc.enable()


def count(what: str, page: Path, times: int) -> int:
    """Instructions callgrind counts for a child process doing ``what`` ``times`` times."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           "--child", what, "--page", str(page), "--runs", str(times)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"medlint benchmark: callgrind run failed ({' '.join(cmd[4:])}): "
                         f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no output'}")
    return int(found.group(1))


def per_op(what: str, page: Path, runs: int) -> float:
    return (count(what, page, 1 + runs) - count(what, page, 1)) / runs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", type=Path, default=ROOT / "draft" / "ketamine.md")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=("parse", "lint"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.page, args.runs)
        return 0
    if shutil.which("valgrind") is None:
        print("medlint benchmark: valgrind not found (Debian package valgrind); no instruction counts", file=sys.stderr)
        return 2
    # compiled bytecode first, so that no child counts the compiling of a module
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "checks")], check=True)
    floor = per_op("parse", args.page, args.runs)
    lint = per_op("lint", args.page, args.runs)
    print(f"instructions per page of {args.page.name} (callgrind, PYTHONHASHSEED=0)")
    print(f"{'parse floor: mistune':<40} {floor / 1e6:8.1f} M   1.00x  (baseline)")
    print(f"{'medlint without typos':<40} {lint / 1e6:8.1f} M {lint / floor:6.2f}x  target <= 3x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
