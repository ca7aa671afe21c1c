"""One service component -> its workload (Deployment, StatefulSet or Job), Service, ConfigMap.

ALWAYS-restarting components are Deployments, or StatefulSets with a headless Service when
instances are addressed by name; ON_FAILURE / NEVER components are Jobs. Probes come from the
readiness check, affinity from placement constraints, files from the config files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.batch_manifest import MANAGED, restricted_container
from yarn2k8s.converters.service_config import config_files, substitute, workload_name
from yarn2k8s.converters.service_placement import COMPONENT_LABEL, INSTANCE_LABEL, placement
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.model.names import dns_name

SERVICE_UID = 1000
RUNTIME_ENV_PREFIX = "YARN_CONTAINER_RUNTIME_"
_URL_PORT = re.compile(r"^[a-z]+://[^/:]+:(\d+)(/[^\s]*)?$")


@dataclass
class Component:
    """What a component converts to: objects, and the findings on the way."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceContext:
    """The facts every component of one service shares."""

    service: str
    namespace: str
    config: Config
    location: SourceLocation
    names: dict[str, str]  # component -> workload name
    ports: dict[str, list[int]]  # component -> ports (for dependencies)


def _meta(sc: ServiceContext, name: str, component: str) -> dict[str, Any]:
    labels = {
        **MANAGED,
        "app.kubernetes.io/name": name,
        INSTANCE_LABEL: sc.service,
        COMPONENT_LABEL: component,
    }
    return {
        "name": name,
        "namespace": sc.namespace,
        "labels": labels,
        "annotations": {"yarn2k8s.io/source": str(sc.location)},
    }


def readiness_probe(check: dict[str, Any], ports: list[int]) -> dict[str, Any]:
    """HTTP -> httpGet, PORT -> tcpSocket, DEFAULT (or none) -> no probe."""
    kind = str(check.get("type", "")).upper()
    props = check.get("properties") or {}
    if kind == "HTTP":
        match = _URL_PORT.match(str(props.get("url", "")).replace("${THIS_HOST}", "localhost"))
        if match:
            return {"httpGet": {"path": match.group(2) or "/", "port": int(match.group(1))}}
    if kind == "PORT" and str(props.get("port", "")).isdigit():
        return {"tcpSocket": {"port": int(props["port"])}}
    if ports and kind in ("HTTP", "PORT"):
        return {"tcpSocket": {"port": ports[0]}}
    return {}


def component_ports(component: dict[str, Any]) -> list[int]:
    """Ports known for a component: its readiness check and the ports clients used."""
    ports = set(component.get("ports", []))
    props = (component.get("readiness") or {}).get("properties") or {}
    if str(props.get("port", "")).isdigit():
        ports.add(int(props["port"]))
    match = _URL_PORT.match(str(props.get("url", "")).replace("${THIS_HOST}", "h"))
    if match:
        ports.add(int(match.group(1)))
    return sorted(p for p in ports if 0 < p < 65536)


def _container(
    comp: dict[str, Any], sc: ServiceContext, image: str, out: Component
) -> dict[str, Any]:
    env = _downward(comp)
    for key, value in sorted(comp.get("env", {}).items()):
        if key.startswith(RUNTIME_ENV_PREFIX):
            out.findings.append(make("BJ010", sc.location, key=key))
            continue
        env.append({"name": key, "value": _instance_vars(comp, sc, value, "its environment", out)})
    memory = f"{max(int(comp['memory_mib']), 1)}Mi"
    resources: dict[str, Any] = {
        "requests": {"cpu": str(comp["cpus"]), "memory": memory},
        "limits": {"memory": memory},
    }
    if comp.get("gpus"):
        resources["limits"]["nvidia.com/gpu"] = str(comp["gpus"])
    container: dict[str, Any] = {
        "name": dns_label(comp["name"]),
        "image": image,
        "imagePullPolicy": sc.config.image.pull_policy,
        "env": env,
        "resources": resources,
        "securityContext": restricted_container(SERVICE_UID),
    }
    if comp.get("command"):
        command = _instance_vars(comp, sc, comp["command"], "its command", out)
        container["command"] = ["bash", "-c", command]
    ports = component_ports(comp)
    if ports:
        container["ports"] = [{"containerPort": p, "name": f"port-{p}"} for p in ports]
    probe = readiness_probe(comp.get("readiness") or {}, ports)
    if probe:
        container["readinessProbe"] = {**probe, "periodSeconds": 10}
    return container


