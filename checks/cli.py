"""The ``medlint`` command.

Exit codes:
  0  nothing reached --fail-on
  1  findings at or above --fail-on
  2  usage, config, rule-file or input error (missing path, unreadable, binary or non-UTF-8
     file, broken front matter, unknown rule)
  3  the report is incomplete: a check could not run (e.g. LanguageTool unavailable);
     every other check still ran
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks import __version__
from checks.finding import SEVERITIES

if TYPE_CHECKING:
    from checks.config import Settings
    from checks.pipeline import Report
    from checks.registry import Registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INCOMPLETE = 0, 1, 2, 3
SUBCOMMANDS = ("check", "rule", "rules", "settings", "languagetool")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"medlint: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="medlint", description="Check medical Markdown pages: typos, anchors, units, "
                     "arithmetic and citations.")
    parser.add_argument("--version", action="version", version=f"medlint {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    check = sub.add_parser("check", help="check files or folders (default: draft/)")
    check.add_argument("paths", nargs="*", help="Markdown files or folders")
    check.add_argument("--format", "-f", help="text (default), json, github, sarif, markdown, html")
    check.add_argument("--output", "-o", help="write the report to FILE instead of standard output")
    check.add_argument("--select", action="append", default=None,
                       help="rules to run: codes, names, families or code prefixes (comma-separated)")
    check.add_argument("--ignore", action="append", default=None, help="rules to skip (same forms as --select)")
    check.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1 "
                       "(default: error)")
    check.add_argument("--config", help="config file (medlint.yaml or pyproject.toml)")
    check.add_argument("--slugger", help="heading-anchor algorithm of the site: github, pandoc, python-markdown")
    check.add_argument("--show-verified", action="store_true", help="also list the relations checks verified")
    check.add_argument("--no-color", action="store_true", help="never colour the text report")
    check.add_argument("--jobs", "-j", type=int, default=0, help="parallel processes (default: number of cores)")
    check.add_argument("--diff-base", metavar="REF",
                       help="report only findings on lines changed since git revision REF")
    check.add_argument("--fix", action="store_true", help="apply the safe mechanical fixes, then report the rest")
    check.add_argument("--diff", action="store_true", help="with --fix: print the fixes as a diff, write nothing")
    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code", help="rule code or name, e.g. ANC001")
    sub.add_parser("rules", help="list every rule")
    sub.add_parser("settings", help="list every family's settings with default, choices and authority")
    sub.add_parser("languagetool", help="fetch, start or stop the local LanguageTool server", add_help=False)
    return parser


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _cmd_check(args: argparse.Namespace) -> int:
    from checks.config import ConfigError, apply_mapping, load_settings
    from checks.formatters import get_formatter
    from checks.pipeline import lint_paths
    from checks.registry import Registry

    registry = Registry()
    settings = load_settings(registry, Path(args.config) if args.config else None)
    flags: dict[str, object] = {}
    for key in ("select", "ignore"):
        value = _split(getattr(args, key))
        if value is not None:
            flags[key] = value
    if args.fail_on:
        flags["fail_on"] = args.fail_on
    if args.format:
        flags["format"] = args.format
    if args.slugger:
        flags["slugger"] = args.slugger
    try:
        apply_mapping(settings, flags, registry, "command line")
    except ConfigError as exc:
        raise ConfigError(str(exc).replace("command line:1: ", "")) from None
    try:
        fmt = get_formatter(settings.format, color=_use_color(args, settings.format),
                            show_verified=args.show_verified)
    except KeyError as exc:
        raise ConfigError(str(exc.args[0])) from None
    paths = args.paths or ["draft"]
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    progress = _progress_printer() if sys.stderr.isatty() and not args.output else None
    if hasattr(fmt, "stream") and not (args.fix or args.diff or args.diff_base):
        return _stream(fmt, paths, registry, settings, jobs, progress, args.output)
    report = lint_paths(paths, registry, settings, jobs=jobs, progress=progress)
    if args.fix or args.diff:
        report = _apply_fixes(report, registry, settings, paths, jobs, preview=args.diff)
    if args.diff_base:
        _keep_changed_lines(report, args.diff_base)
    output = fmt.render(report)
    if args.diff:
        output = ""  # the diff was printed instead
    if args.output:
        _write_atomic(Path(args.output), output)
    else:
        sys.stdout.write(output)
    return report.exit_code(settings.fail_on)


def _stream(fmt: Any, paths: list[str], registry: Registry, settings: Settings, jobs: int,
            progress: Callable[[int, int, str], None] | None, output: str | None) -> int:
    """Write the report file by file as results arrive, keeping only counts: memory stays flat."""
    from checks.pipeline import expand_paths, iter_results

    files, problems = expand_paths(paths, settings)
    results = iter_results(files, registry, settings, jobs=jobs, progress=progress)
    if not output:
        return int(fmt.stream(problems, results, sys.stdout).exit_code(settings.fail_on))
    target = Path(output)
    tmp = target.with_name(f".{target.name}.medlint-tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        tally = fmt.stream(problems, results, out)
    os.replace(tmp, target)
    return int(tally.exit_code(settings.fail_on))


def _progress_printer() -> Callable[[int, int, str], None]:
    def show(done: int, total: int, path: str) -> None:
        if total < 5:
            return
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r\033[Kchecked {done}/{total}: {path[-60:]}{end}")
        sys.stderr.flush()
    return show


def _apply_fixes(report: Report, registry: Registry, settings: Settings, paths: list[str], jobs: int,
                 preview: bool) -> Report:
    from checks.fixes import plan_fixes, unified_diff, write_fix
    from checks.pipeline import Problem, lint_paths

    fixed: list[str] = []
    problems: list[Problem] = []
    for result in report.files:
        plan = plan_fixes(result.path, result.findings, registry)
        if plan is None:
            continue
        if preview:
            sys.stdout.write(unified_diff(plan))
            continue
        error = write_fix(plan)
        if error:
            problems.append(Problem(result.path, 0, 0, error))
        else:
            fixed.append(result.path)
            print(f"fixed {plan.applied} issue{'s' if plan.applied != 1 else ''} in {result.path}", file=sys.stderr)
    if fixed:
        report = lint_paths(paths, registry, settings, jobs=jobs)
    report.problems.extend(problems)
    return report


def _keep_changed_lines(report: Report, base: str) -> None:
    from checks.changed_lines import changed_lines

    for result in report.files:
        lines = changed_lines(result.path, base)
        if lines is None:
            continue
        result.findings = [f for f in result.findings
                           if any(line in lines for line in range(f.line, f.end_line + 1))]
        result.unused_suppressions = [n for n in result.unused_suppressions if n.line in lines]


def _use_color(args: argparse.Namespace, fmt: str) -> bool:
    if fmt != "text" or args.output or args.no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.medlint-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _cmd_rule(args: argparse.Namespace) -> int:
    from checks.registry import Registry
    from checks.rule_docs import render_rule

    registry = Registry()
    rule = registry.rules.get(args.code.upper()) or registry.by_name.get(args.code)
    if rule is None:
        print(f"medlint: error: unknown rule {args.code!r}; `medlint rules` lists them", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(render_rule(rule))
    return EXIT_OK


def _cmd_rules(_args: argparse.Namespace) -> int:
    from checks.registry import Registry

    registry = Registry()
    for code in sorted(registry.rules):
        r = registry.rules[code]
        state = "" if r.default_enabled else " (off by default)"
        print(f"{r.code}  {r.family:<10} {r.severity:<7} {r.name}{state}: {r.summary}")
    return EXIT_OK


def _cmd_settings(_args: argparse.Namespace) -> int:
    import textwrap

    from checks.registry import Registry

    for family, schema in Registry().settings_schema().items():
        print(f"[{family}]")
        for name, spec in schema.items():
            choices = f" ({' | '.join(map(str, spec['choices']))})" if spec.get("choices") else ""
            print(f"  {name} = {spec.get('default')!r}{choices}")
            for key in ("doc", "authority"):
                if spec.get(key):
                    label = "" if key == "doc" else "authority: "
                    print(textwrap.fill(label + " ".join(str(spec[key]).split()), 100, initial_indent="      ",
                                        subsequent_indent="      "))
        print()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from checks.changed_lines import DiffBaseError
    from checks.config import ConfigError
    from checks.registry import RuleError

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "languagetool":
        from checks.languagetool.cli import main as lt_main
        return lt_main(argv[1:])
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["check", *argv]
    try:
        args = _build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0)
    handlers = {"check": _cmd_check, "rule": _cmd_rule, "rules": _cmd_rules, "settings": _cmd_settings}
    try:
        return handlers[args.command](args)
    except (ConfigError, RuleError, DiffBaseError) as exc:
        print(f"medlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
