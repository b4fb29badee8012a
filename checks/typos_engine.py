"""Ask LanguageTool about paragraphs: which server, the per-paragraph cache, batched requests.

Paragraphs are looked up in the result cache first; only the missing ones are sent, joined by blank
lines into a few large requests (per-request overhead dominates small ones), and each answer is
split back by paragraph. A paragraph's result therefore depends only on its own text, which is what
makes the cache sound (rules that look across paragraphs are disabled in rules/typos/settings.yaml).

Nothing is asked of LanguageTool when every paragraph is cached and the version is known without
it: for the managed server the version comes from its state file or the fetched jars. With an
explicit server URL one `/v2/info` request per process confirms the version.

Every failure is LanguageToolUnavailable with a one-line reason; the typos family turns it into an
"incomplete" report. Each request is bounded by `request_timeout`, a server start by `startup_timeout`.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right
from collections.abc import Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from checks.languagetool import LanguageToolClient, LanguageToolUnavailable, LTMatch, connect
from checks.languagetool.client import URL_ENV
from checks.languagetool.fetch import DEFAULT_VERSIONS, find_installation
from checks.languagetool.server import read_state
from checks.typos_cache import ResultCache, config_key, text_key

SEPARATOR = "\n\n"  # LanguageTool starts a new paragraph (and sentence) after a blank line
PARALLEL_REQUESTS = 2
VERSION_PROBE_TIMEOUT = 10.0


@dataclass(frozen=True)
class EngineConfig:
    url: str | None  # an explicit server; None: the managed local server
    home: Path  # the managed server's home (jars, state file)
    language: str = "en-US"
    level: str = "default"
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    max_replacements: int = 5
    cache_dir: Path | None = None  # None: no result cache
    request_timeout: float = 30.0
    startup_timeout: float = 60.0
    idle_timeout: float | None = 900.0
    allow_download: bool = False
    batch_chars: int = 8000

    def request_options(self) -> dict[str, Any]:
        """What decides LanguageTool's answer besides the text (part of the cache key)."""
        return {"language": self.language, "level": self.level, "disabled_rules": sorted(self.disabled_rules),
                "enabled_rules": sorted(self.enabled_rules), "disabled_categories": sorted(self.disabled_categories),
                "enabled_categories": sorted(self.enabled_categories), "max_replacements": self.max_replacements,
                "server": _server_identity(self.url)}


@dataclass
class Stats:
    """Counters for this process (tests and the benchmark read them)."""

    paragraphs: int = 0
    cached: int = 0
    requests: int = 0
    chars_sent: int = 0
    connects: int = 0


STATS = Stats()


def batches(lengths: Sequence[int], limit: int) -> list[list[int]]:
    """Indices grouped in order so each group's joined length stays within `limit` (a longer one alone)."""
    out: list[list[int]] = []
    size = 0
    for i, n in enumerate(lengths):
        if out and size + len(SEPARATOR) + n <= limit:
            out[-1].append(i)
            size += len(SEPARATOR) + n
        else:
            out.append([i])
            size = n
    return out


def split_matches(parts: Sequence[str], matches: Sequence[LTMatch]) -> list[list[LTMatch]]:
    """Matches on `SEPARATOR.join(parts)` assigned to their part, offsets made part-relative.

    A match that crosses into the separator or the next part belongs to no paragraph and is dropped.
    """
    starts = []
    pos = 0
    for p in parts:
        starts.append(pos)
        pos += len(p) + len(SEPARATOR)
    out: list[list[LTMatch]] = [[] for _ in parts]
    for m in matches:
        i = bisect_right(starts, m["offset"]) - 1
        rel = m["offset"] - starts[i]
        if i < 0 or rel + m["length"] > len(parts[i]):
            continue
        out[i].append(LTMatch(**{**m, "offset": rel}))
    return out


def _server_identity(url: str | None) -> str:
    """Local servers (managed or on loopback, any port) count as one; a remote server by its URL."""
    if not url:
        return "local"
    host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    return "local" if host in ("127.0.0.1", "localhost", "::1") else url.rstrip("/")


