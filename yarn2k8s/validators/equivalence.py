"""Equivalence round-trip for Spark: does the converted job run with the original's meaning?

From each SparkApplication we rebuild the spark-submit command the Spark Operator would run
(:mod:`submission`), compute its effective configuration (:mod:`effective`) and compare it key
by key with the original YARN submission's effective configuration (job.json
``effective_conf``). The application file, class, arguments and schedule are compared too, as
pseudo-keys in angle brackets.

Every difference must be an expected translation: a row of :data:`TRANSLATIONS`, keyed to the
finding code that names it. A row keyed to a converter finding (SP006, RS001, DA002...) only
applies when the job's own findings contain that finding, with matching arguments; rows keyed
to VA codes are the translations every migration makes (the master, the image layout...) and
check the converted object itself. Anything else is drift (VA011, an error).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.analyzers.properties import parse_properties
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.validators import equivalence_rules as r
from yarn2k8s.validators.effective import (
    MemoryRow,
    effective_from_args,
    memory_rows,
    normalize,
)
from yarn2k8s.validators.equivalence_context import Context, copied_files
from yarn2k8s.validators.submission import (
    application_spec,
    submit_args,
    with_operator_defaults,
)

_PATH_LISTS = ("spark.jars", "spark.files", "spark.archives", "spark.submit.pyFiles")
_DIST_KEYS = {
    "spark.yarn.dist.files": "spark.files",
    "spark.yarn.dist.archives": "spark.archives",
    "spark.yarn.dist.jars": "spark.jars",
}


@dataclass(frozen=True)
class Translation:
    """An expected difference: keys it covers, the code naming it, and its exact check."""

    code: str
    keys: str  # a regex matching the whole key
    check: Callable[[Context, str], bool]

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.keys)


_ROLE = r"spark\.(?:driver|executor)"
_K8S_ROLE = r"spark\.kubernetes\.(?:driver|executor)"
_PYTHON_ENV = r"spark\.(?:yarn\.appMasterEnv|kubernetes\.driverEnv|executorEnv)\.PYSPARK_PYTHON"
# First match wins; rows keyed to converter findings come before the generic VA rows.
TRANSLATIONS: tuple[Translation, ...] = (
    Translation("VA012", r"spark\.master", r.master),
    Translation("SP002", r"spark\.submit\.deployMode", r.client_mode),
    Translation("KM001", r"spark\.app\.name", r.app_renamed),
    Translation("VA019", r"spark\.app\.name", r.app_named_after_object),
    Translation("RS002", r"spark\.yarn\.queue", r.queue_label),
    Translation("VA017", r"spark\.yarn\.queue", r.queue_scheduler),
    Translation("VA017", r"spark\.yarn\.queue", r.queue_default),
    Translation("VA016", r"spark\.yarn\.maxAppAttempts", r.restart_policy),
    Translation("VA022", r"spark\.yarn\.tags", r.yarn_tags),
    Translation("DP022", _PYTHON_ENV, r.conda_env_baked),
    Translation("DP021", _PYTHON_ENV, r.venv_reinstalled),
    Translation("VA020", r"spark\.(?:yarn\.appMasterEnv|kubernetes\.driverEnv)\.[^.]+", r.am_env),
    Translation("VA018", r"spark\.(?:kubernetes\.driverEnv|executorEnv)\.[^.]+", r.submit_env),
    Translation("SP006", r"spark\.shuffle\.service\.enabled", r.shuffle_service),
    Translation(
        "SP006",
        r"spark\.dynamicAllocation\.shuffleTracking\.enabled",
        r.tracking_for_shuffle_service,
    ),
    Translation("RS003", r"spark\.dynamicAllocation\..+|spark\.executor\.instances", r.kueue_fixed),
    Translation("VA021", r"spark\.dynamicAllocation\.shuffleTracking\.enabled", r.shuffle_tracking),
    Translation("RS006", r"spark\.dynamicAllocation\.maxExecutors", r.max_executors),
    Translation("RS001", rf"{_ROLE}\.memoryOverhead", r.overhead),
    Translation("RS004", rf"{_ROLE}\.resource\.gpu\.(?:amount|vendor|discoveryScript)", r.gpu),
    Translation("RS005", rf"{_K8S_ROLE}\.node\.selector\..+", r.node_selector),
    Translation("RS005", r"spark\.yarn\.(?:am|driver|executor)\.nodeLabelExpression", r.node_label),
    Translation(
        "RS007", r"spark\.yarn\.(?:am|driver|executor)\.nodeLabelExpression", r.node_label_complex
    ),
    Translation("SE001", rf"{_K8S_ROLE}\.secretKeyRef\.[^.]+", r.secret_ref),
    Translation(
        "SE001", r"spark\.hadoop\.fs\.s3a\.aws\.credentials\.provider", r.s3a_env_credentials
    ),
    Translation("SE001", r"spark\..+", r.secret_moved),
    Translation("SE002", r"spark\..+|<argument \d+>", r.secret_removed),
    Translation("SP004", r"spark\.yarn\..+", r.yarn_dropped),
    Translation("YK008", r".+", r.placeholder),
    Translation("SP008", r"spark\.jars\.ivy", r.packages_ivy),
    Translation("SP001", r"spark\.cores\.max", r.standalone_only),
    # Kubernetes-only keys, except those that change env, secrets, placement or memory.
    Translation(
        "VA013",
        r"spark\.kubernetes\.(?!driverEnv\.|memoryOverheadFactor"
        r"|(?:driver|executor)\.(?:secretKeyRef|node\.selector)\.).+",
        r.kubernetes_only,
    ),
)


# explain() tries up to every row for each differing key (~25 a job): looking each pattern up in
# re.compile's cache every time was a tenth of the equivalence check at 10,000 jobs.
_ROWS = tuple((row, row.pattern) for row in TRANSLATIONS)


@dataclass(frozen=True)
class Difference:
    """One key whose value differs, and the finding codes that explain it (empty: drift)."""

    key: str
    original: str | None
    converted: str | None
    codes: tuple[str, ...]

    @property
    def drift(self) -> bool:
        return not self.codes


@dataclass
class JobEquivalence:
    """The equivalence result for one job."""

    job: str
    differences: list[Difference] = field(default_factory=list)
    memory: list[MemoryRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def drift(self) -> list[Difference]:
        return [d for d in self.differences if d.drift]


def check_job(
    record: Mapping[str, Any],
    app: Mapping[str, Any],
    dockerfile: str = "",
    minimum_allocation: int = 1024,
    config_maps: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
) -> JobEquivalence:
    """Compare one converted job with its original submission.

    Args:
        record: The job's job.json (its ``effective_conf`` is the original's).
        app: The SparkApplication or ScheduledSparkApplication.
        dockerfile: The job's Dockerfile text (its COPY lines say where files are).
        minimum_allocation: YARN's minimum allocation in MiB, for the size table.
        config_maps: The ConfigMaps in OUT, {(namespace, name): data}, so the ones the
            application references (hadoopConfigMap, sparkConfigMap) can be looked up.

    Returns:
        Every difference with its explanation, the size table and VA findings.
    """
    ctx = _context(record, app, dockerfile)
    result = JobEquivalence(str(record.get("name", "")))
    result.differences = _pre_normalize(ctx) + _diff(ctx)
    loc = _location(record)
    for diff in result.drift:
        result.findings.append(
            make(
                "VA011",
                loc,
                job=result.job,
                key=diff.key,
                original=_shown(diff.original),
                converted=_shown(diff.converted),
            )
        )
    non_jvm = ctx.spec.get("type") in ("Python", "R")
    result.memory = memory_rows(ctx.original, ctx.converted, non_jvm, minimum_allocation)
    for row in result.memory:
        if row.pod_mib < row.yarn_mib:
            result.findings.append(
                make(
                    "VA023",
                    loc,
                    job=result.job,
                    name=result.job,
                    role=row.role,
                    pod=row.pod_mib,
                    yarn=row.yarn_mib,
                )
            )
    result.findings += _schedule_findings(record, app, loc)
    result.findings += _config_map_findings(ctx, result.job, loc, config_maps)
    return result


def _config_map_findings(
    ctx: Context,
    job: str,
    loc: SourceLocation,
    config_maps: Mapping[tuple[str, str], Mapping[str, str]] | None,
) -> list[Finding]:
    """VA024 for a referenced ConfigMap that is not in OUT, or whose spark-defaults.conf sets
    a key sparkConf does not (that value would reach only processes reading SPARK_CONF_DIR)."""
    namespace = str((ctx.app.get("metadata") or {}).get("namespace") or "default")
    found = []
    for field_name in ("sparkConfigMap", "hadoopConfigMap"):
        name = ctx.spec.get(field_name)
        if not name:
            continue
        data = (config_maps or {}).get((namespace, str(name)))
        if data is None:
            what, why = f"{field_name} `{name}`", "its contents are not in OUT"
            found.append(make("VA024", loc, job=job, name=job, what=what, why=why))
            continue
        if field_name != "sparkConfigMap":
            continue
        values, _ = parse_properties(str(data.get("spark-defaults.conf", "")))
        for key in sorted(k for k in values if k not in ctx.converted):
            what = f"sparkConfigMap `{name}` key `{key}`"
            why = "sparkConf does not set it, so the job's conf differs from the mounted file"
            found.append(make("VA024", loc, job=job, name=job, what=what, why=why))
    return found


def _shown(value: str | None) -> str:
    return "(unset)" if value is None else value


def _location(record: Mapping[str, Any]) -> SourceLocation:
    """Findings point at the job's folder in OUT, where `validate` runs."""
    return SourceLocation(f"jobs/{record.get('name', '')}/job.json", 0)


