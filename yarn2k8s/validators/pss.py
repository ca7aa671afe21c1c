"""Pod Security Standards, `restricted` profile, for every pod a generated object defines.

Pods are found wherever they sit: any mapping with a `containers` list is a pod spec (Pod, Job,
CronJob, Deployment, StatefulSet, the replica templates of TFJob/PyTorchJob/MPIJob, TrainJob
runtime patches...); SparkApplication and ScheduledSparkApplication describe their driver and
executor pods in Spark's own shape (`securityContext` is the container's, `podSecurityContext`
the pod's, `spec.volumes` shared); an InferenceService's components are pod specs whose model
server is a container too. KFP's compiled IR has no pod security fields and is not checked.

The checks follow https://kubernetes.io/docs/concepts/security/pod-security-standards/
(baseline + restricted, as of Kubernetes 1.30). Each violation is one SE005 finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

_SPARK_KINDS = frozenset({"SparkApplication", "ScheduledSparkApplication"})
_ALLOWED_VOLUMES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)
_SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)
_SELINUX_TYPES = frozenset(
    {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
)
_SECCOMP_OK = frozenset({"RuntimeDefault", "Localhost"})
_ISVC_COMPONENTS = ("predictor", "transformer", "explainer")
# InferenceService model-server shapes that are containers (v1beta1).
_ISVC_CONTAINERS = (
    "model",
    "sklearn",
    "xgboost",
    "tensorflow",
    "pytorch",
    "triton",
    "onnx",
    "pmml",
    "lightgbm",
    "paddle",
    "huggingface",
    "art",
    "alibi",
)
_MAX_WALK_DEPTH = 32


@dataclass
class Pod:
    """One pod to check: pod-level fields and its containers, with where they are."""

    path: str
    spec: Mapping[str, Any]
    containers: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    volumes: list[Any] = field(default_factory=list)


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _containers(spec: Mapping[str, Any], path: str) -> list[tuple[str, Mapping[str, Any]]]:
    out = []
    for key in ("initContainers", "containers", "ephemeralContainers", "sidecars"):
        for i, item in enumerate(_list(spec.get(key))):
            if isinstance(item, Mapping):
                label = item.get("name") or i
                out.append((f"{path}.{key}[{label}]", item))
    return out


def _spark_pods(obj: Mapping[str, Any]) -> Iterator[Pod]:
    spec = _map(obj.get("spec"))
    base = "spec"
    if obj.get("kind") == "ScheduledSparkApplication":
        spec, base = _map(spec.get("template")), "spec.template"
    volumes = _list(spec.get("volumes"))
    for role in ("driver", "executor"):
        part = _map(spec.get(role))
        path = f"{base}.{role}"
        pod_level = {
            "securityContext": _map(part.get("podSecurityContext")),
            "hostNetwork": part.get("hostNetwork"),
        }
        main = {"securityContext": _map(part.get("securityContext")), "ports": part.get("ports")}
        containers = [(f"{path} (Spark container)", main), *_containers(part, path)]
        yield Pod(path, pod_level, containers, volumes)


def _isvc_pods(obj: Mapping[str, Any]) -> Iterator[Pod]:
    spec = _map(obj.get("spec"))
    for component in _ISVC_COMPONENTS:
        part = spec.get(component)
        if not isinstance(part, Mapping):
            continue
        path = f"spec.{component}"
        containers = _containers(part, path)
        containers += [
            (f"{path}.{key}", part[key])
            for key in _ISVC_CONTAINERS
            if isinstance(part.get(key), Mapping)
        ]
        yield Pod(path, part, containers, _list(part.get("volumes")))


def _generic_pods(node: Any, path: str, depth: int = 0) -> Iterator[Pod]:
    if depth > _MAX_WALK_DEPTH:
        return
    if isinstance(node, Mapping):
        if isinstance(node.get("containers"), list):
            yield Pod(path, node, _containers(node, path), _list(node.get("volumes")))
            return
        for key, value in node.items():
            yield from _generic_pods(value, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _generic_pods(value, f"{path}[{i}]", depth + 1)


def pods_of(obj: Mapping[str, Any]) -> list[Pod]:
    """Every pod an object defines (none for objects that run nothing)."""
    kind = obj.get("kind")
    if kind in _SPARK_KINDS:
        return list(_spark_pods(obj))
    if kind == "InferenceService":
        return list(_isvc_pods(obj))
    return list(_generic_pods(obj.get("spec"), "spec"))


def pod_problems(pod: Pod) -> list[tuple[str, str]]:
    """(where, problem) for every way a pod breaks the restricted profile."""
    problems: list[tuple[str, str]] = []
    spec = pod.spec
    psc = _map(spec.get("securityContext"))
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(key) is True:
            problems.append((pod.path, f"`{key}` is true"))
    for volume in pod.volumes:
        kinds = sorted(k for k in _map(volume) if k != "name")
        bad = [k for k in kinds if k not in _ALLOWED_VOLUMES]
        if bad:
            name = _map(volume).get("name", "?")
            problems.append((pod.path, f"volume `{name}` is of type `{bad[0]}`"))
    problems += [(pod.path, p) for p in _context_problems(psc, pod_level=True)]
    for sysctl in _list(psc.get("sysctls")):
        name = _map(sysctl).get("name", "")
        if name not in _SAFE_SYSCTLS:
            problems.append((pod.path, f"sysctl `{name}` is not in the safe set"))
    pod_nonroot = psc.get("runAsNonRoot") is True
    pod_seccomp = _map(psc.get("seccompProfile")).get("type") in _SECCOMP_OK
    for where, container in pod.containers:
        csc = _map(container.get("securityContext"))
        problems += [(where, p) for p in _context_problems(csc, pod_level=False)]
        if csc.get("allowPrivilegeEscalation") is not False:
            problems.append((where, "`allowPrivilegeEscalation` is not false"))
        drops = _list(_map(csc.get("capabilities")).get("drop"))
        if "ALL" not in drops:
            problems.append((where, "`capabilities.drop` does not include ALL"))
        if not (csc.get("runAsNonRoot") is True or (pod_nonroot and "runAsNonRoot" not in csc)):
            problems.append((where, "`runAsNonRoot` is not true (container or pod)"))
        seccomp = _map(csc.get("seccompProfile")).get("type")
        if not (seccomp in _SECCOMP_OK or (pod_seccomp and seccomp is None)):
            problems.append((where, "`seccompProfile.type` is not RuntimeDefault or Localhost"))
        for port in _list(container.get("ports")):
            if _map(port).get("hostPort"):
                problems.append((where, f"`hostPort` {_map(port).get('hostPort')} is set"))
    return problems


def _context_problems(sc: Mapping[str, Any], pod_level: bool) -> list[str]:
    """Problems a securityContext (pod or container) has on its own."""
    problems = []
    if sc.get("runAsUser") == 0:
        problems.append("`runAsUser` is 0 (root)")
    if sc.get("runAsNonRoot") is False:
        problems.append("`runAsNonRoot` is false")
    if _map(sc.get("seccompProfile")).get("type") == "Unconfined":
        problems.append("`seccompProfile.type` is Unconfined")
    if _map(sc.get("appArmorProfile")).get("type") == "Unconfined":
        problems.append("`appArmorProfile.type` is Unconfined")
    selinux = _map(sc.get("seLinuxOptions"))
    if selinux.get("type", "") not in _SELINUX_TYPES or selinux.get("user") or selinux.get("role"):
        problems.append("`seLinuxOptions` sets a custom type, user or role")
    if _map(sc.get("windowsOptions")).get("hostProcess") is True:
        problems.append("`windowsOptions.hostProcess` is true")
    if not pod_level:
        if sc.get("privileged") is True:
            problems.append("`privileged` is true")
        if sc.get("procMount") not in (None, "Default"):
            problems.append(f"`procMount` is {sc.get('procMount')}")
        added = [
            c for c in _list(_map(sc.get("capabilities")).get("add")) if c != "NET_BIND_SERVICE"
        ]
        if added:
            problems.append(f"`capabilities.add` has {', '.join(map(str, added))}")
    return problems


def pss_findings(rel: str, obj: Mapping[str, Any]) -> list[Finding]:
    """SE005 for every restricted-profile violation in one object."""
    kind, name = str(obj.get("kind", "")), str(_map(obj.get("metadata")).get("name", ""))
    loc = SourceLocation(rel, 0)
    return [
        make("SE005", loc, kind=kind, name=name, where=where, problem=problem)
        for pod in pods_of(obj)
        for where, problem in pod_problems(pod)
    ]
