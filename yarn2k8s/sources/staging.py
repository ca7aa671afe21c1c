"""Inputs named by HDFS URIs, fetched over WebHDFS into a local staging folder.

Each URI lands in its own numbered folder under a name taken from its HDFS path (a folder
under its own name, a file under its parent folder's name), so relative paths in every output
look as they would for a local copy: no staging path ever reaches a report.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from yarn2k8s.security.redact import redact
from yarn2k8s.sources.http import SourceError
from yarn2k8s.sources.webhdfs import FetchLimits, fetch, hdfs_path, is_hdfs_uri

_HTTP_FOR = {"webhdfs": "http", "swebhdfs": "https"}


@dataclass
class Staged:
    """Local paths to analyze, in the order given, and notes on what was skipped."""

    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def webhdfs_url(uri: str, given: str) -> str:
    """The WebHDFS endpoint for a URI: `--webhdfs`, or the URI's own host for webhdfs://."""
    if given:
        return given
    parts = urllib.parse.urlsplit(uri)
    scheme = _HTTP_FOR.get(parts.scheme.lower())
    if scheme and parts.netloc:
        return f"{scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
    raise SourceError(f"{redact(uri)}: hdfs:// inputs need `--webhdfs http://namenode:9870`")


def _fetch_one(value: str, slot: Path, url: str, user: str, limits: FetchLimits) -> Staged:
    path = hdfs_path(value)
    landing = slot / "fetched"
    result = fetch(url, value, landing, user=user, limits=limits)
    landing.mkdir(parents=True, exist_ok=True)  # an empty folder is still an input root
    notes = [f"{redact(value)}: skipped {rel}: {why}" for rel, why in result.skipped]
    if result.kind == "file":
        # A file keeps its HDFS parent folder's name, as a local file's folder would.
        root = slot / (posixpath.basename(posixpath.dirname(path)) or "hdfs")
        landing.rename(root)
        return Staged([root / result.files[0]] if result.files else [root], notes)
    root = slot / (posixpath.basename(path) or "hdfs")
    landing.rename(root)
    return Staged([root], notes)


def stage_inputs(
    values: list[str],
    staging: Path,
    webhdfs: str = "",
    user: str = "",
    limits: FetchLimits | None = None,
) -> Staged:
    """Local paths for the command's PATH arguments, fetching the HDFS ones.

    Raises:
        SourceError: an HDFS input cannot be fetched.
    """
    staged = Staged()
    for index, value in enumerate(values):
        if not is_hdfs_uri(value):
            staged.paths.append(Path(value))
            continue
        url = webhdfs_url(value, webhdfs)
        fetched = _fetch_one(value, staging / str(index), url, user, limits or FetchLimits())
        staged.paths += fetched.paths
        staged.notes += fetched.notes
    return staged
