"""Site configuration units -> ConfigMaps under config/<name>/.

`hadoop-conf` holds core-site.xml, hdfs-site.xml and hive-site.xml (secret values already left
out by the analyzer), `krb5-conf` holds krb5.conf, `spark-conf` holds spark-defaults.conf as
translated by `spark_defaults.py`. Batch Jobs mount `hadoop-conf` at HADOOP_CONF_DIR; Spark
applications reference them as `hadoopConfigMap` / `sparkConfigMap` (`site_wiring.py`). One copy
is written per namespace jobs can land in (the default namespace and every namespace of the
queue map).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.kubernetes import kustomization
from yarn2k8s.converters.spark_defaults import spark_defaults
from yarn2k8s.findings import make
from yarn2k8s.model import Workflow
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents
from yarn2k8s.security.redact import redact


def hadoop_xml(properties: list[tuple[str, str]]) -> str:
    """A Hadoop configuration file with the given properties, in order."""
    body = "".join(
        f"  <property>\n    <name>{escape(k)}</name>\n    <value>{escape(v.strip())}</value>\n"
        "  </property>\n"
        for k, v in properties
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n{body}</configuration>\n'


def namespaces(config: Config) -> list[str]:
    """Every namespace a converted job may run in."""
    found = {config.namespace} | {t.namespace for t in config.queues.values() if t.namespace}
    return sorted(found)


def convert_site(unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """One ConfigMap per namespace, with a kustomization."""
    out = Artifacts()
    if unit.kind == "spark-conf":
        data, findings = spark_defaults(unit, ctx)
        out.findings += findings
    elif unit.kind == "krb5-conf":
        text = str(unit.data.get("text", ""))
        data = {"krb5.conf": redact(text)}
        if data["krb5.conf"] != text:
            out.findings.append(make("QU018", unit.location, key="krb5.conf"))
    else:
        files: dict[str, list[Any]] = unit.data.get("files", {})
        data = {
            name: hadoop_xml([(str(k), str(v)) for k, v in props]) for name, props in files.items()
        }
    if not data:
        return out
    maps = [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": unit.name,
                "namespace": ns,
                "labels": {"app.kubernetes.io/managed-by": "yarn2k8s"},
                "annotations": {"yarn2k8s.io/source": str(unit.location)},
            },
            "data": data,
        }
        for ns in namespaces(ctx.config)
    ]
    base = f"config/{unit.name}"
    out.add(f"{base}/configmap.yaml", dump_yaml_documents(maps))
    out.add(f"{base}/kustomization.yaml", dump_yaml(kustomization(["configmap.yaml"])))
    if unit.kind != "spark-conf":  # SP024 says what the Spark one holds
        held = ", ".join(sorted(data))
        out.findings.append(make("QU027", unit.location, name=unit.name, files=held))
    return out
