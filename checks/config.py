"""Layered configuration: defaults, then a config file, then command-line flags.

Config lives in ``medlint.yaml`` (or ``.medlint.yaml``) or in ``[tool.medlint]``
of ``pyproject.toml``, found from the working directory upwards, or named with
``--config``. Keys may be written with ``-`` or ``_``. Unknown keys, unknown
rules and bad values are errors naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checks.finding import FAMILIES, SEVERITIES
from checks.registry import Registry, RuleError
from checks.slugs import SLUG_FUNCTIONS

CONFIG_NAMES = ("medlint.yaml", ".medlint.yaml", "medlint.yml", "pyproject.toml")


class ConfigError(Exception):
    """A config problem; the message names the file and line."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    format: str = "text"
    slugger: str = "github"
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    families: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str | None = None  # the config file read, if any
    base_dir: Path = field(default_factory=Path.cwd)

    def enabled_codes(self, registry: Registry) -> set[str]:
        selected: set[str] = set()
        for sel in self.select:
            codes = registry.resolve(sel)
            if sel.upper() == "ALL" or sel in FAMILIES or len(codes) > 1:
                codes = {c for c in codes if registry.rules[c].default_enabled}
            selected |= codes
        for sel in self.ignore:
            selected -= registry.resolve(sel)
        return selected

    def severity_for(self, registry: Registry) -> dict[str, str]:
        out: dict[str, str] = {}
        for sel, level in self.severity.items():
            for code in registry.resolve(sel):
                out[code] = level
        return out

    def family_options(self, family: str, registry: Registry) -> dict[str, Any]:
        schema = registry.settings_schema().get(family, {})
        opts = {name: spec.get("default") for name, spec in schema.items()}
        opts.update(self.families.get(family, {}))
        return opts


_TOP_KEYS = {"select", "ignore", "fail_on", "format", "slugger", "severity", "per_file_ignores", "exclude",
             *FAMILIES}


def _norm(key: str) -> str:
    return key.replace("-", "_")


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and "[tool.medlint" not in candidate.read_text(errors="replace"):
                    continue
                return candidate
    return None


def _line_finder(path: Path, text: str) -> Any:
    """Return a function key -> line number of where the key is written."""
    if path.suffix == ".toml":
        lines = text.splitlines()
        section = next((i for i, ln in enumerate(lines) if ln.strip().startswith("[tool.medlint")), 0)

        def toml_line(key: str) -> int:
            pattern = re.compile(rf"^\s*(\[tool\.medlint\.)?[\"']?{re.escape(key)}[\"']?\s*(=|\])")
            alt = re.compile(rf"^\s*(\[tool\.medlint\.)?[\"']?{re.escape(key.replace('_', '-'))}[\"']?\s*(=|\])")
            for i in range(section, len(lines)):
                if pattern.match(lines[i]) or alt.match(lines[i]):
                    return i + 1
            return section + 1
        return toml_line
    positions: dict[str, int] = {}
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        node = None

    def visit(n: Any) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                positions.setdefault(str(k.value), k.start_mark.line + 1)
                positions.setdefault(_norm(str(k.value)), k.start_mark.line + 1)
                visit(v)
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                if isinstance(v, yaml.ScalarNode):
                    positions.setdefault(str(v.value), v.start_mark.line + 1)
                visit(v)
    visit(node)
    return lambda key: positions.get(key, positions.get(_norm(key), 1))


