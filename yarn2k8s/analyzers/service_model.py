"""The long-running service model YARN services, Slider apps and Skein specs are read into.

A service (Workflow kind `yarn-service`, `data`) has a name, an origin and components. A
component is a plain dict: name, replicas, image (or files to bake), command, cpus, memory_mib,
gpus, env, config files, readiness check, ports, placement constraints, restart policy,
dependencies, whether instances are addressed by identity (-> StatefulSet), and its line.
"""

from __future__ import annotations

import re
from typing import Any

# YARN service variables that name a component instance or its Registry DNS entry.
_IDENTITY = re.compile(r"\$\{COMPONENT_INSTANCE_NAME\}|\$\{COMPONENT_ID\}|\$\{CONTAINER_ID\}")


def new_component(name: str, line: int) -> dict[str, Any]:
    """A component with YARN's defaults: one container, 1 vcore, 1 GiB, restart always."""
    return {
        "name": name,
        "replicas": 1,
        "image": "",
        "artifact": {"type": "", "id": ""},
        "command": "",
        "cpus": 1,
        "memory_mib": 1024,
        "gpus": 0,
        "env": {},
        "files": [],
        "readiness": {},
        "ports": [],
        "placement": [],
        "restart_policy": "ALWAYS",
        "dependencies": [],
        "identity": False,
        "privileged": False,
        "bake": [],
        "line": line,
    }


def uses_identity(component_text: str, component: str, service_text: str) -> bool:
    """Instances are addressed one by one: `${COMPONENT_INSTANCE_NAME}` in the component, or
    Registry DNS names of its instances (`<component>-0.${SERVICE_NAME}...`) anywhere."""
    if _IDENTITY.search(component_text):
        return True
    return bool(re.search(rf"\b{re.escape(component)}-\d+\.\$\{{SERVICE_NAME\}}", service_text))


def instance_ports(component: str, service_text: str) -> list[int]:
    """Ports named with a component's Registry DNS names (quicklinks and the like)."""
    pattern = rf"\b{re.escape(component)}-\d+\.[^\s\"':/]*((?::\d{{2,5}})+)"
    ports = {int(p) for group in re.findall(pattern, service_text) for p in group.split(":") if p}
    return sorted(p for p in ports if 0 < p < 65536)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` (0 if absent)."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def mapping(value: Any) -> dict[str, Any]:
    """A JSON/YAML value as a dict ({} when it is something else)."""
    return value if isinstance(value, dict) else {}
