"""Benchmark: schema validation of 1,000 generated manifests, and hadolint per Dockerfile.

Run from the project root::

    .venv/bin/python -m benchmarks.bench_validate [CRD_DIR] [COUNT]

The manifests are the golden samples' objects (SparkApplications, training jobs, RBAC...),
repeated with distinct names up to COUNT, validated through the same path as `yarn2k8s
validate` (cached validators per kind; schema sources loaded once, outside the timing).
hadolint is timed separately over the golden Dockerfiles (one process for all of them).
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.validators.dockerfile import hadolint_binary, lint
from yarn2k8s.validators.tree import Options, object_findings, schema_set

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CRD_DIR = ROOT.parent / "shared" / "schemas" / "crds"


def golden_objects() -> list[tuple[str, dict[str, Any]]]:
    """Every Kubernetes object of the golden samples."""
    found = []
    for path in sorted(ROOT.glob("samples/*/*/expected/**/*.yaml")):
        if path.name == "pipeline.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(doc, dict) and "apiVersion" in doc and doc.get("kind") != "Kustomization":
                found.append((path.relative_to(ROOT).as_posix(), doc))
    return found


def manifests(count: int) -> list[tuple[str, dict[str, Any]]]:
    """``count`` objects cycling through the golden ones, each with its own name."""
    base = golden_objects()
    out = []
    for index in range(count):
        rel, doc = base[index % len(base)]
        obj = copy.deepcopy(doc)
        obj["metadata"]["name"] = f"{obj['metadata'].get('name', 'x')}-{index}"[:63]
        out.append((rel, obj))
    return out


def main(argv: list[str]) -> None:
    crd_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_CRD_DIR
    count = int(argv[2]) if len(argv) > 2 else 1000
    start = time.perf_counter()
    schemas = schema_set(Options(crd_dir=crd_dir if crd_dir.is_dir() else None))
    objects = manifests(count)
    for rel, obj in objects[: len(golden_objects())]:  # build each kind's validator once
        object_findings(rel, obj, schemas)
    print(f"setup (load schemas, build validators): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    errors = sum(
        1
        for rel, obj in objects
        for f in object_findings(rel, obj, schemas, strict=True)
        if f.severity.value == "error"
    )
    elapsed = time.perf_counter() - start
    kinds = len({(o["apiVersion"], o["kind"]) for _, o in objects})
    print(
        f"schema validation: {count} manifests ({kinds} kinds) in {elapsed:.3f} s "
        f"({count / elapsed:,.0f}/s), {errors} error(s)"
    )
    dockerfiles = sorted(ROOT.glob("samples/*/*/expected/jobs/*/Dockerfile"))
    if hadolint_binary() is None or not dockerfiles:
        print("hadolint: not installed; skipped")
        return
    start = time.perf_counter()
    lint(dockerfiles, ROOT)
    elapsed = time.perf_counter() - start
    per_file = elapsed / len(dockerfiles) * 1000
    print(f"hadolint: {len(dockerfiles)} Dockerfiles in {elapsed:.2f} s ({per_file:.1f} ms each)")


if __name__ == "__main__":
    main(sys.argv)