def read_config_file(path: Path) -> tuple[dict[str, Any], Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("medlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: config must be a mapping")
    return data, _line_finder(path, text)


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{where}: expected a list of strings")


def apply_mapping(settings: Settings, data: dict[str, Any], registry: Registry, origin: str,
                  line_of: Any = lambda key: 1) -> None:
    """Validate ``data`` and merge it into ``settings``; errors name ``origin`` and the line."""
    schema = registry.settings_schema()

    def where(key: str) -> str:
        return f"{origin}:{line_of(key)}"

    for raw_key, value in data.items():
        key = _norm(str(raw_key))
        if key not in _TOP_KEYS:
            raise ConfigError(f"{where(str(raw_key))}: unknown config key {raw_key!r}")
        if key in ("select", "ignore", "exclude"):
            items = _str_list(value, where(str(raw_key)))
            if key != "exclude":
                for item in items:
                    try:
                        registry.resolve(item)
                    except RuleError as exc:
                        raise ConfigError(f"{origin}:{line_of(item)}: {exc}") from None
            setattr(settings, key, items)
        elif key == "fail_on":
            if value not in SEVERITIES:
                raise ConfigError(f"{where(str(raw_key))}: fail-on must be one of {', '.join(SEVERITIES)}")
            settings.fail_on = value
        elif key == "format":
            settings.format = str(value)
        elif key == "slugger":
            if value not in SLUG_FUNCTIONS:
                raise ConfigError(f"{where(str(raw_key))}: slugger must be one of {', '.join(SLUG_FUNCTIONS)}")
            settings.slugger = value
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where(str(raw_key))}: severity must map rules to error|warning|info")
            for sel, level in value.items():
                if level not in SEVERITIES:
                    raise ConfigError(f"{origin}:{line_of(str(sel))}: severity of {sel} must be one of "
                                      f"{', '.join(SEVERITIES)}")
                try:
                    registry.resolve(str(sel))
                except RuleError as exc:
                    raise ConfigError(f"{origin}:{line_of(str(sel))}: {exc}") from None
                settings.severity[str(sel)] = level
        elif key == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where(str(raw_key))}: per-file-ignores must map globs to rule lists")
            for glob, sels in value.items():
                items = _str_list(sels, f"{origin}:{line_of(str(glob))}")
                for item in items:
                    try:
                        registry.resolve(item)
                    except RuleError as exc:
                        raise ConfigError(f"{origin}:{line_of(str(glob))}: {exc}") from None
                settings.per_file_ignores[str(glob)] = items
        else:  # a family's own settings
            _apply_family(settings, key, value, schema.get(key, {}), origin, line_of)


def _apply_family(settings: Settings, family: str, value: Any, schema: dict[str, Any], origin: str,
                  line_of: Any) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}:{line_of(family)}: [{family}] must be a table of settings")
    opts = settings.families.setdefault(family, {})
    for raw, v in value.items():
        name = _norm(str(raw))
        spec = schema.get(name)
        if spec is None:
            known = ", ".join(sorted(schema)) or "none"
            raise ConfigError(f"{origin}:{line_of(str(raw))}: unknown {family} setting {raw!r} (known: {known})")
        choices = spec.get("choices")
        if choices is not None and v not in choices:
            raise ConfigError(f"{origin}:{line_of(str(raw))}: {family}.{raw} must be one of "
                              f"{', '.join(map(str, choices))}")
        expected = spec.get("type")
        if expected and not _type_ok(v, expected):
            raise ConfigError(f"{origin}:{line_of(str(raw))}: {family}.{raw} must be a {expected}")
        opts[name] = v


def _type_ok(value: Any, expected: str) -> bool:
    checks = {"string": lambda v: isinstance(v, str), "number": lambda v: isinstance(v, int | float)
              and not isinstance(v, bool), "boolean": lambda v: isinstance(v, bool),
              "list": lambda v: isinstance(v, list), "mapping": lambda v: isinstance(v, dict),
              "string-or-null": lambda v: v is None or isinstance(v, str)}
    return checks.get(expected, lambda v: True)(value)


def load_settings(registry: Registry, config_path: Path | None = None, start: Path | None = None) -> Settings:
    settings = Settings()
    path = config_path or find_config(start or Path.cwd())
    if config_path is not None and not config_path.is_file():
        raise ConfigError(f"{config_path}: config file not found")
    if path is not None:
        data, line_of = read_config_file(path)
        apply_mapping(settings, data, registry, str(path), line_of)
        settings.source = str(path)
        settings.base_dir = path.resolve().parent
    return settings
