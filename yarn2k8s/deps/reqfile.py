"""requirements.txt files, with `-r`/`-c` includes followed inside the input root only.

Includes are bounded in depth and cycle-checked. Lines pip could only satisfy from outside the
build context (VCS URLs, local paths, editable installs) are reported, never passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from yarn2k8s.deps.evidence import Requirement
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

MAX_INCLUDE_DEPTH = 5
MAX_FILE_BYTES = 1024 * 1024
_REQ = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<extras>\[[^\]]*\])?\s*"
    r"(?P<spec>[<>=!~][^;]*)?\s*(?:;\s*(?P<marker>.+))?$"
)
_EXACT = re.compile(r"^===?\s*(?P<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
_SKIP_OPTIONS = (
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--pre",
    "--trusted-host",
    "--no-binary",
    "--only-binary",
    "--prefer-binary",
    "--require-hashes",
    "--no-index",
    "--use-feature",
)


def exact_version(spec: str) -> str:
    """The version of an exact `==X` pin (no wildcard), else ""."""
    match = _EXACT.match(spec.strip())
    if match and "*" not in match.group("version"):
        return match.group("version")
    return ""


def parse_line(text: str, where: SourceLocation, source: str) -> Requirement | None:
    """One requirement specifier (PEP 508 without URLs) -> Requirement; None if not one."""
    # Per-requirement options (`--hash=...`, `--config-settings ...`) are not part of the name.
    text = re.sub(r"\s--[a-z-]+(=\S+)?.*$", "", text)
    match = _REQ.match(text.strip())
    if not match:
        return None
    spec = re.sub(r"\s+", "", match.group("spec") or "")
    version = exact_version(spec)
    return Requirement(
        name=match.group("name") + (match.group("extras") or ""),
        location=where,
        source=source,
        version=version,
        spec="" if version else spec,
        marker=(match.group("marker") or "").strip(),
    )


@dataclass
class ReqFileResult:
    """Requirements, constraints and findings from one file and its includes."""

    requirements: list[Requirement] = field(default_factory=list)
    constraints: dict[str, str] = field(default_factory=dict)  # canonical name -> version
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def read_requirements(path: Path, root: Path) -> ReqFileResult:
    """Read a requirements file and everything it includes."""
    out = ReqFileResult()
    _read(path, root, out, depth=0, seen=set(), constraint=False)
    return out


def _rel(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) with backslash continuations joined and comments removed."""
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append((start, (pending + line).strip()))
        pending = ""
    if pending:
        lines.append((start, pending.strip()))
    return [(n, t) for n, t in lines if t]


def _read(
    path: Path, root: Path, out: ReqFileResult, depth: int, seen: set[Path], constraint: bool
) -> None:
    real = path.resolve()
    seen.add(real)
    rel = _rel(real, root)
    out.files.append(rel)
    text = real.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
    for number, line in _logical_lines(text):
        where = SourceLocation(rel, number)
        option, _, rest = line.partition(" ")
        if option in ("-r", "--requirement", "-c", "--constraint") or line.startswith(
            ("-r", "--requirement=", "-c", "--constraint=")
        ):
            target = rest.strip() or re.sub(r"^(-r|-c|--requirement=|--constraint=)", "", line)
            is_constraint = constraint or option.startswith(("-c", "--constraint"))
            _include(real.parent / target.strip(), root, out, depth, seen, is_constraint, where)
        elif line.startswith("-") and not line.startswith(("-e", "--editable")):
            if not line.startswith(_SKIP_OPTIONS):
                out.findings.append(make("DP019", where, line=line, kind="pip option"))
        else:
            _requirement(line, where, out, constraint)


def _requirement(line: str, where: SourceLocation, out: ReqFileResult, constraint: bool) -> None:
    req = parse_line(line, where, "requirements")
    if req is None:
        kind = "editable install" if line.startswith("-") else "URL or local path"
        out.findings.append(make("DP019", where, line=line, kind=kind))
    elif constraint:
        if req.version:
            out.constraints[req.key] = req.version
    else:
        out.requirements.append(req)


def _include(
    target: Path,
    root: Path,
    out: ReqFileResult,
    depth: int,
    seen: set[Path],
    constraint: bool,
    where: SourceLocation,
) -> None:
    name = target.name
    try:
        real = target.resolve()
    except OSError:
        real = target
    if not real.is_relative_to(root.resolve()):
        out.findings.append(make("DP018", where, path=name, reason="is outside the input root"))
    elif real in seen:
        out.findings.append(make("DP018", where, path=name, reason="includes itself (cycle)"))
    elif depth + 1 > MAX_INCLUDE_DEPTH:
        out.findings.append(make("DP018", where, path=name, reason="is nested too deep"))
    elif not real.is_file():
        out.findings.append(make("DP018", where, path=name, reason="was not found"))
    else:
        _read(real, root, out, depth + 1, seen, constraint)
