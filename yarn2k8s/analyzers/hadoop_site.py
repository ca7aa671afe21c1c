"""Hadoop site files and Kerberos configuration.

Client-side files (core-site.xml, hdfs-site.xml, hive-site.xml) in one folder become one
ConfigMap that pods mount as HADOOP_CONF_DIR; the alphabetically first of them present in the
folder carries the unit and reads its siblings, the others are marked as merged into it.
Secret values (hive-site's metastore password...) never reach the unit: they are dropped with
a finding. krb5.conf becomes its own ConfigMap. Cluster-side files (yarn-site, mapred-site,
resource-types, node-resources, container-executor.cfg) have no Kubernetes object: they become
notes (findings) on GPUs, node labels, node sizes and YARN-only services.
"""

from __future__ import annotations

import re
from pathlib import Path

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.cluster_notes import cluster_notes
from yarn2k8s.analyzers.hadoop_xml import HadoopConf, looks_like_configuration, read_conf
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation, Workflow
from yarn2k8s.security.limits import read_text
from yarn2k8s.security.redact import is_secret_key, looks_secret_value

CLIENT_FILES = ("core-site.xml", "hdfs-site.xml", "hive-site.xml")
_CLUSTER_NAME = re.compile(
    r"^(?:yarn-site.*\.xml|mapred-site\.xml|resource-types\.xml|node-resources\.xml"
    r"|container-executor\.cfg|hbase-site\.xml)$"
)
_KRB5 = re.compile(r"^\s*\[(?:libdefaults|realms)\]", re.MULTILINE)
# For configuration files with other names: the prefixes that say which site file it is.
_CLUSTER_PREFIXES = ("yarn.nodemanager.", "yarn.resourcemanager.", "yarn.resource-types")


def site_kind(source: InputFile) -> str:
    """client, cluster, krb5 or '' (not a site file)."""
    name = source.name.lower()
    if name in CLIENT_FILES:
        return "client"
    if _CLUSTER_NAME.match(name):
        return "cluster"
    if name == "krb5.conf" or (name.endswith(".conf") and len(_KRB5.findall(source.text)) == 2):
        return "krb5"
    if name.endswith(".xml") and looks_like_configuration(source.text):
        conf = read_conf(source.text)
        if conf.values and all(k.startswith(_CLUSTER_PREFIXES) for k in conf.values):
            return "cluster"
    return ""


class HadoopSiteAnalyzer:
    """core/hdfs/hive-site -> ConfigMap; krb5.conf -> ConfigMap; yarn-site & co -> notes."""

    name = "hadoop-site"

    def detect(self, source: InputFile) -> bool:
        """Site files by name, krb5.conf by its sections, YARN configs by their keys."""
        return bool(site_kind(source))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """A ConfigMap unit for client files and krb5.conf, notes for cluster files."""
        kind = site_kind(source)
        if kind == "krb5":
            unit = Workflow("krb5-conf", "krb5-conf", source.at(), data={"text": source.text})
            return AnalysisResult(workflows=[unit], outcome="converted")
        if kind == "cluster":
            conf = read_conf(source.text) if source.name.endswith(".xml") else HadoopConf()
            if conf.error:
                return AnalysisResult(findings=[_parse_error(source, conf)])
            return AnalysisResult(findings=cluster_notes(source, conf), outcome="configuration")
        return _client(source, ctx)


def _parse_error(source: InputFile, conf: HadoopConf) -> Finding:
    return make("YK009", source.at(conf.error_line), detail=conf.error)


def _client(source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
    conf = read_conf(source.text)
    if conf.error:
        return AnalysisResult(findings=[_parse_error(source, conf)])
    siblings = [n for n in CLIENT_FILES if (source.path.parent / n).is_file()]
    anchor = siblings[0] if siblings else source.name
    if anchor != source.name:
        merged = make("QU017", source.at(), file=source.name, anchor=anchor)
        return AnalysisResult(findings=[merged], outcome="configuration")
    files: dict[str, list[tuple[str, str]]] = {}
    findings: list[Finding] = []
    for name in siblings:
        text = source.text if name == source.name else _sibling(source.path.parent / name, ctx)
        sibling = read_conf(text) if text else HadoopConf(error="unreadable")
        rel = source.rel.rsplit("/", 1)[0] + "/" + name if "/" in source.rel else name
        if sibling.error:
            findings.append(make("YK009", source.at(), detail=f"{name}: {sibling.error}"))
            continue
        files[name] = _safe_properties(sibling, rel, findings)
    unit = Workflow("hadoop-conf", "hadoop-conf", source.at(), data={"files": files})
    unit.findings = findings
    return AnalysisResult(workflows=[unit], outcome="converted")


def _sibling(path: Path, ctx: AnalysisContext) -> str:
    read = read_text(path, ctx.config.limits.max_file_bytes)
    return read.text or ""


def _safe_properties(conf: HadoopConf, rel: str, findings: list[Finding]) -> list[tuple[str, str]]:
    """Properties in file order, with secret values dropped (and a finding per key)."""
    kept: list[tuple[str, str]] = []
    for key, value in conf.values.items():
        if is_secret_key(key) or looks_secret_value(value):
            findings.append(make("QU018", SourceLocation(rel, conf.line(key)), key=key))
            continue
        kept.append((key, value))
    return kept
