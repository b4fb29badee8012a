"""Check text against a LanguageTool HTTP server, and decide which server to use.

Plain urllib with a timeout rather than language_tool_python's client: the latter waits up to
300 s per request and retries, and it cannot be bounded from outside.
"""

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypedDict

from . import paths
from .errors import LanguageToolUnavailable
from .fetch import FETCH_HINT, fetch_via_ltp, find_installation
from .server import DEFAULT_STARTUP_TIMEOUT, healthy, mark_used, running_server, start_background
from .transport import request_json

URL_ENV = "MEDLINT_LANGUAGETOOL_URL"
ALLOW_DOWNLOAD_ENV = "MEDLINT_LT_ALLOW_DOWNLOAD"  # "1": let language-tool-python download LanguageTool
DEFAULT_REQUEST_TIMEOUT = 30.0
DEFAULT_IDLE_TIMEOUT = 900.0  # an on-demand server exits after 15 min without checks


class LTMatch(TypedDict):
    offset: int  # Python str index into the checked text (LanguageTool's UTF-16 offset converted)
    length: int  # in Python str characters
    text: str  # text[offset:offset + length]
    rule_id: str
    rule_description: str
    category_id: str
    category_name: str
    issue_type: str  # LanguageTool's locQualityIssueType, e.g. misspelling, grammar, typographical
    message: str
    short_message: str
    replacements: list[str]  # best first, at most `max_replacements`


def utf16_to_index(text: str) -> Callable[[int], int]:
    """Map a UTF-16 code-unit offset into `text` to a Python str index.

    An offset inside a surrogate pair maps to the character that owns it.
    """
    if all(ord(ch) < 0x10000 for ch in text):
        return lambda unit: unit
    table: list[int] = []
    for index, ch in enumerate(text):
        table.extend((index, index) if ord(ch) >= 0x10000 else (index,))
    table.append(len(text))

    def convert(unit: int) -> int:
        return table[min(max(unit, 0), len(table) - 1)]

    return convert


def _rule_match(raw: dict[str, Any], text: str, to_index: Callable[[int], int], keep: int) -> LTMatch:
    rule = raw.get("rule", {})
    category = rule.get("category", {})
    start = to_index(int(raw["offset"]))
    end = to_index(int(raw["offset"]) + int(raw["length"]))
    return LTMatch(
        offset=start,
        length=end - start,
        text=text[start:end],
        rule_id=rule.get("id", ""),
        rule_description=rule.get("description", ""),
        category_id=category.get("id", ""),
        category_name=category.get("name", ""),
        issue_type=rule.get("issueType", ""),
        message=raw.get("message", ""),
        short_message=raw.get("shortMessage", ""),
        replacements=[r["value"] for r in raw.get("replacements", [])[:keep] if "value" in r],
    )


