"""A `yarn-service` unit (Yarnfile, Slider package, Skein spec) -> services/<name>/.

Each component's objects go to `k8s/<component>.yaml`, listed in `k8s/kustomization.yaml`.
A component with a Docker image runs it; one whose files must be baked (Skein files, a Slider
package, a TARBALL artifact) gets a build context under `images/<component>/`; one that ran in
the NodeManager's own environment runs in a plain, pinned base image, with a finding.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.build_context import bake, dockerfile
from yarn2k8s.converters.dockerfile import dockerignore
from yarn2k8s.converters.kubernetes import kustomization
from yarn2k8s.converters.service_config import render_file, workload_name
from yarn2k8s.converters.service_workload import ServiceContext, build_component, component_ports
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, Workflow
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents

SERVICE_APP_DIR = "/opt/app"
# Base images by origin: what the components most likely need (pinned tags, never latest).
_BASES = {
    "skein": "python:{python}-slim",
    "slider": "eclipse-temurin:{java}-jre",
    "": "ubuntu:24.04",
}


def _base_image(config: Config, origin: str) -> str:
    override = config.base_images.get(f"service-{origin}") or config.base_images.get("service")
    template = _BASES.get(origin, _BASES[""]) if origin in _BASES else _BASES[""]
    return override or template.format(python=config.versions.python, java=config.versions.java)


def _namespace(unit: Workflow, config: Config) -> str:
    target = config.queues.get(str(unit.data.get("queue", "")))
    return target.namespace if target and target.namespace else config.namespace


def unpinned(image: str) -> bool:
    """No tag (implicitly latest), or `latest` itself; a digest pins it."""
    if "@sha256:" in image:
        return False
    name = PurePosixPath(image).name
    return ":" not in name or name.endswith(":latest")


def convert_service(unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """Every file of a service's folder."""
    config, out, data = ctx.config, Artifacts(), unit.data
    base = f"services/{unit.name}"
    namespace = _namespace(unit, config)
    components = list(data.get("components", []))
    names = {c["name"]: workload_name(unit.name, c["name"]) for c in components}
    ports = {c["name"]: component_ports(c) for c in components}
    sc = ServiceContext(unit.name, namespace, config, unit.location, names, ports)
    resources: list[str] = []
    for comp in components:
        image = _component_image(unit, comp, ctx, out)
        built = build_component(comp, sc, image)
        out.findings += built.findings
        objects = built.objects
        if comp.get("config_types") and data.get("config_files"):
            _mount_slider_configs(unit, objects)
        file = f"{names[comp['name']]}.yaml"
        out.add(f"{base}/k8s/{file}", dump_yaml_documents(objects))
        resources.append(file)
    if data.get("config_files"):
        out.add(f"{base}/k8s/{unit.name}-conf.yaml", dump_yaml(_slider_config_map(unit, namespace)))
        resources.append(f"{unit.name}-conf.yaml")
    if resources:
        out.add(f"{base}/k8s/kustomization.yaml", dump_yaml(kustomization(resources)))
    out.findings += _service_findings(unit)
    return out


def _component_image(
    unit: Workflow, comp: dict[str, Any], ctx: ConversionContext, out: Artifacts
) -> str:
    """The image a component runs: its own, a plain base image, or one built here."""
    config, loc = ctx.config, unit.location
    image = str(comp.get("image", ""))
    if image and not comp.get("bake"):
        if unpinned(image):
            out.findings.append(make("YS003", loc, component=comp["name"], image=image))
        return image
    base_image = _base_image(config, str(unit.data.get("origin", "")))
    artifact = comp.get("artifact") or {}
    if not comp.get("bake") and artifact.get("type") != "TARBALL":
        out.findings.append(make("YS024", loc, component=comp["name"], image=base_image))
        return base_image
    # A Slider application package is one build for all its components.
    slider = unit.data.get("origin") == "slider"
    name = unit.name if slider else workload_name(unit.name, comp["name"])
    built = f"{config.image.registry.rstrip('/')}/{name}:{config.image.tag}"
    context = f"services/{unit.name}/images/{name}"
    if f"{context}/Dockerfile" not in out.files:
        _build(unit, comp, ctx, out, context, name, base_image)
        if artifact.get("type") == "TARBALL":
            what = artifact.get("id") or "the package"
            out.findings.append(
                make("YS004", loc, component=comp["name"], artifact=what, image=built)
            )
    return built


