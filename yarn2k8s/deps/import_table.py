"""Import name -> distribution, through a versioned offline table that the config can override.

The table (`import_map.json`) lists ranked candidates per import name; the first is chosen and
the others are reported, so an ambiguous import is never a silent pick. Lookups use the longest
dotted prefix, so `google.cloud.storage` and `google.protobuf` resolve to different
distributions. Nothing here asks a package index.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

_NORMALIZE = re.compile(r"[-_.]+")


def canonical(name: str) -> str:
    """PEP 503 normalised distribution name (`Scikit_Learn` -> `scikit-learn`)."""
    return _NORMALIZE.sub("-", name).lower().strip()


@dataclass(frozen=True)
class Candidates:
    """What an import name may come from."""

    key: str  # the table key that matched (a dotted prefix of the import)
    dists: tuple[str, ...]  # ranked; the first is chosen


@dataclass(frozen=True)
class ImportTable:
    """The loaded table plus config overrides."""

    version: str
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provided: frozenset[str] = frozenset()
    conda: dict[str, str] = field(default_factory=dict)
    conda_system: frozenset[str] = frozenset()
    internal: frozenset[str] = frozenset()  # config names mapped to nothing: in-house modules

    def lookup(self, module: str) -> Candidates | None:
        """Candidates for a dotted module name, by its longest known prefix."""
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            key = ".".join(parts[:end])
            if key in self.imports:
                return Candidates(key, self.imports[key])
        return None

    def is_provided(self, module: str) -> bool:
        """True for modules the base image provides (PySpark on Spark images)."""
        return module.split(".")[0] in self.provided

    def is_internal(self, module: str) -> bool:
        """True for modules the config declares in-house (mapped to no distribution)."""
        parts = module.split(".")
        return any(".".join(parts[:end]) in self.internal for end in range(1, len(parts) + 1))

    def known_dists(self) -> frozenset[str]:
        """Canonical names of every distribution the table knows."""
        return frozenset(canonical(d) for ds in self.imports.values() for d in ds)

    def conda_to_pypi(self, name: str) -> str | None:
        """PyPI name of a conda package; None for non-Python conda packages."""
        if name in self.conda_system:
            return None
        mapped = self.conda.get(name, name)
        return mapped or None


@functools.lru_cache(maxsize=1)
def _builtin() -> dict[str, Any]:
    text = resources.files("yarn2k8s.deps").joinpath("import_map.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_table(overrides: dict[str, str] | None = None) -> ImportTable:
    """The built-in table with `deps.import_map` overrides (`name: dist` or `name: a,b`)."""
    # Every Python job asks for it with the same config: build it once per distinct override set.
    return _load_table(tuple(sorted((overrides or {}).items())))


@functools.lru_cache(maxsize=8)
def _load_table(overrides: tuple[tuple[str, str], ...]) -> ImportTable:
    data = _builtin()
    imports = {k: tuple(v) for k, v in data["imports"].items()}
    internal: set[str] = set()
    for name, value in overrides:
        dists = tuple(d.strip() for d in str(value).split(",") if d.strip())
        if dists:
            imports[name] = dists
        else:  # an empty value marks an in-house module the image gets some other way
            imports.pop(name, None)
            internal.add(name)
    return ImportTable(
        version=str(data["version"]),
        imports=imports,
        provided=frozenset(data["provided"]),
        conda=dict(data["conda"]),
        conda_system=frozenset(data["conda_system"]),
        internal=frozenset(internal),
    )
