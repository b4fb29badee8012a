"""Speed of the typos family: cold run, warm run, unchanged re-run and one-paragraph edit.

    python benchmarks/typos_bench.py [page.md] [--repeat 3]      (or: python benchmarks/bench.py --typos)

Each run is a fresh `medlint check <page> --select typos` process, as pre-commit runs it on each edit,
with a private LanguageTool home (the fetched jars linked in) and a private result cache:
- cold: no server running and an empty cache (includes the Java start of the on-demand server);
- warm: the server is up, the cache is empty;
- unchanged: server up, cache warm, the page unchanged (LanguageTool is asked nothing);
- one-paragraph edit: the longest paragraph changed (LanguageTool is asked about that paragraph).
Targets: unchanged under 5 % of cold, one-paragraph edit under 15 % of cold.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DRAFT = ROOT / "draft" / "ketamine.md"
TARGETS = {"unchanged re-run": 0.05, "one-paragraph edit": 0.15}


def _longest_paragraph_line(text: str) -> int:
    lines = text.split("\n")
    prose = [i for i, ln in enumerate(lines) if ln and not ln.startswith(("#", "|", "-", "*", ">", "```", "    "))]
    return max(prose, key=lambda i: len(lines[i]))


def edited(text: str, i: int) -> str:
    """`text` with its longest paragraph changed (a new sentence at its end)."""
    lines = text.split("\n")
    n = _longest_paragraph_line(text)
    lines[n] = lines[n] + f" This sentence was added for run {i}."
    return "\n".join(lines)


def _timed(run: Callable[[], int]) -> tuple[float, int]:
    t0 = time.perf_counter()
    code = run()
    return time.perf_counter() - t0, code


def run_typos_bench(text: str, repeat: int = 3) -> dict[str, float]:
    """Print the four figures with their ratio to the cold run; return them in seconds."""
    from checks.languagetool import paths
    from checks.languagetool.fetch import find_installation
    from checks.languagetool.server import stop

    inst = find_installation()
    if inst is None or inst.source != "maven":
        print("typos benchmark skipped: no LanguageTool jars (run `medlint languagetool fetch`)")
        return {}
    with tempfile.TemporaryDirectory(prefix="medlint-typos-bench-") as tmp:
        work = Path(tmp)
        home = work / "lt-home"
        home.mkdir()
        (home / inst.version).symlink_to(paths.lt_home() / inst.version)
        cache = work / "cache"
        page = work / "page.md"
        env = {k: v for k, v in os.environ.items() if k != "MEDLINT_LANGUAGETOOL_URL"}
        env.update({paths.HOME_ENV: str(home), "MEDLINT_CACHE_DIR": str(cache), "NO_COLOR": "1",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))})
        cmd = [sys.executable, "-m", "checks.cli", "check", str(page), "--select", "typos", "--format", "json",
               "--output", str(work / "report.json")]

        def medlint() -> int:
            return subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  check=False).returncode

        figures: dict[str, float] = {}
        codes: dict[str, int] = {}
        try:
            page.write_text(text, encoding="utf-8")
            figures["cold"], codes["cold"] = _timed(medlint)
            warm = []
            for _ in range(max(1, repeat - 1)):
                shutil.rmtree(cache, ignore_errors=True)
                warm.append(_timed(medlint))
            figures["warm (server up, empty cache)"], codes["warm"] = min(warm)
            unchanged = [_timed(medlint) for _ in range(repeat)]
            figures["unchanged re-run"], codes["unchanged"] = min(unchanged)
            edits = []
            for i in range(repeat):
                page.write_text(edited(text, i), encoding="utf-8")
                edits.append(_timed(medlint))
            figures["one-paragraph edit"], codes["edit"] = min(edits)
        finally:
            stop(home)
    bad = {k: c for k, c in codes.items() if c not in (0, 1)}
    cold = figures["cold"]
    warm = figures["warm (server up, empty cache)"]
    print(f"typos family on {len(text):,} characters, one `medlint check --select typos` process per run"
          f"{'; exit codes ' + str(bad) if bad else ''}")
    for name, secs in figures.items():
        target = TARGETS.get(name)
        note = f"target < {target:.0%} of cold: {'ok' if secs / cold < target else 'MISSED'}" if target else ""
        print(f"  {name:<31} {secs * 1000:8.0f} ms {secs / cold:7.1%} of cold {secs / warm:7.1%} of warm  {note}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default=str(DRAFT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures = run_typos_bench(Path(args.page).read_text(encoding="utf-8"), args.repeat)
    return 0 if figures else 1


if __name__ == "__main__":
    raise SystemExit(main())
