"""WebHDFS: copy Oozie application folders and job artifacts named by hdfs:// paths into a
local staging folder, so they go through the same analyzers as local inputs.

Uses HdfsCLI (`hdfs` package), imported only when used. The server is not trusted: names from
listings are checked (no `/`, `.` or `..`), and file count, file size and total size are
bounded; files over the limit are skipped and reported, never truncated.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yarn2k8s.security.redact import redact
from yarn2k8s.sources.http import DEFAULT_TIMEOUT, SourceError, check_base_url

HDFS_SCHEMES = ("hdfs", "webhdfs", "swebhdfs", "viewfs")
MAX_DEPTH = 20
# WebHDFS query parameters that identify or authenticate the caller: `user.name` and `doas`
# name an account, `delegation`/`token` are bearer credentials. Masked wherever a URI or an
# error message (which may quote a DataNode redirect URL) is shown.
_CREDENTIAL_PARAM = re.compile(
    r"(?i)(?<![\w.])(user\.name|doas|delegation|token|tokenkind)=[^&\s'\"#]*"
)
_MASK = "***REDACTED***"
# Hadoop's RemoteException class names, shortened for findings.
_REASONS = {
    "FileNotFoundException": "not found",
    "AccessControlException": "permission denied",
    "SecurityException": "permission denied",
    "AuthorizationException": "permission denied",
}


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds on what one fetch may bring in."""

    max_files: int = 10_000
    max_file_bytes: int = 8 * 1024 * 1024
    max_total_bytes: int = 512 * 1024 * 1024


@dataclass
class FetchResult:
    """What a fetch wrote (relative POSIX paths under the destination) and what it skipped."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    total_bytes: int = 0
    kind: str = "directory"  # or "file": what the URI named


def is_hdfs_uri(value: str) -> bool:
    """An hdfs://, webhdfs://, swebhdfs:// or viewfs:// URI."""
    return urllib.parse.urlsplit(value).scheme.lower() in HDFS_SCHEMES


def hdfs_path(uri: str) -> str:
    """The absolute, normalized path part of an HDFS URI (`hdfs://nn:8020/a/b` -> `/a/b`)."""
    path = urllib.parse.urlsplit(uri).path or "/"
    normal = posixpath.normpath("/" + path.lstrip("/"))
    return "/" if normal == "//" else normal


def redact_uri(uri: str) -> str:
    """A URI (or a message quoting one) fit for findings: credential parameters masked.

    The shared `redact` masks passwords in userinfo and secret-looking words, but not WebHDFS's
    own `user.name=` / `delegation=` parameters, which are credentials in a URL.
    """
    uri = _CREDENTIAL_PARAM.sub(lambda m: f"{m.group(1)}={_MASK}", uri)
    return redact(uri)


def error_reason(err: Exception) -> str:
    """Why a WebHDFS call failed: `not found: ...`, `permission denied: ...` or the message."""
    exception = str(getattr(err, "exception", "") or "")
    message = redact_uri(str(err).splitlines()[0] if str(err) else type(err).__name__)[:200]
    short = _REASONS.get(exception, "")
    return f"{short}: {message}" if short else message


def _safe_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\x00" not in name


def open_client(url: str, user: str = "", timeout: float = DEFAULT_TIMEOUT) -> Any:
    """An HdfsCLI client for a WebHDFS endpoint, to share across many `fetch` calls.

    Raises:
        SourceError: the URL is not http(s).
    """
    try:
        from hdfs import InsecureClient  # imported lazily: only WebHDFS fetches need it
    except ImportError:  # pragma: no cover - hdfs is a declared dependency
        raise SourceError("WebHDFS needs the `hdfs` package (pip install hdfs)") from None
    return InsecureClient(check_base_url(url, "--webhdfs"), user=user or None, timeout=timeout)


def fetch(
    url: str,
    uri: str,
    dest: Path,
    user: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    limits: FetchLimits | None = None,
    client: Any = None,
) -> FetchResult:
    """Copy a file or folder named by an HDFS URI (or plain path) into `dest`.

    A folder's contents land directly under `dest`; a file lands as `dest/<name>`. `client`
    (from `open_client`) lets many fetches share one connection pool.

    Raises:
        SourceError: the server cannot be reached or the path does not exist; its message
            starts with the short reason (`error_reason`).
    """
    client = client if client is not None else open_client(url, user, timeout)
    from hdfs.util import HdfsError

    path = hdfs_path(uri) if is_hdfs_uri(uri) else posixpath.normpath("/" + uri.lstrip("/"))
    fetcher = _Fetcher(client, dest, limits or FetchLimits())
    try:
        status = client.status(path)
        if status.get("type") == "DIRECTORY":
            fetcher.folder(path, "", 0)
        else:
            fetcher.result.kind = "file"
            fetcher.file(path, posixpath.basename(path) or "file", status)
    except HdfsError as err:
        raise SourceError(f"WebHDFS {redact_uri(uri)}: {error_reason(err)}") from None
    except (KeyError, TypeError, ValueError) as err:  # a 4xx/5xx body HdfsCLI cannot read
        raise SourceError(f"WebHDFS {redact_uri(uri)}: unexpected answer ({err!r})") from None
    except OSError as err:  # requests' connection errors are OSErrors
        detail = redact_uri(str(err))[:200]
        raise SourceError(f"WebHDFS {redact_uri(url)}: cannot connect: {detail}") from None
    return fetcher.result


@dataclass
class _Fetcher:
    client: Any
    dest: Path
    limits: FetchLimits
    result: FetchResult = field(default_factory=FetchResult)

    def folder(self, path: str, rel: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.result.skipped.append((rel, "too deep"))
            return
        for name, status in sorted(self.client.list(path, status=True), key=lambda item: item[0]):
            child_rel = f"{rel}/{name}" if rel else name
            if not _safe_name(name):
                self.result.skipped.append((child_rel, "unsafe name"))
            elif status.get("type") == "DIRECTORY":
                self.folder(posixpath.join(path, name), child_rel, depth + 1)
            elif status.get("type") == "FILE":
                self.file(posixpath.join(path, name), child_rel, status)
            else:
                self.result.skipped.append((child_rel, "not a regular file"))

    def file(self, path: str, rel: str, status: dict[str, Any]) -> None:
        limits, result = self.limits, self.result
        size = int(status.get("length") or 0)
        if len(result.files) >= limits.max_files:
            result.skipped.append((rel, f"over {limits.max_files} files"))
            return
        if size > limits.max_file_bytes:
            result.skipped.append((rel, f"{size} bytes, over {limits.max_file_bytes}"))
            return
        if result.total_bytes + size > limits.max_total_bytes:
            result.skipped.append((rel, f"over {limits.max_total_bytes} bytes in total"))
            return
        with self.client.read(path) as reader:
            data = reader.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:  # the listing lied about the size
            result.skipped.append((rel, f"over {limits.max_file_bytes} bytes"))
            return
        target = self.dest.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        result.files.append(rel)
        result.total_bytes += len(data)
