"""LanguageTool results per paragraph, kept between runs in SQLite.

One database file per LanguageTool version and request configuration (the file name carries a hash
of both), so a new version or a changed rule selection starts a fresh file and never reads stale
results. Inside, the key is a hash of the exact text sent for the paragraph. SQLite gives atomic
commits and safe concurrent use by parallel medlint processes (`--jobs`); a busy database is waited
for briefly, then skipped. A corrupt file is deleted and rebuilt; if the folder cannot be written
the run goes on without a cache. Size is bounded: at most MAX_ROWS paragraphs per file (least
recently used dropped first) and MAX_FILES files per folder (oldest dropped).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SCHEMA = 1
MAX_ROWS = 50_000
MAX_FILES = 12
BUSY_TIMEOUT = 5.0
TOUCH_EVERY = 86_400  # refresh a row's last-use time at most once a day (keeps re-runs read-only)
CACHE_DIR_ENV = "MEDLINT_CACHE_DIR"


def default_cache_dir() -> Path:
    """`$MEDLINT_CACHE_DIR/typos`, else `$XDG_CACHE_HOME/medlint/typos` (default `~/.cache/...`)."""
    if env := os.environ.get(CACHE_DIR_ENV):
        return Path(env).expanduser() / "typos"
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser() / "medlint" / "typos"


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def config_key(parts: dict[str, Any]) -> str:
    blob = json.dumps({"schema": SCHEMA, **parts}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class ResultCache:
    """Paragraph-hash -> list of LanguageTool matches (JSON), for one version + configuration."""

    def __init__(self, folder: Path, version: str, config_hash: str) -> None:
        safe_version = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in version)[:40]
        self.path = folder / f"lt-{safe_version}-{config_hash}.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._broken = False

    # -- connection ------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        for attempt in range(3):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fresh = not self.path.exists()
                db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
                try:
                    db.execute("PRAGMA synchronous=NORMAL")
                    db.execute("CREATE TABLE IF NOT EXISTS results "
                               "(key TEXT PRIMARY KEY, matches TEXT NOT NULL, used INTEGER NOT NULL)")
                    db.execute("SELECT count(*) FROM results WHERE key = ''").fetchone()  # reads the schema
                except BaseException:
                    db.close()
                    raise
                self._db = db
                with contextlib.suppress(OSError):
                    os.utime(self.path)  # in use: not the oldest file when pruning
                if fresh:
                    _prune_files(self.path.parent, keep=self.path)
                return db
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) and attempt < 2:
                    time.sleep(0.2)
                    continue
                if "malformed" in str(exc) and attempt < 2:
                    self._discard()
                    continue
                break  # e.g. a read-only folder: run without a cache
            except sqlite3.DatabaseError:  # "file is not a database", "malformed"
                if attempt < 2:
                    self._discard()
                    continue
                break
            except OSError:
                break
        self._broken = True
        return None

    def _discard(self) -> None:
        """Remove a corrupt file (other processes keep their open handle; they rebuild on their next run)."""
        for path in (self.path, self.path.with_name(self.path.name + "-journal")):
            with contextlib.suppress(OSError):
                path.unlink()

    def _fail(self) -> None:
        """A database error mid-run: drop the connection and the file; the next open rebuilds it."""
        self.close()
        self._discard()

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # -- reads and writes ------------------------------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Cached results for the keys present; unreadable rows count as missing."""
        db = self._open()
        wanted = list(dict.fromkeys(keys))
        if db is None or not wanted:
            return {}
        found: dict[str, list[dict[str, Any]]] = {}
        stale: list[str] = []
        now = int(time.time())
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob, used in db.execute(
                        f"SELECT key, matches, used FROM results WHERE key IN ({marks})", chunk):
                    try:
                        value = json.loads(blob)
                    except ValueError:
                        continue
                    if isinstance(value, list):
                        found[key] = value
                        if now - used > TOUCH_EVERY:
                            stale.append(key)
            if stale:
                self._touch(db, stale, now)
        except sqlite3.OperationalError:
            return found
        except sqlite3.DatabaseError:
            self._fail()
            return {}
        return found

    @staticmethod
    def _touch(db: sqlite3.Connection, keys: list[str], now: int) -> None:
        """Record that rows were used (for least-recently-used eviction); skipped when the file is busy."""
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("UPDATE results SET used = ? WHERE key = ?", [(now, k) for k in keys])
            db.execute("COMMIT")
        except sqlite3.OperationalError:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def put_many(self, items: dict[str, list[dict[str, Any]]]) -> None:
        db = self._open()
        if db is None or not items:
            return
        now = int(time.time())
        rows = [(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")), now)
                for key, value in items.items()]
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO results (key, matches, used) VALUES (?, ?, ?)", rows)
                (count,) = db.execute("SELECT count(*) FROM results").fetchone()
                if count > MAX_ROWS:
                    db.execute("DELETE FROM results WHERE key IN (SELECT key FROM results ORDER BY used "
                               "LIMIT ?)", (count - MAX_ROWS * 9 // 10,))
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError:
            return  # busy (another process is writing): these results are simply not kept
        except sqlite3.DatabaseError:
            self._fail()


def _prune_files(folder: Path, keep: Path) -> None:
    """Keep the MAX_FILES most recently modified cache files (other versions and configurations)."""
    try:
        files = sorted(folder.glob("lt-*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [f for f in files if f != keep][MAX_FILES - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
