"""Precision and recall of dependency inference on the labelled set: yarn2k8s vs pipreqs.

Both tools run offline on the same built job folders (tests/deps/cases, archives built at run
time). pipreqs is scored through its own functions (`get_all_imports` + `get_pkg_names`, its
bundled import table), since its version look-ups need PyPI; scores are therefore on
distribution names only. PySpark/py4j are removed from pipreqs' answer (the Spark image
provides them, and yarn2k8s leaves them out for that reason). Ours additionally reports how
many expected pins it reproduced exactly.

Run: .venv/bin/python benchmarks/bench_deps.py   (pipreqs comes from the `dev` extra)
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deps_cases import Score, load_cases, materialize, ours, pipreqs_names


def main() -> int:
    """Print the table and the totals; exit 0."""
    logging.disable(logging.CRITICAL)  # pipreqs logs every file it cannot parse
    cases = load_cases()
    mine, theirs = Score(), Score()
    pins_expected = pins_right = crashes = 0
    print(f"{'case':32} {'exp':>3} {'ours tp/fp/fn':>14} {'pipreqs tp/fp/fn':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            root = materialize(case, Path(tmp))
            expected = set(case.expected)
            found = ours(case, root)
            other = pipreqs_names(root)
            if other is None:
                crashes += 1
                other = set()
            mine.add(set(found), expected)
            theirs.add(other, expected)
            pins = {k: v for k, v in case.expected.items() if v}
            pins_expected += len(pins)
            pins_right += sum(found.get(k) == v for k, v in pins.items())
            print(
                f"{case.name:32} {len(expected):>3} {_counts(set(found), expected):>14} "
                f"{_counts(other, expected):>17}"
            )
    corpus = sum(c.from_corpus for c in cases)
    print(f"\n{len(cases)} labelled jobs ({corpus} from ../shared/corpus)")
    print(
        f"yarn2k8s: precision {mine.precision:.3f}  recall {mine.recall:.3f}  "
        f"(pins reproduced {pins_right}/{pins_expected})"
    )
    print(
        f"pipreqs : precision {theirs.precision:.3f}  recall {theirs.recall:.3f}  "
        f"(could not read {crashes} job folder(s): it raises on Python 2 files)"
    )
    return 0


def _counts(found: set[str], expected: set[str]) -> str:
    return f"{len(found & expected)}/{len(found - expected)}/{len(expected - found)}"


if __name__ == "__main__":
    sys.exit(main())
