"""Downloading one file: resumable, with a progress bar, verified by sha256 before it is kept."""
from __future__ import annotations

import hashlib
import http.client
import os
import urllib.error
import urllib.request
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


def download(url: str, target: Path, *, progress=None) -> Path:
    """Fetch `url` into `target`, resuming a `.part` file left by a cut connection.

    `progress(done, total)` is called as bytes arrive. The `.part` file becomes `target` only
    when the transfer is complete; the caller checks the hash before trusting it.
    """
    part = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
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
            os.replace(part, target)
            return target
        raise ModelError(f"download of {url} failed: HTTP {exc.code}", fix="check the URL in the model registry") \
            from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(f"download of {url} was interrupted ({reason})",
                         fix="check the connection and run the same command again to resume "
                             "(or copy the files in by hand with 'postguard models import')") from None
    os.replace(part, target)
    return target
