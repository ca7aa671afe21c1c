"""Job artifacts named by hdfs:// URIs, fetched over WebHDFS before conversion.

With `convert --webhdfs URL`, the files a job names on HDFS are downloaded once, here, in the
main process, into a cache folder the caller owns: a Spark job's application file, `--jars`,
`--py-files`, `--files` and `--archives`; a batch job's `hadoop jar` jar, `-libjars`, `-files`,
`-archives` and `-file`; a training job's entry script, shipped environment (TonY
`--python_venv`) and the files YARN localized into its containers (`localized_file`). The job
keeps its URIs and records where each landed (`job.extra["fetched"]`, URI -> local path).
Converters then copy those bytes into the job's build context like a gateway-local file, so
they stay pure, `-j N` workers get paths rather than connections, and every byte reaches OUT
through the writer.

URIs are fetched in sorted order, each once however many jobs name it, so which ones fit the
size budget never depends on input order or worker count. A failure (not found, permission
denied, over a size bound, unreachable) is a DP028 finding on each job that names the URI, at
the line that named it; the URI stays a run-time dependency and the batch goes on.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from yarn2k8s.analyzers.training_spec import TrainingSpec
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, SourceLocation, Workflow
from yarn2k8s.security.redact import is_secret_file_name
from yarn2k8s.sources.http import DEFAULT_TIMEOUT, SourceError
from yarn2k8s.sources.webhdfs import FetchLimits, fetch, is_hdfs_uri, open_client, redact_uri

FETCHED = "fetched"  # job.extra key: {URI as the job names it: absolute local path}
# Dependency kinds that name one file to ship with the job.
FILE_KINDS = ("jar", "py-file", "file", "archive")
# `hadoop jar` programs that ship with Hadoop: they run from the image's own jar, never the
# one the job named, so that one is not worth a download.
SHIPPED_TOOLS = frozenset({"streaming", "distributed-shell", "examples", "tests"})
# Training launchers that localize files into the containers' working folder by name.
LOCALIZING_SOURCES = frozenset({"tony", "xlearning"})
# Localized files that YARN unpacked: they need an unpacking step, not a plain copy.
_ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class FetchSettings:
    """Where and how to fetch: the WebHDFS endpoint, a cache folder, the size bounds."""

    url: str
    cache: Path
    user: str = ""
    max_file_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    timeout: float = DEFAULT_TIMEOUT


@dataclass
class FetchStats:
    """What the step did, for tests and benchmarks."""

    fetched: dict[str, int] = field(default_factory=dict)  # URI -> bytes
    failed: dict[str, str] = field(default_factory=dict)  # URI -> reason


def remote_artifacts(job: MigrationJob) -> list[tuple[str, SourceLocation]]:
    """The hdfs:// files a job ships: its application file, file-like dependencies and, for a
    training job, the files its spec names (`training_artifacts`)."""
    shipped = job.extra.get("tool") in SHIPPED_TOOLS
    wanted = [(job.main_file, job.location)] if job.main_file and not shipped else []
    wanted += [(d.value, d.location) for d in job.deps if d.kind in FILE_KINDS]
    wanted += [(value, job.location) for value in training_artifacts(job)]
    return [
        (value, loc)
        for value, loc in wanted
        if is_hdfs_uri(value) and "${" not in value and not is_secret_file_name(_path(value))
    ]


def training_artifacts(job: MigrationJob) -> list[str]:
    """A training job's files that may sit on HDFS: the files and shipped environments its
    spec names, and the files YARN localized into the containers' working folder.

    Localized files count for TonY and XLearning only, which put them in the container's
    working folder by name (the image's app folder). Submarine puts each localization at a
    path of its own that the spec does not keep, and OpenPAI's are code folders. Folders
    (TonY `--src_dir`) are left out too: a folder is fetched whole, so key material inside
    it could not be kept out of the download.
    """
    spec = job.extra.get("training")
    if not isinstance(spec, TrainingSpec):
        return []
    values = [*spec.files, *spec.archives]
    if spec.source in LOCALIZING_SOURCES:
        values += [uri for uri, _ in filter(None, map(localized_file, spec.remote))]
    return values


def localized_file(item: str) -> tuple[str, str] | None:
    """A localized resource (`uri`, `uri#alias`, TonY's `uri#archive`) as (URI, the name it
    has in the container's working folder), or None when it is not one plain file."""
    uri, _, alias = item.partition("#")
    name = _path(uri)
    if alias == "archive" or not name or name.endswith(_ARCHIVE_SUFFIXES):
        return None
    alias = "" if alias == "file" else alias
    if alias and (not _plain_name(alias) or is_secret_file_name(alias)):
        return None  # a key-like alias would put key material in the image under that name
    return uri, alias or name


def _plain_name(name: str) -> bool:
    return name not in (".", "..") and "/" not in name and "\\" not in name and "\x00" not in name


def fetched_file(job: MigrationJob, value: str) -> Path | None:
    """Where a fetched artifact of this job landed, or None."""
    local = job.extra.get(FETCHED, {}).get(value)
    return Path(local) if isinstance(local, str) else None


def fetch_job_artifacts(
    units: Sequence[MigrationJob | Workflow], settings: FetchSettings, client: Any = None
) -> FetchStats:
    """Fetch every job's hdfs:// artifacts into `settings.cache` and record them on the jobs.

    Workflow steps are jobs too: their findings land on the workflow (its converter reports
    them), their paths on the step.
    """
    owners = _owners(units)
    stats = FetchStats()
    if not owners:
        return stats
    try:
        client = client if client is not None else open_client(settings.url, settings.user)
    except SourceError as err:
        stats.failed = dict.fromkeys(owners, str(err))
    budget = settings.max_total_bytes
    for uri in sorted(owners):
        if uri in stats.failed:
            continue
        local, reason = _fetch_one(uri, settings, client, budget)
        if local is None:
            stats.failed[uri] = reason
            continue
        size = local.stat().st_size
        stats.fetched[uri] = size
        budget -= size
        for job, _, _ in owners[uri]:
            job.extra.setdefault(FETCHED, {})[uri] = str(local)
    for uri, reason in sorted(stats.failed.items()):
        for _, loc, report_to in owners[uri]:
            report_to.findings.append(make("DP028", loc, uri=redact_uri(uri), reason=reason))
    return stats


_Owner = tuple[MigrationJob, SourceLocation, MigrationJob | Workflow]


def _owners(units: Sequence[MigrationJob | Workflow]) -> dict[str, list[_Owner]]:
    """URI -> (job holding it, line naming it, unit whose findings report it)."""
    owners: dict[str, list[_Owner]] = {}
    for unit in units:
        jobs = unit.steps if isinstance(unit, Workflow) else [unit]
        for job in jobs:
            first: dict[str, SourceLocation] = {}
            for uri, loc in remote_artifacts(job):
                first.setdefault(uri, loc)  # named twice by one job: reported once
            for uri, loc in first.items():
                owners.setdefault(uri, []).append((job, loc, unit))
    return owners


def _fetch_one(
    uri: str, settings: FetchSettings, client: Any, budget: int
) -> tuple[Path | None, str]:
    # One folder per URI, named by its hash: two jars called lib.jar never collide, and the
    # name carries nothing from the server.
    slot = settings.cache / hashlib.sha256(uri.encode("utf-8")).hexdigest()[:24]
    if slot.exists():
        shutil.rmtree(slot)
    limits = FetchLimits(
        max_files=1, max_file_bytes=settings.max_file_bytes, max_total_bytes=max(budget, 0)
    )
    try:
        result = fetch(settings.url, uri, slot, limits=limits, client=client)
    except SourceError as err:
        return None, str(err).removeprefix(f"WebHDFS {redact_uri(uri)}: ")
    if result.kind != "file":
        shutil.rmtree(slot, ignore_errors=True)
        return None, "a folder, not a file"
    if result.skipped:
        return None, result.skipped[0][1]
    return slot / result.files[0], ""


def _path(uri: str) -> str:
    return PurePosixPath(uri.split("?", 1)[0].split("#", 1)[0]).name
