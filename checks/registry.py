"""Rule records from ``rules/`` and the check families that implement them.

Every rule has a YAML record in ``rules/<family>/<CODE>.yaml``; every family is a
module in ``checks`` exposing ``CODES`` and ``run(doc, ctx)``. The registry loads
and validates the records (unique codes and names, required keys, records and
code in agreement) and resolves selectors (code, name, family or code prefix).
Family modules are imported only when a run needs them, to keep start-up fast.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import yaml

from checks.finding import FAMILIES, SEVERITIES

_BOOL = "tag:yaml.org,2002:bool"


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when present) with YAML 1.2's booleans: only true and false. YAML 1.1
    also reads an unquoted yes, no, on or off as one, which turns the words of a word list ("no" among
    the negators) into True and False."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


_SafeLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

CODE_PATTERN = re.compile(r"^(TYP|ANC|UNT|NUM|CIT)\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PREFIX_FAMILY = {"TYP": "typos", "ANC": "anchors", "UNT": "units", "NUM": "arithmetic", "CIT": "citations"}
FAMILY_MODULES = {family: f"checks.{family}" for family in FAMILIES}
REQUIRED_KEYS = ("code", "name", "family", "severity", "summary", "rationale", "authority", "examples")
OPTIONAL_KEYS = ("fixable", "default_enabled", "options", "see_also")


class RuleError(Exception):
    """A broken rule record or selector; the message names the file and line."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: str
    summary: str
    rationale: str
    authority: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    fixable: bool = False
    default_enabled: bool = True
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def rules_root() -> Path:
    """The ``rules`` folder: shipped inside the wheel, or beside ``checks`` in a checkout."""
    packaged = resources.files("checks").joinpath("_rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules"


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; errors become one line naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_SafeLoader)  # a safe loader: the C one when available
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise RuleError(f"{where}: {problem}") from None


def _as_examples(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
        return tuple(value)
    raise RuleError(f"{where}: examples must be a string or a non-empty list of strings")


def parse_record(data: Any, path: Path) -> Rule:
    where = str(path)
    if not isinstance(data, dict):
        raise RuleError(f"{where}:1: a rule record must be a mapping")
    unknown = set(data) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS)
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise RuleError(f"{where}: missing key(s) {', '.join(missing)}")
    code, name, family, severity = data["code"], data["name"], data["family"], data["severity"]
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise RuleError(f"{where}: code {code!r} does not match {CODE_PATTERN.pattern}")
    if path.stem != code:
        raise RuleError(f"{where}: file name must be {code}.yaml")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise RuleError(f"{where}: name {name!r} must be kebab-case")
    if family not in FAMILIES or PREFIX_FAMILY[code[:3]] != family:
        raise RuleError(f"{where}: family {family!r} does not match code {code}")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) != {"bad", "good"}:
        raise RuleError(f"{where}: examples must have exactly the keys bad and good")
    for key in ("summary", "rationale", "authority"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise RuleError(f"{where}: {key} must be a non-empty string")
    return Rule(code=code, name=name, family=family, severity=severity, summary=data["summary"].strip(),
                rationale=data["rationale"].strip(), authority=data["authority"].strip(),
                bad=_as_examples(examples["bad"], f"{where}: examples.bad"),
                good=_as_examples(examples["good"], f"{where}: examples.good"),
                fixable=bool(data.get("fixable", False)), default_enabled=bool(data.get("default_enabled", True)),
                source=where, extra={k: data[k] for k in OPTIONAL_KEYS if k in data})


class Registry:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or rules_root()
        self.rules: dict[str, Rule] = {}
        self.by_name: dict[str, Rule] = {}
        self._modules: dict[str, ModuleType] = {}
        self._schema: dict[str, dict[str, Any]] | None = None
        for family in FAMILIES:
            folder = self.root / family
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                if path.name == "settings.yaml":
                    continue
                rule = parse_record(load_yaml(path), path)
                if rule.code in self.rules:
                    raise RuleError(f"{path}: duplicate code {rule.code}")
                if rule.name in self.by_name:
                    raise RuleError(f"{path}: duplicate name {rule.name}")
                self.rules[rule.code] = rule
                self.by_name[rule.name] = rule

    def families(self) -> list[str]:
        return sorted({r.family for r in self.rules.values()}, key=FAMILIES.index)

    def module(self, family: str) -> ModuleType:
        if family not in self._modules:
            module = importlib.import_module(FAMILY_MODULES[family])
            codes = set(getattr(module, "CODES", ()))
            recorded = {c for c, r in self.rules.items() if r.family == family}
            if codes != recorded:
                raise RuleError(f"rules/{family}: records {sorted(recorded)} do not match the codes the check "
                                f"emits {sorted(codes)}")
            self._modules[family] = module
        return self._modules[family]

    def resolve(self, selector: str) -> set[str]:
        """Codes matched by a code, a rule name, a family, a code prefix, or ``ALL``."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return set(self.rules)
        if sel in self.by_name:
            return {self.by_name[sel].code}
        if sel in FAMILIES:
            return {c for c, r in self.rules.items() if r.family == sel}
        up = sel.upper()
        matched = {c for c in self.rules if c.startswith(up)} if re.fullmatch(r"[A-Z]{1,3}\d{0,3}", up) else set()
        if not matched:
            raise RuleError(f"unknown rule {selector!r} (not a code, name, family or code prefix)")
        return matched

    def settings_schema(self) -> dict[str, dict[str, Any]]:
        """Per-family settings from ``rules/<family>/settings.yaml``: name -> {default, choices, doc, ...}."""
        if self._schema is not None:
            return self._schema
        schema: dict[str, dict[str, Any]] = {}
        for family in FAMILIES:
            path = self.root / family / "settings.yaml"
            if path.is_file():
                data = load_yaml(path) or {}
                if not isinstance(data, dict):
                    raise RuleError(f"{path}:1: settings must be a mapping")
                schema[family] = data
        self._schema = schema
        return schema