def _context(record: Mapping[str, Any], app: Mapping[str, Any], dockerfile: str) -> Context:
    submitted = effective_from_args(submit_args(app))
    original = {str(k): str(v) for k, v in (record.get("effective_conf") or {}).items()}
    converted = dict(submitted.conf)
    original.update(_pseudo(record.get("main_file"), record.get("main_class"), record))
    converted.update(
        _pseudo(submitted.main, submitted.main_class, {"arguments": submitted.arguments})
    )
    if submitted.proxy_user:
        converted["<proxy-user>"] = submitted.proxy_user
    spec = with_operator_defaults(application_spec(app))
    return Context(record, app, spec, original, converted, copied_files(dockerfile))


def _pseudo(main: Any, main_class: Any, holder: Mapping[str, Any]) -> dict[str, str]:
    """The application itself as pseudo-keys; each argument is its own key."""
    out = {"<main>": str(main or "")}
    if main_class:
        out["<class>"] = str(main_class)
    for index, arg in enumerate(holder.get("arguments") or []):
        out[f"<argument {index + 1}>"] = str(arg)
    return out


def _pre_normalize(ctx: Context) -> list[Difference]:
    """Renames applied to the original before the diff, each explained by its finding."""
    done: list[Difference] = []
    for args in ctx.findings("SP005"):
        old, new = args["old"], args["new"]
        if old in ctx.original:
            value = ctx.original.pop(old)
            ctx.original.setdefault(new, value)  # the new key wins if both were set
            done.append(Difference(old, value, ctx.converted.get(new), ("SP005",)))
    for old, new in _DIST_KEYS.items():
        if old in ctx.original:
            value = ctx.original.pop(old)
            merged = [*_split(value), *_split(ctx.original.get(new))]
            ctx.original[new] = ",".join(dict.fromkeys(merged))
            done.append(Difference(old, value, ctx.converted.get(new), ("VA015",)))
    return done


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _diff(ctx: Context) -> list[Difference]:
    out = []
    for key in sorted(ctx.original.keys() | ctx.converted.keys()):
        old, new = ctx.original.get(key), ctx.converted.get(key)
        if normalize(key, old) == normalize(key, new):
            continue
        out.append(Difference(key, old, new, explain(ctx, key)))
    return out