def _downward(comp: dict[str, Any]) -> list[dict[str, Any]]:
    """The pod's name and IP (and ordinal in a StatefulSet): what YARN's instance variables
    become. Listed first, so later values can use them as `$(POD_NAME)`."""
    env: list[dict[str, Any]] = [
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
    ]
    if comp.get("identity"):
        index = "metadata.labels['apps.kubernetes.io/pod-index']"
        env.append({"name": "POD_INDEX", "valueFrom": {"fieldRef": {"fieldPath": index}}})
    return env


def _instance_vars(
    comp: dict[str, Any], sc: ServiceContext, text: str, where: str, out: Component
) -> str:
    """Service variables substituted; instance ones become the pod's own environment."""
    text = substitute(text, sc.service, sc.namespace)
    text = text.replace("${COMPONENT_INSTANCE_NAME}", "$(POD_NAME)")
    text = text.replace("${THIS_HOST}", "$(POD_IP)")
    if comp.get("identity"):
        text = text.replace("${COMPONENT_ID}", "$(POD_INDEX)")
    for variable in ("${COMPONENT_ID}", "${CONTAINER_ID}"):
        if variable in text:
            finding = make(
                "YS020", sc.location, component=comp["name"], dest=where, variable=variable
            )
            out.findings.append(finding)
    return text


def dns_label(raw: str) -> str:
    """A container name (DNS-1123 label)."""
    return dns_name(raw, max_len=63, fallback="main")


def build_component(comp: dict[str, Any], sc: ServiceContext, image: str) -> Component:
    """The objects of one component."""
    out = Component()
    name = sc.names[comp["name"]]
    container = _container(comp, sc, image, out)
    pod_spec: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "containers": [container],
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": SERVICE_UID,
            "runAsGroup": SERVICE_UID,
            "fsGroup": SERVICE_UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    _config_map(comp, sc, name, pod_spec, out)
    _placement(comp, sc, pod_spec, out)
    _dependencies(comp, sc, pod_spec, out)
    if sc.config.image.pull_secrets:
        pod_spec["imagePullSecrets"] = [{"name": s} for s in sc.config.image.pull_secrets]
    if comp.get("privileged"):
        out.findings.append(make("YS011", sc.location, component=comp["name"]))
    pod = {"metadata": {"labels": _meta(sc, name, comp["name"])["labels"]}, "spec": pod_spec}
    out.objects += _workload(comp, sc, name, pod, out)
    return out


def _config_map(
    comp: dict[str, Any], sc: ServiceContext, name: str, pod_spec: dict[str, Any], out: Component
) -> None:
    data, mounts, findings = config_files(comp, sc.service, sc.namespace, sc.location)
    out.findings += findings
    if not data:
        return
    cm_name = f"{name}-files"
    out.objects.append(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _meta(sc, cm_name, comp["name"]),
            "data": data,
        }
    )
    pod_spec["volumes"] = [{"name": "files", "configMap": {"name": cm_name}}]
    pod_spec["containers"][0]["volumeMounts"] = [
        {"name": "files", "mountPath": dest, "subPath": key, "readOnly": True}
        for key, dest in mounts
    ]


def _placement(
    comp: dict[str, Any], sc: ServiceContext, pod_spec: dict[str, Any], out: Component
) -> None:
    affinity, selector, spread, findings = placement(comp, sc.service, sc.config, sc.location)
    out.findings += findings
    if affinity:
        pod_spec["affinity"] = affinity
    if selector:
        pod_spec["nodeSelector"] = selector
    if spread:
        pod_spec["topologySpreadConstraints"] = spread