def _build(
    unit: Workflow,
    comp: dict[str, Any],
    ctx: ConversionContext,
    out: Artifacts,
    context: str,
    name: str,
    base_image: str,
) -> None:
    """The build context: files baked from the inputs, Dockerfile, .dockerignore."""
    loc = unit.location
    anchor = MigrationJob(kind="service", source_name="", location=loc)
    wanted = [(b["source"], _dest(b)) for b in comp.get("bake", [])]
    files = bake(out, context, ctx.root, anchor, wanted)
    for item in comp.get("bake", []):
        if _dest(item).endswith("/"):
            finding = make(
                "YS017", loc, component=comp["name"], file=item["source"], dest=_dest(item)
            )
            out.findings.append(finding)
    what = "service" if name == unit.name else f"component {comp['name']} of service"
    description = f"{what} {unit.source_name or unit.name} migrated from YARN"
    text = dockerfile(name, loc, description, base_image, files, SERVICE_APP_DIR)
    out.add(f"{context}/Dockerfile", text)
    out.add(f"{context}/.dockerignore", dockerignore())


def _dest(item: dict[str, str]) -> str:
    """Where a localized file goes: archives unpack into a folder named by their key."""
    source, dest = item["source"], item["dest"]
    folder = f"{SERVICE_APP_DIR}/{dest}".rstrip("/")
    if source.endswith((".tar.gz", ".tgz", ".tar")):
        return f"{folder}/"
    return f"{SERVICE_APP_DIR}/{dest or PurePosixPath(source).name}"


def _slider_config_map(unit: Workflow, namespace: str) -> dict[str, Any]:
    """Slider `site.<type>.*` settings as config files, in one ConfigMap for the service."""
    files = {}
    for config_type, props in sorted(unit.data["config_files"].items()):
        kind = "XML" if config_type.endswith("-site") else "PROPERTIES"
        suffix = ".xml" if kind == "XML" else ".properties"
        files[f"{config_type}{suffix}"] = render_file(kind, props)
    labels = {"app.kubernetes.io/managed-by": "yarn2k8s", "app.kubernetes.io/instance": unit.name}
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": f"{unit.name}-conf", "namespace": namespace, "labels": labels},
        "data": files,
    }


def _mount_slider_configs(unit: Workflow, objects: list[dict[str, Any]]) -> None:
    """Mount the service's config files at /etc/<service>/conf in every workload."""
    for obj in objects:
        if obj["kind"] in ("Deployment", "StatefulSet", "Job"):
            spec = obj["spec"]["template"]["spec"]
            volume = {"name": "conf", "configMap": {"name": f"{unit.name}-conf"}}
            spec.setdefault("volumes", []).append(volume)
            spec["containers"][0].setdefault("volumeMounts", []).append(
                {"name": "conf", "mountPath": f"/etc/{unit.name}/conf", "readOnly": True}
            )


def _service_findings(unit: Workflow) -> list[Any]:
    data, loc = unit.data, unit.location
    findings = []
    if str(data.get("lifetime", "")).strip() not in ("", "-1"):
        findings.append(make("YS005", loc, seconds=data["lifetime"]))
    for name, url in sorted((data.get("quicklinks") or {}).items()):
        findings.append(make("YS009", loc, name=name, url=url))
    if data.get("kerberos"):
        findings.append(make("YS010", loc))
    return findings
