"""YARN placement constraints -> pod (anti-)affinity, node selectors, spread constraints.

`scope: NODE` is the node's hostname, `RACK` the zone (the nearest Kubernetes notion of a
rack). AFFINITY_WITH_CARDINALITY has no exact counterpart: a topology spread constraint with
`maxSkew` from the cardinality approximates it, with a finding.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

_TOPOLOGY = {"NODE": "kubernetes.io/hostname", "RACK": "topology.kubernetes.io/zone"}
COMPONENT_LABEL = "app.kubernetes.io/component"
INSTANCE_LABEL = "app.kubernetes.io/instance"


def placement(
    component: dict[str, Any], service: str, config: Config, loc: SourceLocation
) -> tuple[dict[str, Any], dict[str, str], list[dict[str, Any]], list[Finding]]:
    """(affinity, nodeSelector, topologySpreadConstraints, findings) for one component."""
    affinity: dict[str, Any] = {}
    selector: dict[str, str] = {}
    spread: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for raw in component.get("placement", []):
        if not isinstance(raw, dict):
            continue
        for label in raw.get("node_partitions") or []:
            default = {"yarn2k8s.io/node-label": str(label)}
            selector.update(config.node_labels.get(str(label), default))
        if raw.get("node_attributes"):
            how = "nothing (set a nodeAffinity)"
            findings.append(_approx(component, loc, "node_attributes", how))
        tags = sorted(str(t) for t in raw.get("target_tags") or [])
        if tags:
            _constraint(raw, _term(raw, tags, service), affinity, spread, findings, component, loc)
    return affinity, selector, spread, findings


def _term(raw: dict[str, Any], tags: list[str], service: str) -> dict[str, Any]:
    """Pods of the target components of this service, within one node or zone."""
    topology = _TOPOLOGY.get(str(raw.get("scope", "NODE")).upper(), _TOPOLOGY["NODE"])
    return {
        "labelSelector": {
            "matchExpressions": [{"key": COMPONENT_LABEL, "operator": "In", "values": tags}],
            "matchLabels": {INSTANCE_LABEL: service},
        },
        "topologyKey": topology,
    }


def _constraint(
    raw: dict[str, Any],
    term: dict[str, Any],
    affinity: dict[str, Any],
    spread: list[dict[str, Any]],
    findings: list[Finding],
    component: dict[str, Any],
    loc: SourceLocation,
) -> None:
    kind = str(raw.get("type", "")).upper()
    if kind == "ANTI_AFFINITY":
        _add(affinity, "podAntiAffinity", term)
    elif kind == "AFFINITY":
        _add(affinity, "podAffinity", term)
    elif kind == "AFFINITY_WITH_CARDINALITY":
        skew = max(int(raw.get("max_cardinality") or 1), 1)
        spread.append(
            {
                "maxSkew": skew,
                "topologyKey": term["topologyKey"],
                "whenUnsatisfiable": "DoNotSchedule",
                "labelSelector": term["labelSelector"],
            }
        )
        findings.append(_approx(component, loc, kind, f"a topology spread with maxSkew {skew}"))


def _add(affinity: dict[str, Any], key: str, term: dict[str, Any]) -> None:
    rules = affinity.setdefault(key, {}).setdefault(
        "requiredDuringSchedulingIgnoredDuringExecution", []
    )
    rules.append(term)


def _approx(component: dict[str, Any], loc: SourceLocation, constraint: str, how: str) -> Finding:
    return make("YS008", loc, component=component["name"], constraint=constraint, how=how)
