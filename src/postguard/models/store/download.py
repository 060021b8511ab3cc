"""Downloading one file: resumable, with a progress bar, verified by sha256 before it is kept."""
from __future__ import annotations

import hashlib
import os
import urllib.parse
from pathlib import Path

from postguard.errors import ModelError

CHUNK = 1 << 16
TIMEOUT_S = 60


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_url(url: str) -> None:
    """Only https (plain http only to this machine itself, e.g. a local mirror or a test server)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK):
        return
    raise ModelError(f"refusing to download {url!r}: only https URLs are allowed",
                     fix="use an https URL in the model registry, or copy the files in with 'postguard models import'")


def download(url: str, part: Path, *, progress=None) -> Path:
    """Fetch `url` into `part` (a temporary file), resuming what a cut connection left there.

    `progress(done, total)` is called as bytes arrive. The caller checks the file and only then
    moves it into place.
    """
    import http.client  # the network stack loads only for a download, never for a check
    import urllib.error
    import urllib.request

    check_url(url)
    part.parent.mkdir(parents=True, exist_ok=True)
    done = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "postguard", **({"Range": f"bytes={done}-"}
                                                                                if done else {})})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            if done and response.status != 206:  # the server ignored the range: start over
                done = 0
            length = response.headers.get("Content-Length")
            total = done + int(length) if length is not None else None
            with open(part, "ab" if done else "wb") as out:
                while block := response.read(CHUNK):
                    out.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
            if total is not None and done < total:
                raise ModelError(f"download of {url} stopped at {done} of {total} bytes",
                                 fix="run the same command again to resume")
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and done:  # the .part file is already complete
            return part
        raise ModelError(f"download of {url} failed: HTTP {exc.code}", fix="check the URL in the model registry") \
            from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(f"download of {url} was interrupted ({reason})",
                         fix="check the connection and run the same command again to resume "
                             "(or copy the files in by hand with 'postguard models import')") from None
    return part