class Engine:
    """One LanguageTool configuration in this process: a lazily made client and a result cache."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self._client: LanguageToolClient | None = None
        self._version: str | None = None  # confirmed by the server
        self._caches: dict[str, ResultCache] = {}

    # -- server ----------------------------------------------------------------------------------
    def _expected_version(self) -> str | None:
        """The version answers will come from, without asking LanguageTool if we can help it."""
        if self._version or self.config.url:
            return self._confirmed_version()
        state = read_state(self.config.home)
        if state is not None:
            return state.version
        inst = find_installation(self.config.home)
        return inst.version if inst else None

    def _confirmed_version(self) -> str:
        if self._version is None:
            client = self.client()
            probe = LanguageToolClient(client.url, timeout=min(VERSION_PROBE_TIMEOUT, self.config.request_timeout))
            self._version = probe.version()
        return self._version

    def client(self) -> LanguageToolClient:
        if self._client is not None:
            return self._client
        cfg = self.config
        STATS.connects += 1
        if cfg.url:
            self._client = LanguageToolClient(cfg.url, timeout=cfg.request_timeout)
            return self._client
        if cfg.allow_download and find_installation(cfg.home) is None:
            print(f"medlint: LanguageTool is not installed; language-tool-python now downloads LanguageTool "
                  f"{DEFAULT_VERSIONS[0]} (about 250 MB, once) into ~/.cache/language_tool_python "
                  f"(Java >= 17 needed)", file=sys.stderr, flush=True)
        elif read_state(cfg.home) is None and sys.stderr.isatty():
            print("medlint: starting a local LanguageTool server (it stops after "
                  f"{(cfg.idle_timeout or 0) / 60:g} min unused) ...", file=sys.stderr, flush=True)
        self._client = connect(None, home=cfg.home, start=True, allow_download=cfg.allow_download or None,
                               request_timeout=cfg.request_timeout, startup_timeout=cfg.startup_timeout,
                               idle_timeout=cfg.idle_timeout)
        return self._client

    def _where(self, exc: LanguageToolUnavailable) -> LanguageToolUnavailable:
        if self.config.url and URL_ENV not in str(exc):
            return LanguageToolUnavailable(
                f"{exc}; start that server, or unset {URL_ENV} and typos.languagetool_url to use medlint's "
                "own (`medlint languagetool start`)")
        return exc

    # -- cache -----------------------------------------------------------------------------------
    def _cache(self, version: str) -> ResultCache | None:
        if self.config.cache_dir is None:
            return None
        if version not in self._caches:
            key = config_key({"version": version, **self.config.request_options()})
            self._caches[version] = ResultCache(self.config.cache_dir, version, key)
        return self._caches[version]

    # -- checking --------------------------------------------------------------------------------
    def results(self, texts: Sequence[str]) -> list[list[LTMatch]]:
        """LanguageTool's matches for each text (offsets relative to that text)."""
        try:
            return self._results(texts)
        except LanguageToolUnavailable as exc:
            self._client = None  # a later run reconnects (the managed server may be restarted)
            self._version = None
            raise self._where(exc) from None

    def _results(self, texts: Sequence[str]) -> list[list[LTMatch]]:
        keys = [text_key(t) for t in texts]
        STATS.paragraphs += len(keys)
        version = self._expected_version()
        found: dict[str, list[Any]] = {}
        cache = self._cache(version) if version else None
        if cache is not None:
            found = cache.get_many(keys)
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if todo:
            real = self._confirmed_version()
            if real != version and (cache := self._cache(real)) is not None:
                found = cache.get_many(keys)
                todo = {k: t for k, t in todo.items() if k not in found}
        STATS.cached += sum(1 for k in keys if k in found)
        if todo:
            fetched = self._ask(list(todo.values()))
            new = dict(zip(todo, fetched, strict=True))
            if cache is not None:
                cache.put_many(new)  # type: ignore[arg-type]
            found.update(new)
        return [list(found[k]) for k in keys]

    def _ask(self, texts: list[str]) -> list[list[LTMatch]]:
        client = self.client()
        groups = batches([len(t) for t in texts], self.config.batch_chars)
        out: list[list[LTMatch]] = [[] for _ in texts]

        def one(group: list[int]) -> None:
            parts = [texts[i] for i in group]
            joined = SEPARATOR.join(parts)
            STATS.requests += 1
            STATS.chars_sent += len(joined)
            cfg = self.config
            matches = client.check(
                joined, language=cfg.language, level="picky" if cfg.level == "picky" else "default",
                disabled_rules=cfg.disabled_rules, enabled_rules=cfg.enabled_rules,
                disabled_categories=cfg.disabled_categories, enabled_categories=cfg.enabled_categories,
                max_replacements=cfg.max_replacements)
            for i, found in zip(group, split_matches(parts, matches), strict=True):
                out[i] = found

        if len(groups) == 1:
            one(groups[0])
            return out
        pool = ThreadPoolExecutor(min(PARALLEL_REQUESTS, len(groups)), thread_name_prefix="medlint-lt")
        try:
            futures = [pool.submit(one, g) for g in groups]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for f in done:
                if (exc := f.exception()) is not None:
                    raise exc
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        return out


_ENGINES: dict[EngineConfig, Engine] = {}


def engine_for(config: EngineConfig) -> Engine:
    """The process-wide engine for `config` (kept between files and runs in one process)."""
    if config not in _ENGINES:
        _ENGINES[config] = Engine(config)
    return _ENGINES[config]


def resolve_url(setting: str | None) -> str | None:
    """`$MEDLINT_LANGUAGETOOL_URL` wins over the `typos.languagetool_url` setting."""
    return os.environ.get(URL_ENV) or setting or None
