"""coordinator-app and bundle-app XML -> OozieCoordinator / OozieBundle.

Coordinator schemas 0.1 to 0.5 and bundle 0.1/0.2 are read by local names. Datasets and
input/output events are kept as EL text: the converter turns frequencies into schedules and
input events into a sensor step.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from yarn2k8s.analyzers.oozie_model import (
    BundleEntry,
    DataEvent,
    Dataset,
    OozieBundle,
    OozieCoordinator,
)
from yarn2k8s.analyzers.oozie_workflow import read_parameters
from yarn2k8s.analyzers.oozie_xml import child, child_text, children, configuration, line_of, tag
from yarn2k8s.findings import make
from yarn2k8s.model import SourceLocation


def _namespace(el: Element) -> str:
    return el.tag[1:].split("}", 1)[0] if el.tag.startswith("{") else ""


def parse_coordinator(root: Element, text: str, rel: str) -> OozieCoordinator:
    """Read a parsed <coordinator-app> element."""
    coord = OozieCoordinator(
        name=root.get("name", ""),
        rel=rel,
        schema=_namespace(root),
        frequency=root.get("frequency", ""),
        start=root.get("start", ""),
        end=root.get("end", ""),
        timezone=root.get("timezone", "UTC") or "UTC",
    )
    for el in children(root):
        name = tag(el)
        if name == "controls":
            coord.timeout = child_text(el, "timeout")
            coord.concurrency = child_text(el, "concurrency")
            coord.execution = child_text(el, "execution")
            coord.throttle = child_text(el, "throttle")
        elif name == "datasets":
            _read_datasets(coord, el, text)
        elif name in ("input-events", "output-events"):
            events = [_event(e, text) for e in children(el) if tag(e) in ("data-in", "data-out")]
            (coord.inputs if name == "input-events" else coord.outputs).extend(events)
        elif name == "input-logic":
            loc = SourceLocation(rel, line_of(text, name))
            coord.findings.append(make("OZ057", loc, what="<input-logic>"))
        elif name == "action":
            workflow = child(el, "workflow")
            if workflow is not None:
                coord.app_path = child_text(workflow, "app-path")
                coord.configuration = configuration(child(workflow, "configuration"))
        elif name == "parameters":
            for prop in read_parameters(el, text, rel):
                coord.properties[prop.name] = prop
    return coord


def _read_datasets(coord: OozieCoordinator, el: Element, text: str) -> None:
    for item in children(el):
        if tag(item) == "include":
            loc = SourceLocation(coord.rel, line_of(text, "include"))
            coord.findings.append(make("OZ057", loc, what=f"<include> {child_text(el, 'include')}"))
            continue
        if tag(item) != "dataset":
            continue
        name = item.get("name", "")
        flag = child(item, "done-flag")
        coord.datasets[name] = Dataset(
            name=name,
            frequency=item.get("frequency", ""),
            initial_instance=item.get("initial-instance", ""),
            timezone=item.get("timezone", "UTC") or "UTC",
            uri_template=child_text(item, "uri-template"),
            done_flag=None if flag is None else "".join(flag.itertext()).strip(),
            line=line_of(text, "dataset", name),
        )


def _event(el: Element, text: str) -> DataEvent:
    name = el.get("name", "")
    return DataEvent(
        name=name,
        dataset=el.get("dataset", ""),
        instances=["".join(i.itertext()).strip() for i in children(el, "instance")],
        start_instance=child_text(el, "start-instance"),
        end_instance=child_text(el, "end-instance"),
        line=line_of(text, tag(el), name),
    )


def parse_bundle(root: Element, text: str, rel: str) -> OozieBundle:
    """Read a parsed <bundle-app> element."""
    bundle = OozieBundle(name=root.get("name", ""), rel=rel, schema=_namespace(root))
    for el in children(root):
        name = tag(el)
        if name == "controls":
            bundle.kick_off_time = child_text(el, "kick-off-time")
        elif name == "parameters":
            bundle.parameters = read_parameters(el, text, rel)
        elif name == "coordinator":
            cname = el.get("name", "")
            bundle.coordinators.append(
                BundleEntry(
                    name=cname,
                    app_path=child_text(el, "app-path"),
                    configuration=configuration(child(el, "configuration")),
                    line=line_of(text, "coordinator", cname),
                )
            )
    return bundle
