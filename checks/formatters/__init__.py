"""Report formatters: one small class per format, found by name in ``FORMATTERS``."""

from __future__ import annotations

import importlib
from typing import Protocol

from checks.pipeline import Report


class Formatter(Protocol):
    name: str

    def __init__(self, *, color: bool = False, show_verified: bool = False) -> None: ...

    def render(self, report: Report) -> str: ...


# name -> module defining a class ``Format`` (imported only when chosen)
FORMATTERS: dict[str, str] = {
    "text": "checks.formatters.text",
    "json": "checks.formatters.jsonfmt",
    "github": "checks.formatters.github",
    "sarif": "checks.formatters.sarif",
    "markdown": "checks.formatters.markdown_summary",
    "html": "checks.formatters.html",
}


def get_formatter(name: str, *, color: bool = False, show_verified: bool = False) -> Formatter:
    if name not in FORMATTERS:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(FORMATTERS)}")
    module = importlib.import_module(FORMATTERS[name])
    return module.Format(color=color, show_verified=show_verified)  # type: ignore[no-any-return]
