"""YARN queue ACLs -> Namespaces, Roles and RoleBindings.

A YARN user may submit to a queue if the queue's ACL or any ancestor's allows it; root's ACL
defaults to `*` (everyone), other queues' to nobody. So the effective ACL of a leaf is the
union along its path, and `*` anywhere means no restriction. ACL values are `users groups`,
each a comma-separated list. Each restricted leaf gets RoleBindings in its LocalQueue's
namespace to two Roles written once per namespace: one to submit workloads, one to administer.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.model.names import dns_name, queue_name

MANAGED = {"app.kubernetes.io/managed-by": "yarn2k8s"}
SUBMITTER, ADMIN = "yarn2k8s-queue-submitter", "yarn2k8s-queue-admin"
_WORKLOADS = [
    ("batch", ["jobs", "cronjobs"]),
    ("sparkoperator.k8s.io", ["sparkapplications", "scheduledsparkapplications"]),
    ("kubeflow.org", ["tfjobs", "pytorchjobs", "mpijobs", "xgboostjobs"]),
    ("trainer.kubeflow.org", ["trainjobs"]),
]
_READ = ["get", "list", "watch"]


def namespace_object(name: str) -> dict[str, Any]:
    """A Namespace for a team's queue."""
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "labels": dict(MANAGED)},
    }


def parse_acl(value: str) -> tuple[set[str], set[str], bool]:
    """(users, groups, everyone) from a YARN ACL string."""
    if value.strip() == "*":
        return set(), set(), True
    users, _, groups = value.partition(" ")
    return _names(users), _names(groups), False


def _names(text: str) -> set[str]:
    return {x.strip() for x in text.split(",") if x.strip()}


def effective_acl(
    queue: dict[str, Any], by_path: dict[str, dict[str, Any]], key: str
) -> tuple[set[str], set[str], bool]:
    """The union of a queue's ACL and its ancestors'."""
    users: set[str] = set()
    groups: set[str] = set()
    path = queue["path"]
    while path:
        u, g, everyone = parse_acl(by_path[path].get(key, ""))
        if everyone:
            return set(), set(), True
        users |= u
        groups |= g
        path = by_path[path]["parent"]
    return users, groups, False


def _role(name: str, namespace: str, verbs: list[str]) -> dict[str, Any]:
    rules = [{"apiGroups": [group], "resources": res, "verbs": verbs} for group, res in _WORKLOADS]
    rules.append({"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": _READ})
    if name == ADMIN:
        rules.append(
            {
                "apiGroups": ["kueue.x-k8s.io"],
                "resources": ["localqueues", "workloads"],
                "verbs": _READ,
            }
        )
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": name, "namespace": namespace, "labels": dict(MANAGED)},
        "rules": rules,
    }


def _binding(
    name: str, namespace: str, role: str, users: set[str], groups: set[str]
) -> dict[str, Any]:
    subjects = [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": u} for u in sorted(users)
    ]
    subjects += [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": g}
        for g in sorted(groups)
    ]
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": name, "namespace": namespace, "labels": dict(MANAGED)},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": role},
        "subjects": subjects,
    }


def acl_objects(
    queues: list[dict[str, Any]], placements: dict[str, tuple[str, str, bool]], loc: SourceLocation
) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Roles and RoleBindings for every restricted leaf queue, and a finding per leaf."""
    by_path = {q["path"]: q for q in queues}
    roles: dict[tuple[str, str], dict[str, Any]] = {}
    bindings: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for path, (_, namespace, _) in sorted(placements.items()):
        for key, role, verbs in (
            ("submit_acl", SUBMITTER, [*_READ, "create", "delete"]),
            ("admin_acl", ADMIN, [*_READ, "create", "delete", "update", "patch"]),
        ):
            users, groups, everyone = effective_acl(by_path[path], by_path, key)
            if everyone:
                if key == "submit_acl":
                    findings.append(make("QU025", loc, queue=path))
                continue
            if not users and not groups:
                continue
            name = dns_name(
                f"{'submit' if key == 'submit_acl' else 'admin'}-{queue_name(path)}", max_len=63
            )
            roles.setdefault((namespace, role), _role(role, namespace, verbs))
            bindings.append(_binding(name, namespace, role, users, groups))
            acl = " ".join([",".join(sorted(users)), ",".join(sorted(groups))]).strip()
            findings.append(
                make("QU004", loc, queue=path, acl=acl, binding=name, namespace=namespace)
            )
    return [roles[k] for k in sorted(roles)] + bindings, findings
