"""Data path rewriting by the storage map (hdfs://nn/warehouse -> s3a://lake/warehouse).

Only hdfs:// and viewfs:// URIs, and scheme-less absolute paths that a rule covers (they
resolve against fs.defaultFS), are touched. Anything else (local paths, s3a://, http://) is
left alone. An HDFS URI no rule covers stays, and the caller reports that pods must reach HDFS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yarn2k8s.config import StorageRewrite

_HDFS_URI = re.compile(r"\b(?:hdfs|viewfs|webhdfs)://[^\s,;'\"]*")


@dataclass
class RewriteLog:
    """What a rewrite pass changed and what it could not map."""

    rewritten: dict[str, str] = field(default_factory=dict)
    unmapped: set[str] = field(default_factory=set)


class StorageMap:
    """Applies the configured rewrites, longest prefix first."""

    def __init__(self, rules: list[StorageRewrite], default_fs: str = "") -> None:
        self.rules = sorted(
            (r for r in rules if r.from_ and r.to), key=lambda r: len(r.from_), reverse=True
        )
        self.default_fs = default_fs.rstrip("/")

    def map_uri(self, uri: str) -> str | None:
        """The rewritten URI, or None if no rule covers it."""
        candidates = [uri]
        if uri.startswith("/") and self.default_fs:
            candidates.append(self.default_fs + uri)
        if uri.startswith(("hdfs:///", "viewfs:///")) and self.default_fs:
            candidates.append(self.default_fs + uri.split("://", 1)[1])
        for rule in self.rules:
            prefix = rule.from_.rstrip("/")
            for cand in candidates:
                if cand == prefix or cand.startswith(prefix + "/"):
                    return rule.to.rstrip("/") + cand[len(prefix) :]
        return None

    def rewrite(self, value: str, log: RewriteLog) -> str:
        """Rewrite every HDFS URI inside a value, and the value itself if it is a path."""

        def sub(match: re.Match[str]) -> str:
            uri = match.group(0)
            mapped = self.map_uri(uri)
            if mapped is None:
                log.unmapped.add(uri)
                return uri
            log.rewritten[uri] = mapped
            return mapped

        out = _HDFS_URI.sub(sub, value)
        if out == value:
            out = self._rewrite_plain_path(value, log)
        return out

    def _rewrite_plain_path(self, value: str, log: RewriteLog) -> str:
        # `/warehouse/x` or `input=/warehouse/x`: only when a rule covers the path.
        key, eq, path = value.rpartition("=")
        target = path if eq else value
        if not target.startswith("/"):
            return value
        mapped = self.map_uri(target)
        if mapped is None:
            return value
        log.rewritten[target] = mapped
        return f"{key}{eq}{mapped}"
