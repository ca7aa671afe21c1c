"""What the equivalence rules may consult about one job: both configurations, the job's own
findings (with their arguments parsed back through the catalogue's templates), the
SparkApplication and the files its Dockerfile copies into the image."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.findings import rule

REDACTED = "***REDACTED***"
_COPY = re.compile(r"^\s*COPY\s+(.*)$", re.IGNORECASE)


@cache
def _template_regex(code: str) -> re.Pattern[str]:
    """A regex that reads a finding message back into the arguments it was formatted from."""
    pattern = ""
    for literal, name, _spec, _conv in string.Formatter().parse(rule(code).message):
        pattern += re.escape(literal)
        if name is not None:
            pattern += f"(?P<{name}>.*?)"
    return re.compile(pattern + r"\Z", re.DOTALL)


def finding_args(code: str, message: str) -> dict[str, str] | None:
    """The arguments of a finding's message, or None if it does not match the template."""
    match = _template_regex(code).match(message)
    return match.groupdict() if match else None


def copied_files(dockerfile: str) -> dict[str, str]:
    """Map each file name a Dockerfile copies from the build context to its path in the image."""
    copied: dict[str, str] = {}
    for line in dockerfile.splitlines():
        match = _COPY.match(line)
        if not match:
            continue
        words = _copy_words(match.group(1))
        if len(words) < 2 or any(w.startswith("--from") for w in words):
            continue
        *sources, dest = words
        for source in sources:
            name = PurePosixPath(source).name
            copied[name] = f"{dest}{name}" if dest.endswith("/") else dest
    return copied


def _copy_words(rest: str) -> list[str]:
    """The sources and destination of a COPY instruction (JSON or shell form), flags dropped."""
    words = [w for w in rest.split() if w.startswith("--")]
    body = rest
    for flag in words:
        body = body.replace(flag, "", 1)
    body = body.strip()
    if body.startswith("["):
        try:
            return [str(w) for w in json.loads(body)]
        except ValueError:
            return []
    return body.split()


@dataclass
class Context:
    """One job: the original record (job.json), the SparkApplication and the rebuilt conf."""

    record: Mapping[str, Any]
    app: Mapping[str, Any]
    spec: Mapping[str, Any]  # the SparkApplicationSpec with the operator's defaults
    original: dict[str, str]
    converted: dict[str, str]
    copied: dict[str, str] = field(default_factory=dict)

    def findings(self, code: str) -> Iterator[dict[str, str]]:
        """The parsed arguments of each of the job's findings with ``code``."""
        for item in self.record.get("findings") or []:
            if item.get("code") == code:
                args = finding_args(code, str(item.get("message", "")))
                if args is not None:
                    yield args

    def has(self, code: str, **expected: str) -> bool:
        """Whether the job has a ``code`` finding whose arguments include ``expected``."""
        return any(
            all(args.get(k) == v for k, v in expected.items()) for args in self.findings(code)
        )

    @property
    def annotations(self) -> Mapping[str, str]:
        return (self.app.get("metadata") or {}).get("annotations") or {}

    @property
    def labels(self) -> Mapping[str, str]:
        return (self.app.get("metadata") or {}).get("labels") or {}

    def rewrites(self) -> list[tuple[str, str]]:
        """The storage map's rewrites (DA002), longest first."""
        pairs = {(a["old"], a["new"]) for a in self.findings("DA002")}
        return sorted(pairs, key=lambda p: (-len(p[0]), p))

    def rewrite(self, value: str) -> str:
        """``value`` with the job's DA002 rewrites applied, as the converter did."""
        for old, new in self.rewrites():
            if value == old:
                return new
            if "://" in old:
                value = value.replace(old, new)
            elif value.endswith(f"={old}"):
                value = value[: -len(old)] + new
        return value

    def path_codes(self, original: str, converted: str) -> tuple[str, ...] | None:
        """Why a file reference changed, as finding codes; None when nothing explains it."""
        if original == converted:
            return ()
        bare, _, alias = original.partition("#")
        name = PurePosixPath(bare.removeprefix("file:")).name
        codes: tuple[str, ...] = ("SP011",) if alias and "#" not in converted else ()
        if alias and codes and not self.has("SP011", value=original):
            return None
        target = converted.partition("#")[0]
        if self.rewrite(bare) == target:
            return (*codes, "DA002")
        if target == f"local://{self.copied.get(name, '')}":
            return (*codes, "VA014")
        in_image = target.startswith("local://") and PurePosixPath(target).name == name
        missing = [c for c in ("DF001", "DF002") if self.has(c, path=bare)]
        return (*codes, missing[0]) if in_image and missing else None
