"""workflow-app XML -> OozieWorkflow: nodes, actions, <global>, <credentials>, <parameters>.

Reads every workflow schema (0.1 to 1.0): namespaces are ignored, `job-tracker` and
`resource-manager` are the same field. Problems in the graph (dangling transitions, missing
start) become findings; the converter decides what it can still build.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from yarn2k8s.analyzers.oozie_model import Action, Credential, FsOp, Node, OozieWorkflow, Property
from yarn2k8s.analyzers.oozie_xml import (
    child,
    child_text,
    children,
    configuration,
    element_source,
    line_of,
    tag,
    text_of,
)
from yarn2k8s.findings import make
from yarn2k8s.model import SourceLocation

FS_OPS = ("delete", "mkdir", "move", "chmod", "touchz", "chgrp", "setrep")
# Children that are structure, not simple text fields.
_STRUCTURED = frozenset({"configuration", "prepare", "job-xml", "streaming", "pipes", "launcher"})
_FLAGS = frozenset({"capture-output", "propagate-configuration", "recursive"})
_CONTROL = ("start", "end", "kill", "decision", "fork", "join")
MAX_NODES = 5_000


def parse_workflow(root: Element, text: str, rel: str) -> OozieWorkflow:
    """Read a parsed <workflow-app> element (text is the source, for line numbers)."""
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    wf = OozieWorkflow(name=root.get("name", ""), rel=rel, schema=namespace)
    for el in children(root):
        if len(wf.nodes) >= MAX_NODES:
            wf.findings.append(make("OZ041", SourceLocation(rel), limit=MAX_NODES))
            break
        _read_top(wf, el, text)
    _check_transitions(wf)
    return wf


def _read_top(wf: OozieWorkflow, el: Element, text: str) -> None:
    name = tag(el)
    if name == "parameters":
        wf.parameters = read_parameters(el, text, wf.rel)
    elif name == "global":
        _read_global(wf, el)
    elif name == "credentials":
        for cred in children(el, "credential"):
            cname = cred.get("name", "")
            wf.credentials[cname] = Credential(
                cname, cred.get("type", ""), configuration(cred), line_of(text, "credential", cname)
            )
    elif name == "start":
        wf.start = el.get("to", "")
    elif name in _CONTROL or name == "action":
        node = _read_node(el, name, text, wf.rel)
        if node.name in wf.nodes:
            wf.findings.append(make("OZ042", SourceLocation(wf.rel, node.line), node=node.name))
        wf.nodes[node.name] = node
    elif name == "info":  # sla:info
        wf.sla = True


def _line_of_text(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def read_parameters(el: Element, text: str, rel: str) -> list[Property]:
    """<parameters>: declared variables; one without <value> is required at submission."""
    found = []
    for prop in children(el, "property"):
        name = child_text(prop, "name")
        if name:
            entry = Property(name, child_text(prop, "value"), rel, _line_of_text(text, f">{name}<"))
            entry.required = child(prop, "value") is None
            found.append(entry)
    return found


def _read_global(wf: OozieWorkflow, el: Element) -> None:
    for item in children(el):
        name = _field_name(tag(item))
        if name == "configuration":
            wf.global_configuration.update(configuration(item))
        elif name == "job-xml":
            wf.global_job_xml.append(text_of(item))
        elif name != "launcher":
            wf.global_fields.setdefault(name, []).append(text_of(item))


def _field_name(name: str) -> str:
    # Schema 1.0 renamed job-tracker to resource-manager; both mean the cluster's RM.
    return "resource-manager" if name == "job-tracker" else name


def _read_node(el: Element, kind: str, text: str, rel: str) -> Node:
    name = el.get("name", kind)
    node = Node(name=name, kind=kind, line=line_of(text, kind, name if kind != "end" else ""))
    if kind == "end":
        node.line = line_of(text, "end", name)
    if kind == "kill":
        node.message = " ".join(child_text(el, "message").split())
    elif kind == "decision":
        switch = child(el, "switch")
        for case in children(switch, "case") if switch is not None else []:
            node.cases.append((text_of(case), case.get("to", "")))
        default = child(switch, "default") if switch is not None else None
        node.default = default.get("to", "") if default is not None else ""
    elif kind == "fork":
        node.to = [p.get("start", "") for p in children(el, "path")]
    elif kind == "join":
        node.to = [el.get("to", "")]
    elif kind == "action":
        _read_action(node, el, text)
    return node


def _read_action(node: Node, el: Element, text: str) -> None:
    ok, error = child(el, "ok"), child(el, "error")
    node.to = [ok.get("to", "")] if ok is not None else []
    node.error_to = error.get("to", "") if error is not None else ""
    body = next((c for c in children(el) if tag(c) not in ("ok", "error", "info")), None)
    if body is None:
        node.action = Action(type="", namespace="", xml=element_source(text, "action", node.name))
        return
    action = read_action_body(body)
    action.retry_max = el.get("retry-max", "")
    action.retry_interval = el.get("retry-interval", "")
    action.retry_policy = el.get("retry-policy", "")
    action.cred = [c.strip() for c in el.get("cred", "").split(",") if c.strip()]
    if any(tag(c) == "info" for c in children(el)):  # <sla:info> inside the action
        action.flags.add("sla")
    action.xml = element_source(text, "action", node.name)
    node.action = action


def read_action_body(body: Element) -> Action:
    """The action-type element (`<spark>`, `<shell>`, `<fs>`...) as an Action."""
    kind = tag(body)
    namespace = body.tag[1:].split("}", 1)[0] if body.tag.startswith("{") else ""
    action = Action(type=kind, namespace=namespace)
    for item in children(body):
        _read_action_child(action, item)
    return action


def _read_action_child(action: Action, item: Element) -> None:
    name = _field_name(tag(item))
    if name == "configuration":
        action.configuration.update(configuration(item))
    elif name == "job-xml":
        action.job_xml.append(text_of(item))
    elif name == "prepare":
        action.prepare.extend(_fs_op(op) for op in children(item) if tag(op) in FS_OPS)
    elif name in ("streaming", "pipes"):
        action.type = name  # a map-reduce action running streaming or pipes
        for part in children(item):
            action.streaming.setdefault(tag(part), []).append(text_of(part))
    elif action.type == "fs" and name in FS_OPS:
        action.ops.append(_fs_op(item))
    elif name in _FLAGS:
        action.flags.add(name)
    elif name != "launcher":
        action.fields.setdefault(name, []).append(text_of(item))


def _fs_op(el: Element) -> FsOp:
    recursive = child(el, "recursive") is not None
    return FsOp(op=tag(el), attrs=dict(sorted(el.attrib.items())), recursive=recursive)


def _check_transitions(wf: OozieWorkflow) -> None:
    """Every transition names a node; a missing start is reported too."""
    known = set(wf.nodes)
    if not wf.start or wf.start not in known:
        wf.findings.append(make("OZ040", SourceLocation(wf.rel), target=wf.start or "(none)"))
    for node in wf.nodes.values():
        targets = [*node.to, node.error_to, node.default, *(t for _, t in node.cases)]
        for target in targets:
            if target and target not in known:
                loc = SourceLocation(wf.rel, node.line)
                wf.findings.append(make("OZ003", loc, node=node.name, target=target))
