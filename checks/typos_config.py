"""The typos family's settings (rules/typos/settings.yaml) turned into what the engine and filters use.

Malformed values raise RuleError, which the pipeline reports as one problem line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checks.finding import SEVERITIES
from checks.languagetool import paths
from checks.registry import RuleError
from checks.typos_cache import default_cache_dir
from checks.typos_engine import EngineConfig, resolve_url

MAX_REPLACEMENTS = 5  # asked of LanguageTool (fixed, so `max_suggestions` does not change the cache key)
LEVELS = (*SEVERITIES, "off")


def _ids(opts: dict[str, Any], key: str) -> list[str]:
    value = opts.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"typos.{key} must be a list of LanguageTool rule or category ids")
    return [v.strip().upper() for v in value if v.strip()]


def number(opts: dict[str, Any], key: str, default: float) -> float:
    value = opts.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise RuleError(f"typos.{key} must be a positive number")
    return float(value)


def engine_config(opts: dict[str, Any], base_dir: Path) -> EngineConfig:
    """What to ask which LanguageTool; `base_dir` (the config file's folder) anchors a relative cache_dir."""
    enabled = _ids(opts, "enabled_rules")
    disabled = sorted(set(_ids(opts, "disabled_rules") + _ids(opts, "extend_disabled_rules")) - set(enabled))
    cache_dir: Path | None = None
    if opts.get("cache", True):
        setting = opts.get("cache_dir")
        cache_dir = (base_dir / Path(setting).expanduser()) if setting else default_cache_dir()
    level = opts.get("level") or "default"
    if level not in ("default", "picky"):
        raise RuleError("typos.level must be default or picky")
    return EngineConfig(
        url=resolve_url(opts.get("languagetool_url")), home=paths.lt_home(),
        language=str(opts.get("language") or "en-US"), level=level,
        disabled_rules=tuple(disabled), enabled_rules=tuple(sorted(set(enabled))),
        disabled_categories=tuple(sorted(set(_ids(opts, "disabled_categories")))),
        enabled_categories=tuple(sorted(set(_ids(opts, "enabled_categories")))),
        max_replacements=MAX_REPLACEMENTS, cache_dir=cache_dir,
        request_timeout=number(opts, "request_timeout", 30.0),
        startup_timeout=number(opts, "startup_timeout", 60.0), idle_timeout=number(opts, "idle_timeout", 900.0),
        allow_download=bool(opts.get("allow_download")), batch_chars=int(number(opts, "batch_chars", 8000)))


def severity_overrides(opts: dict[str, Any]) -> dict[str, str]:
    """`typos.rule_severity`: LanguageTool rule id or category id -> error|warning|info|off."""
    raw = opts.get("rule_severity") or {}
    if not isinstance(raw, dict):
        raise RuleError("typos.rule_severity must map LanguageTool rule or category ids to error|warning|info|off")
    out: dict[str, str] = {}
    for key, level in raw.items():
        if level not in LEVELS:
            raise RuleError(f"typos.rule_severity: {key} must be one of {', '.join(LEVELS)}, not {level!r}")
        out[str(key).strip().upper()] = level
    return out
