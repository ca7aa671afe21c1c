"""A component's config files -> one ConfigMap, mounted file by file (subPath).

YARN rendered `configuration.files` into each container: TEMPLATE content as given, XML /
HADOOP_XML / PROPERTIES / JSON / YAML / ENV from their `properties`. Service-wide variables are
substituted now (`${SERVICE_NAME}`, Registry DNS names become cluster DNS names); per-instance
ones (`${COMPONENT_INSTANCE_NAME}`, `${THIS_HOST}`) are only known when a pod starts: they stay,
with a finding. Secret-looking values never reach a ConfigMap.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from yarn2k8s.converters.site_configmaps import hadoop_xml
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.model.names import dns_name
from yarn2k8s.security.redact import is_secret_key, looks_secret_value

_INSTANCE_VARS = re.compile(r"\$\{(COMPONENT_INSTANCE_NAME|THIS_HOST|COMPONENT_ID|CONTAINER_ID)\}")
_KEY = re.compile(r"[-._a-zA-Z0-9]{1,253}")  # a valid ConfigMap data key
_REGISTRY_DNS = re.compile(
    r"\b([a-z0-9][a-z0-9-]*?)-(\d+)\.\$\{SERVICE_NAME\}\.\$\{USER\}\.\$\{DOMAIN\}"
)


def workload_name(service: str, component: str) -> str:
    """The Kubernetes name of a component's workload (and its Service)."""
    return dns_name(f"{service}-{component}", max_len=50, fallback="svc")


def substitute(text: str, service: str, namespace: str) -> str:
    """Service-wide YARN variables -> their Kubernetes values."""
    text = _REGISTRY_DNS.sub(
        lambda m: (
            f"{workload_name(service, m.group(1))}-{m.group(2)}."
            f"{workload_name(service, m.group(1))}.{namespace}.svc.cluster.local"
        ),
        text,
    )
    return (
        text.replace("${SERVICE_NAME}", service)
        .replace("${USER}", namespace)
        .replace("${DOMAIN}", "svc.cluster.local")
    )


def render_file(kind: str, props: dict[str, Any]) -> str:
    """The content YARN would have written for a config file of this type."""
    kind = kind.upper()
    if kind == "TEMPLATE" or (not kind and "content" in props):
        return str(props.get("content", ""))
    if kind in ("XML", "HADOOP_XML"):
        return hadoop_xml([(str(k), str(v)) for k, v in props.items()])
    if kind == "JSON":
        return json.dumps(props, indent=2, sort_keys=True) + "\n"
    if kind == "YAML":
        return str(yaml.safe_dump(props, sort_keys=True, default_flow_style=False))
    return "".join(f"{k}={v}\n" for k, v in props.items())  # PROPERTIES, ENV


def config_files(
    component: dict[str, Any], service: str, namespace: str, loc: SourceLocation
) -> tuple[dict[str, str], list[tuple[str, str]], list[Finding]]:
    """(ConfigMap data, [(key, mount path)], findings) for a component's config files."""
    data: dict[str, str] = {}
    mounts: list[tuple[str, str]] = []
    findings: list[Finding] = []
    name = component["name"]
    for index, spec in enumerate(component.get("files", [])):
        dest = str(spec.get("dest_file", "")) or f"/etc/{name}/file-{index}"
        key = PurePosixPath(dest).name
        if not _KEY.fullmatch(key) or key in data:
            key = f"file-{index}"
        props = dict(spec.get("properties") or {})
        for prop in sorted(props):
            if is_secret_key(prop) or looks_secret_value(str(props[prop])):
                findings.append(make("YS016", loc, key=f"{dest}: {prop}"))
                del props[prop]
        content = render_file(str(spec.get("type", "")), props)
        if not content and spec.get("src_file"):
            findings.append(make("YS007", loc, component=name, dest=dest, src=spec["src_file"]))
        content = substitute(content, service, namespace)
        for variable in sorted(set(_INSTANCE_VARS.findall(content))):
            findings.append(
                make(
                    "YS020",
                    loc,
                    component=name,
                    dest=f"config file `{dest}`",
                    variable=f"${{{variable}}}",
                )
            )
        data[key] = content
        mounts.append((key, dest))
    return data, mounts, findings
