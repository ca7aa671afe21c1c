"""Notes from cluster-side YARN configuration: what to set up on Kubernetes instead.

yarn-site, mapred-site, resource-types, node-resources and container-executor.cfg configure
the YARN daemons; pods need none of them. What they tell us is turned into findings: GPUs
(device plugin, container toolkit), node labels, node sizes (for `cluster.resources`), YARN-only
services (external shuffle, log aggregation) and the Docker runtime's privileges.
"""

from __future__ import annotations

import re

from yarn2k8s.analyzers.base import InputFile
from yarn2k8s.analyzers.hadoop_xml import HadoopConf
from yarn2k8s.findings import make
from yarn2k8s.model import Finding

_GPU = re.compile(r"yarn\.io/gpu|nvidia\.com/gpu")
_CFG_LINE = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$")


def cluster_notes(source: InputFile, conf: HadoopConf) -> list[Finding]:
    """Findings for one cluster-side file (always at least one saying what it is)."""
    findings = [make("QU010", source.at(), file=source.name)]
    if source.name == "container-executor.cfg":
        return findings + _container_executor(source)
    findings += _gpu(source, conf)
    if conf.get("yarn.node-labels.enabled").lower() == "true":
        findings.append(make("QU013", source.at(conf.line("yarn.node-labels.enabled"))))
    memory = conf.get("yarn.nodemanager.resource.memory-mb")
    vcores = conf.get("yarn.nodemanager.resource.cpu-vcores")
    if memory or vcores:
        key = (
            "yarn.nodemanager.resource.memory-mb"
            if memory
            else "yarn.nodemanager.resource.cpu-vcores"
        )
        line = conf.line(key)
        findings.append(make("QU014", source.at(line), memory=memory or "?", vcores=vcores or "?"))
    services = conf.get("yarn.nodemanager.aux-services")
    if "spark_shuffle" in services:
        findings.append(make("QU015", source.at(conf.line("yarn.nodemanager.aux-services"))))
    if conf.get("yarn.log-aggregation-enable").lower() == "true":
        findings.append(make("QU016", source.at(conf.line("yarn.log-aggregation-enable"))))
    return findings


def _gpu(source: InputFile, conf: HadoopConf) -> list[Finding]:
    findings: list[Finding] = []
    gpu_key = next((k for k, v in conf.values.items() if _GPU.search(f"{k}={v}")), "")
    if gpu_key:
        findings.append(make("QU011", source.at(conf.line(gpu_key)), key=gpu_key))
    plugin = conf.get("yarn.nodemanager.resource-plugins.gpu.docker-plugin")
    if plugin:
        line = conf.line("yarn.nodemanager.resource-plugins.gpu.docker-plugin")
        findings.append(make("QU012", source.at(line), plugin=plugin))
    return findings


def _container_executor(source: InputFile) -> list[Finding]:
    """container-executor.cfg is key=value lines in [sections]; two settings matter."""
    findings: list[Finding] = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        match = _CFG_LINE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "docker.privileged-containers.enabled" and value.lower() == "true":
            findings.append(make("QU019", source.at(number)))
        if key == "docker.allowed.devices" and "nvidia" in value:
            findings.append(make("QU011", source.at(number), key=key))
    return findings