def _dependencies(
    comp: dict[str, Any], sc: ServiceContext, pod_spec: dict[str, Any], out: Component
) -> None:
    """Wait for each dependency's Service to accept connections, as YARN started it first."""
    waits = []
    for dep in comp.get("dependencies", []):
        target, ports = sc.names.get(dep), sc.ports.get(dep, [])
        if target and ports:
            waits.append(f"until nc -z -w 2 {target} {ports[0]}; do sleep 2; done")
    if not waits:
        return
    pod_spec["initContainers"] = [
        {
            "name": "wait-for-dependencies",
            "image": sc.config.base_images.get("init", "busybox:1.37.0"),
            "command": ["sh", "-c", "; ".join(waits)],
            "securityContext": restricted_container(SERVICE_UID),
        }
    ]
    deps = ", ".join(f"`{d}`" for d in comp["dependencies"])
    out.findings.append(make("YS012", sc.location, component=comp["name"], deps=deps))


def _workload(
    comp: dict[str, Any], sc: ServiceContext, name: str, pod: dict[str, Any], out: Component
) -> list[dict[str, Any]]:
    """Job for ON_FAILURE/NEVER; StatefulSet + headless Service for identity; else Deployment."""
    meta = _meta(sc, name, comp["name"])
    replicas = int(comp.get("replicas", 1))
    policy = str(comp.get("restart_policy", "ALWAYS")).upper()
    if policy in ("ON_FAILURE", "NEVER"):
        return [_job(comp, sc, meta, pod, out)]
    selector = {"matchLabels": {"app.kubernetes.io/name": name, INSTANCE_LABEL: sc.service}}
    spec: dict[str, Any] = {"replicas": replicas, "selector": selector, "template": pod}
    ports = component_ports(comp)
    objects: list[dict[str, Any]] = []
    if comp.get("identity"):
        spec.update(serviceName=name, podManagementPolicy="Parallel")
        objects.append(_service(sc, name, comp, ports, headless=True))
        out.findings.append(make("YS002", sc.location, component=comp["name"], service=name))
        kind = "StatefulSet"
    else:
        if ports:
            objects.append(_service(sc, name, comp, ports, headless=False))
        else:
            out.findings.append(make("YS013", sc.location, component=comp["name"]))
        kind = "Deployment"
    objects.append({"apiVersion": "apps/v1", "kind": kind, "metadata": meta, "spec": spec})
    out.findings.append(make("YS001", sc.location, component=comp["name"], kind=kind, n=replicas))
    return objects


def _job(
    comp: dict[str, Any],
    sc: ServiceContext,
    meta: dict[str, Any],
    pod: dict[str, Any],
    out: Component,
) -> dict[str, Any]:
    """A component YARN did not restart forever: a Job of `replicas` pods."""
    policy = str(comp.get("restart_policy", "")).upper()
    restart = "OnFailure" if policy == "ON_FAILURE" else "Never"
    pod["spec"]["restartPolicy"] = restart
    finding = make("YS019", sc.location, component=comp["name"], policy=policy, restart=restart)
    out.findings.append(finding)
    replicas = int(comp.get("replicas", 1))
    spec = {
        "completions": replicas,
        "parallelism": replicas,
        # NEVER: YARN did not relaunch a failed container; ON_FAILURE: it did (Job default 6).
        "backoffLimit": 0 if restart == "Never" else 6,
        "template": pod,
    }
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": spec}


def _service(
    sc: ServiceContext, name: str, comp: dict[str, Any], ports: list[int], headless: bool
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "selector": {"app.kubernetes.io/name": name, INSTANCE_LABEL: sc.service},
        "ports": [{"name": f"port-{p}", "port": p, "targetPort": p} for p in ports],
    }
    if headless:
        spec["clusterIP"] = "None"
    if not spec["ports"]:
        del spec["ports"]
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(sc, name, comp["name"]),
        "spec": spec,
    }


__all__ = ["Component", "ServiceContext", "build_component", "workload_name"]
