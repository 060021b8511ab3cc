"""A content-hash cache of findings, so unchanged drafts are not analysed again.

An entry's key hashes the draft (text, front matter and where its body starts) together
with everything that can change its findings: postguard's version, the policy fingerprint
(every rule), the spaCy pipeline and the classifier. Change any of them and the old
entries simply stop matching. Entries live in one SQLite file in the cache folder.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import sys
from pathlib import Path

from postguard.inputs.draft import Draft
from postguard.results import Finding, Screening

CACHE_FILE = "findings.sqlite3"


class FindingsCache:
    def __init__(self, folder: Path, run_key: str):
        self.folder = Path(folder)
        self.run_key = run_key
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:
                self._db = self._rebuild()
            except (OSError, sqlite3.Error):
                return None  # a cache that cannot be opened only costs speed, never a result
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.folder / CACHE_FILE)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS findings (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS batches (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _rebuild(self) -> sqlite3.Connection | None:
        """A damaged cache file (truncated, overwritten) is moved aside, once, and a new one started."""
        path = self.folder / CACHE_FILE
        aside = path.with_name(f"{CACHE_FILE}.corrupt-{dt.datetime.now():%Y%m%d-%H%M%S}")
        try:
            path.replace(aside)
            sys.stderr.write(f"postguard: warning: the findings cache {path} was damaged; moved it to {aside.name} "
                             "and started a new one (this run screens every draft afresh)\n")
            return self._open()
        except (OSError, sqlite3.Error):
            return None

    def _query(self, sql: str, params=()) -> list:
        """Rows of a read; a cache damaged mid-run is rebuilt and reads as empty."""
        db = self._connect()
        if db is None:
            return []
        try:
            return db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError:
            db.close()
            self._db = self._rebuild()
            return []

    def key(self, draft: Draft) -> str:
        """Everything about a draft that can change its findings; not its path (a renamed draft is the same)."""
        reply = draft.in_reply_to
        fields = [draft.text, draft.body_line, draft.platform, draft.account, draft.author, draft.scheduled,
                  draft.type, reply and [reply.text, reply.author], [[m.file, m.alt] for m in draft.media],
                  draft.links, draft.waive, draft.file, draft.lang]
        blob = json.dumps([self.run_key, fields], default=_plain)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def keys(self, drafts: list[Draft]) -> list[str]:
        return [self.key(d) for d in drafts]

    def get_many(self, keys: list[str]) -> dict[int, Screening]:
        """Cached screenings by position in `keys`, for the drafts that have an entry."""
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):  # SQLite limits the number of parameters
            chunk = keys[start:start + 500]
            found.update(self._query(f"SELECT key, data FROM findings WHERE key IN ({','.join('?' * len(chunk))})",
                                     chunk))
        screenings = {}
        for i, k in enumerate(keys):
            if k in found and (screening := _decoded(Screening.from_dict, found[k])) is not None:
                screenings[i] = screening
        return screenings

    def put_many(self, entries: list[tuple[str, Screening]]) -> None:
        db = self._connect()
        if db is None:
            return
        rows = [(key, json.dumps(s.to_dict())) for key, s in entries]
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO findings (key, data) VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def batch_key(self, drafts: list[Draft], keys: list[str]) -> str:
        """The whole batch, in order and with paths: what checks across drafts (near-duplicates) depend on."""
        blob = json.dumps([self.run_key, [[d.path, key] for d, key in zip(drafts, keys)]])
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get_batch(self, key: str) -> dict[int, list[Finding]] | None:
        rows = self._query("SELECT data FROM batches WHERE key = ?", (key,))
        if not rows:
            return None
        return _decoded(lambda data: {int(i): [Finding.from_dict(f) for f in found] for i, found in data.items()},
                        rows[0][0])

    def put_batch(self, key: str, findings: dict[int, list[Finding]]) -> None:
        db = self._connect()
        if db is None:
            return
        data = json.dumps({i: [f.to_dict() for f in found] for i, found in findings.items()})
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO batches (key, data) VALUES (?, ?)", (key, data))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _plain(value):
    """Front matter dates in a cache key."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decoded(build, text: str):
    """An entry rebuilt from its JSON, or None if it cannot be (then the draft is screened afresh)."""
    try:
        return build(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
