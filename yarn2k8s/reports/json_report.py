"""report.json: the documented, versioned record of a run; other formats render from it.

The schema is documented in docs/report-schema.md. Fields are only ever added within a
schema version; changing or removing one bumps SCHEMA_VERSION.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from yarn2k8s import __version__
from yarn2k8s.config import RightSizing
from yarn2k8s.enrich.inventory import estate_inventory, unit_inventory
from yarn2k8s.enrich.live_match import matching_runs, matching_yarn_apps
from yarn2k8s.model import MigrationJob, Role
from yarn2k8s.model.results import RunResult, UnitResult
from yarn2k8s.pipeline import summary
from yarn2k8s.rendering import dump_json_bytes
from yarn2k8s.sources.live import LiveData, inventory

SCHEMA_VERSION = 1
DEFAULT_MAX_EXECUTORS = 10  # the converter's cap for dynamic allocation without a maximum


def _instances(job: MigrationJob, role: Role) -> int:
    """Containers of a role YARN may hold at once (maxExecutors under dynamic allocation)."""
    conf = job.spark_conf
    if role.name == "executor" and conf.get("spark.dynamicAllocation.enabled") == "true":
        try:
            return int(conf["spark.dynamicAllocation.maxExecutors"])
        except (KeyError, ValueError):
            return DEFAULT_MAX_EXECUTORS
    return max(role.instances, 1)


def resources(job: MigrationJob) -> dict[str, Any]:
    """Memory per role on YARN and as converted, and the job's totals (MiB)."""
    memory = job.extra.get("memory", {})
    roles: dict[str, Any] = {}
    for name, role in sorted(job.roles.items()):
        plan = memory.get(name, {})
        yarn = plan.get("yarn_container_mib", role.memory_mib + (role.overhead_mib or 0))
        roles[name] = {
            "instances": _instances(job, role),
            "cores": role.cores,
            "gpus": role.gpus,
            "yarn_mib": yarn,
            "pod_mib": plan.get("pod_mib", yarn),
        }
    totals = {
        key: sum(r[key] * r["instances"] for r in roles.values()) for key in ("yarn_mib", "pod_mib")
    }
    sizing = job.extra.get("rightsizing", {})
    if sizing.get("applied") and "yarn_mib" in sizing:
        # --right-size changed the roles: the YARN side is what they were before.
        totals = {"yarn_mib": sizing["yarn_mib"], "pod_mib": sizing["proposed_mib"]}
    return {"roles": roles, **totals}


def _unit(result: UnitResult) -> dict[str, Any]:
    unit = result.unit
    entry: dict[str, Any] = {
        "name": unit.name,
        "kind": unit.kind,
        "source": str(unit.location),
        "original_name": unit.source_name,
        "readiness": result.readiness.value,
        "files": result.files,
        "findings": [f.to_dict() for f in result.findings],
        "inventory": (
            result.inventory if result.inventory is not None else unit_inventory(unit).to_dict()
        ),
    }
    if isinstance(unit, MigrationJob):
        entry["queue"] = unit.queue
        entry["placeholders"] = sorted({p.name for p in unit.placeholders})
        entry["memory"] = unit.extra.get("memory", {})
        entry["resources"] = resources(unit)
        if "rightsizing" in unit.extra:
            entry["rightsizing"] = unit.extra["rightsizing"]
    return entry


def live_section(live: LiveData, result: RunResult, settings: RightSizing) -> dict[str, Any]:
    """The live inventory: every application either source knows, with the jobs it ran."""
    matched: dict[str, set[str]] = {}
    for job_result in result.jobs:
        job = job_result.unit
        assert isinstance(job, MigrationJob)
        runs = matching_runs(job, live, settings)
        ids = [r.id for r in runs] + [a.id for a in matching_yarn_apps(job, live, settings, runs)]
        for app_id in ids:
            matched.setdefault(app_id, set()).add(job.name)
    apps = [row | {"jobs": sorted(matched.get(row["id"], set()))} for row in inventory(live)]
    return {
        "sources": list(live.sources),
        "cluster": dict(sorted(live.cluster.items())),
        "applications": apps,
        "unmatched": sum(1 for a in apps if not a["jobs"]),
    }


def report_data(
    result: RunResult, live: LiveData | None = None, settings: RightSizing | None = None
) -> dict[str, Any]:
    """The report as plain data (no timestamps or absolute paths: byte-stable)."""
    jobs = [_unit(j) for j in result.jobs]
    workflows = [_unit(w) for w in result.workflows]
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "yarn2k8s", "version": __version__},
        "summary": summary(result),
        "inputs": [
            {
                "path": r.rel,
                "analyzer": r.analyzer,
                "outcome": r.outcome,
                "jobs": r.jobs,
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in result.inputs
        ],
        "jobs": jobs,
        "workflows": workflows,
        "inventory": estate_inventory((u["name"], u["inventory"]) for u in jobs + workflows),
    }
    if live is not None:
        data["live"] = live_section(live, result, settings or RightSizing())
    return data


# report.json's per-item lists: at estate scale the file is tens of MB, and encoding it whole
# held the document's bytes plus the encoder's working copy.
_STREAMED = ("inputs", "jobs", "workflows")
_ITEM_PAD = b"\n    "  # the indentation of an item of a top-level list


def report_json_chunks(data: dict[str, Any]) -> Iterator[bytes]:
    """report.json as byte chunks, one list item at a time: the bytes of
    dump_json_bytes(data), with each item of the top-level lists encoded alone and indented
    to its depth (how the whole document indents it)."""
    streamed = [k for k in _STREAMED if data.get(k)]
    rest = dump_json_bytes({**data, **{k: [] for k in streamed}})
    for key in sorted(streamed):  # the skeleton writes keys sorted
        before, found, rest = rest.partition(b'\n  "' + key.encode() + b'": []')
        if not found:  # pragma: no cover - the skeleton always holds the key
            raise ValueError(f"report.json skeleton without {key}")
        yield before + b'\n  "' + key.encode() + b'": ['
        for number, item in enumerate(data[key]):
            encoded = dump_json_bytes(item)[:-1].replace(b"\n", _ITEM_PAD)
            yield (b"," if number else b"") + _ITEM_PAD + encoded
        yield b"\n  ]"
    yield rest
