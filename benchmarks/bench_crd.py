"""Benchmark: validate 1,000 typical SparkApplications against the spark-operator CRD.

Run from the project root::

    .venv/bin/python -m benchmarks.bench_crd [CRD_DIR] [COUNT]

Prints the time to load the CRDs, to build the SparkApplication validator (first object), and
the elapsed seconds and objects per second for validating ``COUNT`` objects.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from yarn2k8s.validators.crd import CRDSchemas

DEFAULT_CRD_DIR = Path("/work/shared/schemas/crds")
DEFAULT_COUNT = 1000


def role(index: int, cores: int, memory: str) -> dict[str, Any]:
    """The driver or executor part of a SparkApplication."""
    return {
        "cores": cores,
        "coreLimit": f"{cores * 1000}m",
        "memory": memory,
        "labels": {"app": f"job-{index}", "version": "3.5.1"},
        "serviceAccount": "spark",
        "env": [
            {"name": "PYTHONUNBUFFERED", "value": "1"},
            {"name": "JOB_ID", "value": str(index)},
        ],
        "volumeMounts": [{"name": "work", "mountPath": "/work"}],
        "javaOptions": "-XX:+UseG1GC",
    }


def spark_application(index: int) -> dict[str, Any]:
    """A typical SparkApplication, as the converter generates them."""
    executor = role(index, 2, "4g")
    executor["instances"] = 1 + index % 10
    return {
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "SparkApplication",
        "metadata": {
            "name": f"etl-daily-{index}",
            "namespace": "data-eng",
            "labels": {"app.kubernetes.io/managed-by": "yarn2k8s", "yarn-queue": "root.etl"},
            "annotations": {"yarn2k8s.io/source": f"oozie/workflow-{index}.xml"},
        },
        "spec": {
            "type": "Python",
            "pythonVersion": "3",
            "mode": "cluster",
            "image": "registry.example.com/spark-py:3.5.1",
            "imagePullPolicy": "IfNotPresent",
            "mainApplicationFile": "local:///opt/jobs/etl.py",
            "arguments": ["--date", "2024-01-01", "--partition", str(index)],
            "sparkVersion": "3.5.1",
            "sparkConf": {"spark.sql.shuffle.partitions": "200", "spark.ui.enabled": "false"},
            "hadoopConf": {"fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem"},
            "deps": {"pyFiles": ["local:///opt/jobs/lib.zip"]},
            "restartPolicy": {"type": "OnFailure", "onFailureRetries": 3},
            "volumes": [{"name": "work", "emptyDir": {"sizeLimit": "10Gi"}}],
            "driver": role(index, 1, "2g"),
            "executor": executor,
        },
    }


def run(crd_dir: Path, count: int) -> list[str]:
    """Validate ``count`` objects and return the report lines."""
    started = time.perf_counter()
    schemas = CRDSchemas.from_dir(crd_dir)
    loaded = time.perf_counter()
    objects = [spark_application(i) for i in range(count)]
    first_errors = schemas.validate(objects[0])  # builds and caches the validator
    built = time.perf_counter()
    invalid = sum(1 for obj in objects if schemas.validate(obj))
    elapsed = time.perf_counter() - built
    return [
        f"load CRDs: {loaded - started:.3f} s",
        f"first object (builds validator): {built - loaded:.3f} s, errors: {first_errors}",
        (
            f"validated {count} SparkApplications in {elapsed:.3f} s "
            f"({count / elapsed:,.0f} objects/s, {elapsed / count * 1e6:.0f} us/object), "
            f"invalid: {invalid}"
        ),
    ]


def main(argv: list[str]) -> int:
    """Entry point: ``[CRD_DIR] [COUNT]``."""
    crd_dir = Path(argv[0]) if argv else DEFAULT_CRD_DIR
    count = int(argv[1]) if len(argv) > 1 else DEFAULT_COUNT
    for line in run(crd_dir, count):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