class LanguageToolClient:
    """A LanguageTool server at `url` (e.g. http://127.0.0.1:8081); every request is bounded by `timeout`."""

    def __init__(
        self, url: str, *, timeout: float = DEFAULT_REQUEST_TIMEOUT, on_use: Callable[[], None] | None = None
    ) -> None:
        url = url.strip().rstrip("/")
        url = url if "://" in url else f"http://{url}"
        self.url = url.removesuffix("/v2")
        self.timeout = timeout
        self._on_use = on_use

    def __repr__(self) -> str:
        return f"LanguageToolClient({self.url!r})"

    def healthy(self, timeout: float = 2.0) -> bool:
        """True if `/v2/healthcheck` answers OK (LanguageTool's own server; hosted APIs may lack it)."""
        return healthy(self.url, timeout)

    def languages(self) -> list[str]:
        """Long codes the server supports, e.g. `en-US`."""
        return [lang["longCode"] for lang in request_json(f"{self.url}/v2/languages", timeout=self.timeout)]

    def version(self) -> str:
        """LanguageTool version from `/v2/info`, falling back to the `software` block of a check."""
        try:
            return str(request_json(f"{self.url}/v2/info", timeout=self.timeout)["software"]["version"])
        except (LanguageToolUnavailable, KeyError, TypeError):
            data = request_json(
                f"{self.url}/v2/check", timeout=self.timeout, data={"language": "en-US", "text": "."}
            )
            return str(data["software"]["version"])

    def check(
        self,
        text: str,
        *,
        language: str = "en-US",
        level: Literal["default", "picky"] = "default",
        disabled_rules: Iterable[str] = (),
        enabled_rules: Iterable[str] = (),
        disabled_categories: Iterable[str] = (),
        enabled_categories: Iterable[str] = (),
        enabled_only: bool = False,
        mother_tongue: str | None = None,
        max_replacements: int = 5,
    ) -> list[LTMatch]:
        """POST /v2/check; matches in text order with Python str offsets.

        `enabled_only` restricts checking to `enabled_rules`/`enabled_categories`.
        """
        if level not in ("default", "picky"):
            raise ValueError(f"level must be 'default' or 'picky', not {level!r}")
        params = {"language": language, "text": text, "level": level}
        for key, values in (
            ("disabledRules", disabled_rules),
            ("enabledRules", enabled_rules),
            ("disabledCategories", disabled_categories),
            ("enabledCategories", enabled_categories),
        ):
            if joined := ",".join(sorted(set(values))):
                params[key] = joined
        if enabled_only:
            if "enabledRules" not in params and "enabledCategories" not in params:
                raise ValueError("enabled_only needs enabled_rules or enabled_categories")
            params["enabledOnly"] = "true"
        if mother_tongue:
            params["motherTongue"] = mother_tongue
        data = request_json(f"{self.url}/v2/check", timeout=self.timeout, data=params)
        if self._on_use:
            self._on_use()
        try:
            to_index = utf16_to_index(text)
            matches = [_rule_match(raw, text, to_index, max_replacements) for raw in data["matches"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise LanguageToolUnavailable(f"unexpected /v2/check answer from {self.url}: {exc!r}") from exc
        return sorted(matches, key=lambda m: (m["offset"], m["length"]))


def connect(
    url: str | None = None,
    *,
    home: Path | None = None,
    start: bool = True,
    allow_download: bool | None = None,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
    idle_timeout: float | None = DEFAULT_IDLE_TIMEOUT,
) -> LanguageToolClient:
    """A client for the first LanguageTool that works, in this order:

    1. `url` (config `languagetool_url`) or `$MEDLINT_LANGUAGETOOL_URL`: used as given, no fallback;
    2. the managed server in the state file, if it answers;
    3. if `start`: a new managed server from fetched jars (or a language-tool-python download on disk),
       exiting after `idle_timeout` s unused;
    4. if `allow_download` (default: `$MEDLINT_LT_ALLOW_DOWNLOAD=1`): language-tool-python downloads
       LanguageTool, then 3.
    The public LanguageTool API is only used if given as `url`. Raises LanguageToolUnavailable.
    """
    url = url or os.environ.get(URL_ENV)
    if url:
        client = LanguageToolClient(url, timeout=request_timeout)
        try:
            client.languages()
        except LanguageToolUnavailable as exc:
            raise LanguageToolUnavailable(f"{exc} (configured by languagetool_url or {URL_ENV})") from exc
        return client
    home = home or paths.lt_home()
    state = running_server(home)
    if state is None and start:
        if allow_download is None:
            allow_download = os.environ.get(ALLOW_DOWNLOAD_ENV) == "1"
        if allow_download and find_installation(home) is None:
            fetch_via_ltp()
        state = start_background(home=home, idle_timeout=idle_timeout, startup_timeout=startup_timeout)
    if state is None:
        raise LanguageToolUnavailable(
            f"no LanguageTool server is running; run `medlint languagetool start`, or {FETCH_HINT}"
        )
    return LanguageToolClient(state.url, timeout=request_timeout, on_use=partial(mark_used, home))
