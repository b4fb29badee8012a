"""Bounded HTTP GET/POST to a LanguageTool server (stdlib only)."""

import http.client
import json
import time
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import ProxyHandler, Request, build_opener

from .errors import LanguageToolUnavailable

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_DIRECT = build_opener(ProxyHandler({}))  # a local server must never go through $http_proxy
_DEFAULT = build_opener()


def request(url: str, *, timeout: float, data: dict[str, str] | None = None) -> bytes:
    """GET (or POST form `data`) and return the body.

    `timeout` bounds connecting, each read and (roughly) the whole exchange; any failure raises
    LanguageToolUnavailable.
    """
    body = urlencode(data).encode() if data is not None else None
    req = Request(url, data=body, headers={"Accept": "application/json", "User-Agent": "medlint"})
    opener = _DIRECT if urlsplit(url).hostname in _LOOPBACK else _DEFAULT
    try:
        deadline = time.monotonic() + timeout
        with opener.open(req, timeout=timeout) as resp:
            chunks = []
            while chunk := resp.read(1 << 16):  # each read is bounded by the socket timeout
                chunks.append(bytes(chunk))
                if time.monotonic() > deadline:
                    raise TimeoutError
            return b"".join(chunks)
    except HTTPError as exc:
        detail = exc.read(400).decode("utf-8", "replace").strip().splitlines()
        raise LanguageToolUnavailable(
            f"LanguageTool server {url} answered HTTP {exc.code}: {detail[0] if detail else exc.reason}"
        ) from exc
    except TimeoutError as exc:
        raise LanguageToolUnavailable(
            f"LanguageTool server {url} did not answer within {timeout:g} s"
        ) from exc
    except (URLError, OSError, http.client.HTTPException) as exc:
        reason = exc.reason if isinstance(exc, URLError) else exc
        if isinstance(reason, TimeoutError):
            raise LanguageToolUnavailable(
                f"LanguageTool server {url} did not answer within {timeout:g} s"
            ) from exc
        raise LanguageToolUnavailable(f"LanguageTool server {url} is not reachable: {reason}") from exc


def request_json(url: str, *, timeout: float, data: dict[str, str] | None = None) -> Any:
    raw = request(url, timeout=timeout, data=data)
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise LanguageToolUnavailable(f"LanguageTool server {url} sent invalid JSON: {raw[:80]!r}") from exc
