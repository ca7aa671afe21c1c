"""Quotas from a YARN queue tree add up as YARN's percentages do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.capacity_scheduler import CapacitySchedulerAnalyzer
from yarn2k8s.config import config_from_dict
from yarn2k8s.converters.queue_math import effective_totals, maximum, quotas, split

CLUSTER = {"cpu": 64_000, "memory": 262_144, "gpu": 7}


def _conf(props: dict[str, str]) -> str:
    body = "".join(
        f"<property><name>{k}</name><value>{v}</value></property>\n" for k, v in props.items()
    )
    return f"<configuration>\n{body}</configuration>\n"


def _tree(props: dict[str, str]) -> list[dict[str, Any]]:
    text = _conf({f"yarn.scheduler.capacity.{k}": v for k, v in props.items()})
    source = InputFile(Path("/in/capacity-scheduler.xml"), "capacity-scheduler.xml", text)
    result = CapacitySchedulerAnalyzer().analyze(source, AnalysisContext(config_from_dict({})))
    (unit,) = result.workflows
    queues: list[dict[str, Any]] = unit.data["queues"]
    return queues


NESTED = {
    "root.queues": "eng,prod",
    "root.eng.capacity": "60",
    "root.eng.maximum-capacity": "80",
    "root.eng.queues": "ml,etl",
    "root.eng.ml.capacity": "66.7",
    "root.eng.etl.capacity": "33.3",
    "root.eng.etl.maximum-capacity": "50",
    "root.eng.etl.queues": "daily,adhoc",
    "root.eng.etl.daily.capacity": "70",
    "root.eng.etl.adhoc.capacity": "30",
    "root.prod.capacity": "40",
    "root.prod.queues": "serving,reports",
    "root.prod.serving.capacity": "75",
    "root.prod.reports.capacity": "25",
}


def test_nested_quotas_add_up_at_every_level() -> None:
    queues = _tree(NESTED)
    result = quotas(queues, CLUSTER)
    for queue in queues:
        if queue["children"]:
            for resource in ("cpu", "memory", "gpu"):
                total = sum(result[c].nominal[resource] for c in queue["children"])
                assert total == result[queue["path"]].nominal[resource], (queue["path"], resource)
    leaves = [q["path"] for q in queues if not q["children"]]
    assert sum(result[p].nominal["cpu"] for p in leaves) == 64_000
    assert sum(result[p].nominal["gpu"] for p in leaves) == 7


def test_nested_quotas_follow_the_product_of_percentages() -> None:
    result = quotas(_tree(NESTED), CLUSTER)
    # eng 60% of 64 cores = 38.4; ml 66.7% of that = 25.6128 cores; etl 33.3% = 12.7872.
    assert result["root.eng"].nominal["cpu"] == 38_400
    assert result["root.eng.ml"].nominal["cpu"] == 25_613  # largest remainder gets the unit
    assert result["root.eng.etl"].nominal["cpu"] == 12_787
    # daily 70% of 12.787 = 8.9509 cores, adhoc 30% = 3.8361: 8951 + 3836 = 12787.
    assert result["root.eng.etl.daily"].nominal["cpu"] == 8_951
    assert result["root.eng.etl.adhoc"].nominal["cpu"] == 3_836
    assert result["root.prod.serving"].nominal["cpu"] == 64_000 * 40 * 75 // 10_000


def test_maximum_is_relative_to_the_parents_maximum() -> None:
    result = quotas(_tree(NESTED), CLUSTER)
    assert result["root.eng"].maximum["cpu"] == 51_200  # 80% of the cluster
    assert result["root.eng.ml"].maximum["cpu"] == 51_200  # inherits eng's bound
    assert result["root.eng.etl"].maximum["cpu"] == 25_600  # 50% of eng's maximum
    assert result["root.eng.etl.daily"].maximum["cpu"] == 25_600
    assert result["root.prod.serving"].maximum["cpu"] == 64_000  # nothing bounds it


def test_split_is_exact_and_stable() -> None:
    shares: list[tuple[str, list[Any] | None]] = [
        ("a", ["pct", 33.3]),
        ("b", ["pct", 33.3]),
        ("c", ["pct", 33.4]),
    ]
    assert split(10_001, shares) == {"a": 3_330, "b": 3_330, "c": 3_341}
    assert sum(split(7, [("x", ["pct", 50]), ("y", ["pct", 50])]).values()) == 7
    assert split(7, [("x", ["pct", 50]), ("y", ["pct", 50])]) == {"x": 4, "y": 3}  # tie: by name


def test_split_weights_share_what_absolute_children_leave() -> None:
    shares: list[tuple[str, list[Any] | None]] = [
        ("fixed", ["abs", 16_000]),
        ("big", ["w", 2.0]),
        ("small", ["w", 1.0]),
        ("none", None),
    ]
    assert split(64_000, shares) == {"fixed": 16_000, "big": 32_000, "small": 16_000, "none": 0}


@pytest.mark.parametrize(
    ("spec", "parent", "expected"),
    [
        (None, 900, 900),
        (["pct", 50], 900, 450),
        (["pct", 150], 900, 900),
        (["abs", 100], 900, 100),
        (["abs", 5000], 900, 900),
        (["w", 3.0], 900, 900),
    ],
)
def test_maximum(spec: list[Any] | None, parent: int, expected: int) -> None:
    assert maximum(spec, parent) == expected


def test_guarantee_is_capped_by_the_queues_own_maximum() -> None:
    queues = [
        {"path": "root", "children": ["root.a", "root.b"], "capacity": {}, "maximum": {}},
        {
            "path": "root.a",
            "children": [],
            "capacity": {"cpu": ["w", 3.0]},
            "maximum": {"cpu": ["abs", 10]},
        },
        {"path": "root.b", "children": [], "capacity": {"cpu": ["w", 1.0]}, "maximum": {}},
    ]
    result = quotas(queues, {"cpu": 100, "memory": 0, "gpu": 0})
    assert result["root.a"].nominal["cpu"] == 10
    assert result["root.b"].nominal["cpu"] == 25


def test_absolute_capacities_grow_an_unknown_cluster() -> None:
    tree = _tree(
        {
            "root.queues": "a,b",
            "root.a.capacity": "[memory=100Gi,vcores=20,gpu=1]",
            "root.b.capacity": "[memory=100Gi,vcores=20,gpu=1]",
        }
    )
    totals = effective_totals(tree, {"cpu": 10_000, "memory": 0, "gpu": 0})
    assert totals == {"cpu": 40_000, "memory": 204_800, "gpu": 2}
    result = quotas(tree, totals)
    assert result["root.a"].nominal == {"cpu": 20_000, "memory": 102_400, "gpu": 1}
