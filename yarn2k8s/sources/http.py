"""A small JSON-over-HTTP reader with a timeout and a size limit (urllib only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from yarn2k8s.errors import Yarn2k8sError
from yarn2k8s.security.redact import redact

DEFAULT_TIMEOUT = 15.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class SourceError(Yarn2k8sError):
    """A live source could not be read (unreachable, bad status, not JSON)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status, when the server answered with an error


def check_base_url(url: str, what: str) -> str:
    """Accept only http(s) URLs; return the URL without a trailing slash."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{what}: expected an http(s):// URL, got {redact(url)!r}")
    return url.rstrip("/")


def api_url(base_url: str, prefix: str, path: str, query: dict[str, str] | None = None) -> str:
    """`base/prefix/path?query`, the URL shape both REST clients use."""
    url = f"{base_url}/{prefix}/{path}"
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def get_json(url: str, timeout: float = DEFAULT_TIMEOUT, limit: int = MAX_RESPONSE_BYTES) -> Any:
    """GET a URL and parse its JSON body.

    Raises:
        SourceError: connection failure, HTTP error status, oversized or non-JSON body.
    """
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    shown = redact(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(limit + 1)
    except urllib.error.HTTPError as err:
        raise SourceError(f"{shown}: HTTP {err.code} {err.reason}", err.code) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise SourceError(f"{shown}: cannot connect: {redact(str(reason))}") from None
    if len(body) > limit:
        raise SourceError(f"{shown}: response is over {limit} bytes")
    try:
        return json.loads(body)
    except ValueError:
        raise SourceError(f"{shown}: the response is not JSON") from None


def as_int(value: Any) -> int:
    """Numbers in REST payloads are sometimes strings ("1024"); anything else counts as 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return 0


def as_str(value: Any) -> str:
    """A text field, with None as empty."""
    return "" if value is None else str(value)
