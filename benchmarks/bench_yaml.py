"""Benchmark: dump_yaml's fast writer (yarn2k8s/yaml_emit.py) against plain PyYAML.

Run from the project root::

    .venv/bin/python -m benchmarks.bench_yaml [ROUNDS] [DIR ...]

Loads every YAML document under the given directories (default: samples/*/*/expected and, if
present, /tmp/yk-corpus, which `yarn2k8s convert /work/shared/corpus -o /tmp/yk-corpus`
writes), checks that both paths give identical bytes, then dumps them all ROUNDS times
(default 50) with each path. Prints CPU time (time.process_time, as the machine is shared) per
document for PyYAML, for the fast path with a cold scalar cache (first round) and warm, and the
share of documents the fast writer handles itself.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s import rendering
from yarn2k8s.yaml_emit import BlockYaml

DEFAULT_ROUNDS = 50


def default_dirs() -> list[Path]:
    """The golden samples' expected outputs, and the converted corpus if it is there."""
    dirs = sorted(Path("samples").glob("*/*/expected"))
    corpus = Path("/tmp/yk-corpus")
    return [*dirs, corpus] if corpus.is_dir() else dirs


def load_documents(dirs: list[Path]) -> list[Any]:
    """Every document of every .yaml/.yml file under `dirs`."""
    docs: list[Any] = []
    for root in dirs:
        for path in sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"}):
            docs.extend(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    return docs


def cpu_ms_per_doc(dump: Any, docs: list[Any], rounds: int) -> float:
    """CPU milliseconds per document dumped, over `rounds` passes."""
    start = time.process_time()
    for _ in range(rounds):
        for doc in docs:
            dump(doc)
    return (time.process_time() - start) * 1000 / (rounds * len(docs))


def main(argv: list[str]) -> None:
    """Print the comparison."""
    rounds = int(argv[0]) if argv else DEFAULT_ROUNDS
    dirs = [Path(arg) for arg in argv[1:]] or default_dirs()
    docs = load_documents(dirs)
    mismatches = sum(rendering._pyyaml_dump(doc) != rendering.dump_yaml(doc) for doc in docs)
    fresh = BlockYaml(rendering._pyyaml_dump, rendering._YAML_WIDTH)
    handled = sum(fresh.dump(doc) is not None for doc in docs)

    def fast(doc: Any) -> str:
        text = fresh.dump(doc)
        return text if text is not None else rendering._pyyaml_dump(doc)

    fresh = BlockYaml(rendering._pyyaml_dump, rendering._YAML_WIDTH)
    cold = cpu_ms_per_doc(fast, docs, 1)
    warm = cpu_ms_per_doc(fast, docs, rounds)
    before = cpu_ms_per_doc(rendering._pyyaml_dump, docs, rounds)
    print(f"documents:            {len(docs)} from {len(dirs)} directories, {rounds} rounds")
    print(f"byte mismatches:      {mismatches}")
    print(f"fast path handles:    {handled} ({100 * handled / len(docs):.1f}%)")
    print(f"PyYAML:               {before:.3f} ms/doc")
    print(f"fast, cold cache:     {cold:.3f} ms/doc ({before / cold:.1f}x)")
    print(f"fast, warm cache:     {warm:.3f} ms/doc ({before / warm:.1f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
