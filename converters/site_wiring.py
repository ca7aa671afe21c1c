"""Point Spark applications at the site-file ConfigMaps converted from the same estate.

`converters/site_configmaps.py` turns core/hdfs/hive-site.xml into a `hadoop-conf`-kind
ConfigMap and krb5.conf into a `krb5-conf`-kind one, in every namespace jobs land in. Units are
converted independently, so the references are added afterwards, here: `spec.hadoopConfigMap`
(the operator mounts it as HADOOP_CONF_DIR) on every SparkApplication, and for Kerberos jobs
`spark.kubernetes.kerberos.krb5.configMapName` (Spark mounts krb5.conf from it).

With several site folders, a job takes the one whose folder is the nearest ancestor of its own
source file; when none is, or it is ambiguous, the job is left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

import yaml

from yarn2k8s.rendering import dump_yaml

SPARK_KINDS = ("SparkApplication", "ScheduledSparkApplication")
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


def _wire(obj: dict[str, Any], hadoop: str, krb5: str) -> bool:
    spec = obj.get("spec", {})
    if obj.get("kind") == "ScheduledSparkApplication":
        spec = spec.get("template", {})
    changed = False
    if hadoop and not spec.get("hadoopConfigMap"):
        spec["hadoopConfigMap"] = hadoop
        changed = True
    conf = spec.get("sparkConf") or {}
    if krb5 and any(k in conf for k in _KERBEROS_KEYS) and KRB5_CONF_KEY not in conf:
        spec["sparkConf"] = {**conf, KRB5_CONF_KEY: krb5}
        changed = True
    return changed


def wire_site_configmaps(
    files: dict[str, bytes],
    units: Sequence[tuple[str, str, list[str]]],
    hadoop_sites: Mapping[str, str],
    krb5_sites: Mapping[str, str],
) -> list[str]:
    """Add the references in place; `units` are (name, source, files). Returns paths changed."""
    if not hadoop_sites and not krb5_sites:
        return []
    changed = []
    for _, source, unit_files in units:
        hadoop, krb5 = pick(source, hadoop_sites), pick(source, krb5_sites)
        for path in unit_files:
            if not path.endswith(".yaml") or path not in files:
                continue
            text = files[path].decode("utf-8")
            if "SparkApplication" not in text:
                continue
            obj = yaml.safe_load(text)
            if (
                isinstance(obj, dict)
                and obj.get("kind") in SPARK_KINDS
                and _wire(obj, hadoop, krb5)
            ):
                files[path] = dump_yaml(obj).encode("utf-8")
                changed.append(path)
    return sorted(changed)