def explain(ctx: Context, key: str) -> tuple[str, ...]:
    """The finding codes that explain why ``key`` differs; empty when nothing does."""
    old, new = ctx.original.get(key), ctx.converted.get(key)
    if key in _PATH_LISTS or key == "<main>":
        codes = _path_list_codes(ctx, old, new)
        if codes is not None:
            return codes
    if old is not None and new is not None and ctx.rewrite(old) == new:
        return ("DA002",)
    for translation, pattern in _ROWS:
        if pattern.fullmatch(key) and translation.check(ctx, key):
            return (translation.code,)
    return ()


def _path_list_codes(ctx: Context, old: str | None, new: str | None) -> tuple[str, ...] | None:
    before, after = _split(old), _split(new)
    codes: list[str] = []
    baked = {a["archive"]: c for c in ("DP022", "DP021") for a in ctx.findings(c)}
    for item in list(before):
        code = baked.get(item.partition("#")[0])
        if code and item not in after:  # the environment moved into the image itself
            before.remove(item)
            codes.append(code)
    if len(before) != len(after):
        return None
    for original, converted in zip(before, after, strict=True):
        found = ctx.path_codes(original, converted)
        if found is None:
            return None
        codes += found
    return tuple(dict.fromkeys(codes)) if codes or old == new else None


def _schedule_findings(
    record: Mapping[str, Any], app: Mapping[str, Any], loc: SourceLocation
) -> list[Finding]:
    schedule = record.get("schedule")
    spec = app.get("spec") or {}
    if app.get("kind") != "ScheduledSparkApplication":
        return [] if not schedule else [_schedule_finding(loc, schedule, "(not scheduled)")]
    converted = f"{spec.get('schedule')} ({spec.get('timeZone', 'Local')})"
    if not schedule:
        return [_schedule_finding(loc, {"cron": "(not scheduled)"}, converted)]
    if (schedule.get("cron"), schedule.get("time_zone")) != (
        spec.get("schedule"),
        spec.get("timeZone"),
    ):
        return [_schedule_finding(loc, schedule, converted)]
    return []


def _schedule_finding(loc: SourceLocation, schedule: Mapping[str, Any], converted: str) -> Finding:
    original = f"{schedule.get('cron')} ({schedule.get('time_zone', '')})".replace(" ()", "")
    return make("VA025", loc, original=original, converted=converted)
