"""Absolute quotas from a YARN queue tree, so that they add up as YARN's percentages do.

YARN gives each queue a share of its parent (`capacity`), in percent, by weight, or as an
absolute amount; a queue's absolute capacity is the product down the tree. Here every level is
split in whole base units (millicores, MiB, GPUs) with the largest-remainder method: children
whose percentages add up to 100 get amounts that add up to exactly their parent's, and no
rounding error accumulates down the tree. The maximum (`maximum-capacity`) is relative to the
parent's maximum, as in YARN's CSQueueUtils; it is None where no ancestor bounds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

RESOURCES = ("cpu", "memory", "gpu")


@dataclass
class Quota:
    """One queue's absolute guarantee and limit, per resource, in base units."""

    nominal: dict[str, int] = field(default_factory=dict)
    maximum: dict[str, int] = field(default_factory=dict)  # the cluster total when unbounded
    child_percent: dict[str, Fraction] = field(default_factory=dict)  # sum of children's %


def split(amount: int, shares: list[tuple[str, list[Any] | None]]) -> dict[str, int]:
    """Split `amount` among children by their capacity specs; exact sums, stable ties.

    A spec is `["pct", p]`, `["w", weight]`, `["abs", units]` or None (no capacity: 0).
    Absolute children get their own amount; weights share what the absolute ones leave.
    """
    fixed = {name: int(spec[1]) for name, spec in shares if spec and spec[0] == "abs"}
    rest = max(amount - sum(fixed.values()), 0)
    weights = {name: Fraction(str(spec[1])) for name, spec in shares if spec and spec[0] == "w"}
    total_weight = sum(weights.values(), Fraction(0))
    exact: dict[str, Fraction] = {}
    for name, spec in shares:
        if spec and spec[0] == "pct":
            exact[name] = Fraction(amount) * Fraction(str(spec[1])) / 100
        elif name in weights and total_weight:
            exact[name] = Fraction(rest) * weights[name] / total_weight
        elif name not in fixed:
            exact[name] = Fraction(0)
    out = {name: int(value) for name, value in exact.items()}  # floors (all values >= 0)
    leftover = round(sum(exact.values(), Fraction(0))) - sum(out.values())
    by_remainder = sorted(exact, key=lambda n: (-(exact[n] - out[n]), n))
    for name in by_remainder[: max(leftover, 0)]:
        out[name] += 1
    return {**out, **fixed}


def effective_totals(queues: list[dict[str, Any]], totals: dict[str, int]) -> dict[str, int]:
    """The cluster is at least as large as the absolute capacities under root add up to."""
    by_path = {q["path"]: q for q in queues}
    children = [by_path[c] for c in queues[0]["children"] if c in by_path]
    out = dict(totals)
    for resource in RESOURCES:
        specs = [c["capacity"].get(resource) for c in children]
        absolute = sum(int(s[1]) for s in specs if s and s[0] == "abs")
        out[resource] = max(out.get(resource, 0), absolute)
    return out


def quotas(queues: list[dict[str, Any]], totals: dict[str, int]) -> dict[str, Quota]:
    """Absolute quotas for every queue of a tree (root = the cluster totals)."""
    by_path = {q["path"]: q for q in queues}
    root = queues[0]["path"]
    result = {root: Quota(dict(totals), dict(totals))}
    stack = [root]
    while stack:
        parent = by_path[stack.pop()]
        children = [by_path[c] for c in parent["children"] if c in by_path]
        for resource in RESOURCES:
            _level(result[parent["path"]], children, resource, result)
        stack += [c["path"] for c in children]
    return result


def _level(
    here: Quota, children: list[dict[str, Any]], resource: str, result: dict[str, Quota]
) -> None:
    shares = [(c["path"], c["capacity"].get(resource)) for c in children]
    amounts = split(here.nominal.get(resource, 0), shares)
    percents = (Fraction(str(spec[1])) for _, spec in shares if spec and spec[0] == "pct")
    here.child_percent[resource] = sum(percents, Fraction(0))
    for child in children:
        quota = result.setdefault(child["path"], Quota())
        quota.maximum[resource] = maximum(child["maximum"].get(resource), here.maximum[resource])
        # A guarantee above the queue's own maximum can never be used (YARN refuses it for
        # the Capacity Scheduler and caps fair shares at maxResources): cap it.
        quota.nominal[resource] = min(amounts.get(child["path"], 0), quota.maximum[resource])


def maximum(spec: list[Any] | None, parent_max: int) -> int:
    """A child's absolute maximum: a share of its parent's maximum, or an absolute amount."""
    if spec is None or spec[0] == "w":
        return parent_max
    if spec[0] == "abs":
        return min(int(spec[1]), parent_max)
    return int(Fraction(parent_max) * min(Fraction(str(spec[1])), Fraction(100)) / 100)
