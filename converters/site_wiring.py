"""Point Spark applications at the site-file ConfigMaps converted from the same estate.

`converters/site_configmaps.py` turns core/hdfs/hive-site.xml into a `hadoop-conf`-kind
ConfigMap and krb5.conf into a `krb5-conf`-kind one, in every namespace jobs land in. Units are
named before they are converted, so `plan_site_wiring` notes on each job which ConfigMaps its
applications reference and `wire_spec` adds them as they are built: `spec.hadoopConfigMap`
(the operator mounts it as HADOOP_CONF_DIR) on every SparkApplication, for Kerberos jobs
`spark.kubernetes.kerberos.krb5.configMapName` (Spark mounts krb5.conf from it), and
`spec.sparkConfigMap` (mounted as SPARK_CONF_DIR) on the applications whose original
submission took values from that spark-defaults.conf. The SparkApplication's sparkConf already
holds those values and wins over the file (see `spark_defaults.py`), so the mount adds no
meaning; it keeps the conf folder the job's processes used to find.

With several site folders, a job takes the one whose folder is the nearest ancestor of its own
source file; when none is, or it is ambiguous, the job is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.model import MigrationJob, Workflow

SITE_CONFIG_MAPS = "site_config_maps"  # job.extra: (hadoop, krb5, spark) ConfigMap names
KRB5_CONF_KEY = "spark.kubernetes.kerberos.krb5.configMapName"
_KERBEROS_KEYS = ("spark.kerberos.keytab", "spark.kerberos.principal")


def pick(source: str, sites: Mapping[str, str]) -> str:
    """The ConfigMap (name) for a unit at `source`, from {ConfigMap name: site source path}."""
    if len(sites) == 1:
        return next(iter(sites))
    folder = PurePosixPath(source.split(":", 1)[0]).parent
    best: list[tuple[int, str]] = []
    for name, site in sites.items():
        site_folder = PurePosixPath(site.split(":", 1)[0]).parent
        if folder == site_folder or site_folder in folder.parents or str(site_folder) == ".":
            best.append((len(site_folder.parts), name))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return ""
    return best[0][1]


def spark_defaults_users(
    units: Iterable[MigrationJob | Workflow], sites: Mapping[str, str]
) -> dict[str, str]:
    """{unit name: spark-conf ConfigMap} for units whose jobs took values from a
    spark-defaults.conf in `sites` ({ConfigMap name: its source path}); one file per unit."""
    by_path = {site.split(":", 1)[0]: name for name, site in sites.items()}
    users = {}
    for unit in units:
        jobs = unit.steps if isinstance(unit, Workflow) else [unit]
        paths = {loc.path for job in jobs for loc in job.conf_sources.values()}
        found = {by_path[p] for p in paths if p in by_path}
        if len(found) == 1:
            users[unit.name] = found.pop()
    return users


def plan_site_wiring(jobs: Sequence[MigrationJob], workflows: Sequence[Workflow]) -> None:
    """Before conversion: note on each job (and workflow step) the site ConfigMaps its Spark
    applications reference, for `wire_spec` to add as they are built.

    Names are known once units are named, so the converters write the references themselves:
    reading thousands of converted manifests back to patch them cost more than converting them.
    """
    sites: dict[str, dict[str, str]] = {"hadoop-conf": {}, "krb5-conf": {}, "spark-conf": {}}
    for workflow in workflows:
        if workflow.kind in sites:
            sites[workflow.kind][workflow.name] = str(workflow.location)
    if not any(sites.values()):
        return
    spark = spark_defaults_users(jobs, sites["spark-conf"])
    units: list[MigrationJob | Workflow] = [*jobs, *workflows]
    for unit in units:
        source = str(unit.location)
        wiring = (
            pick(source, sites["hadoop-conf"]),
            pick(source, sites["krb5-conf"]),
            spark.get(unit.name, ""),
        )
        if any(wiring):
            for job in unit.steps if isinstance(unit, Workflow) else [unit]:
                job.extra[SITE_CONFIG_MAPS] = wiring


def wire_spec(spec: dict[str, Any], job: MigrationJob) -> None:
    """Add the references `plan_site_wiring` noted to a SparkApplication spec, in place."""
    hadoop, krb5, spark = job.extra.get(SITE_CONFIG_MAPS, ("", "", ""))
    if hadoop and not spec.get("hadoopConfigMap"):
        spec["hadoopConfigMap"] = hadoop
    if spark and not spec.get("sparkConfigMap"):
        spec["sparkConfigMap"] = spark
    conf = spec.get("sparkConf") or {}
    if krb5 and any(k in conf for k in _KERBEROS_KEYS) and KRB5_CONF_KEY not in conf:
        spec["sparkConf"] = {**conf, KRB5_CONF_KEY: krb5}
