"""Run-and-compare, part 2: compare the two sides' outputs with one Spark session.

Per output: the schema, the row count and an order-insensitive content hash (SHA-256 over the
sorted SHA-256 of each row's canonical JSON), and when they differ the first rows found on one
side only. The format is read from the part files' extension (parquet, json, csv with a header,
text/txt/any other as text lines).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_FORMATS = {".parquet": "parquet", ".json": "json", ".csv": "csv"}
MAX_SHOWN = 3


@dataclass(frozen=True)
class Digest:
    """What one side produced at one output."""

    schema: str
    rows: int
    content: str


@dataclass
class OutputComparison:
    """One output, compared across the two sides."""

    output: str
    original: Digest | None
    converted: Digest | None
    differences: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences


def data_format(path: Path) -> str:
    """parquet, json, csv or text, from the files at ``path``."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for item in sorted(files):
        if not item.name.startswith(("_", ".")):
            for suffix, fmt in _FORMATS.items():
                if suffix in item.suffixes:
                    return fmt
    return "text"


def read(spark: Any, path: Path) -> Any:
    """A DataFrame over one output folder or file."""
    fmt = data_format(path)
    reader = spark.read
    if fmt == "csv":
        reader = reader.option("header", "true").option("inferSchema", "true")
    return reader.format(fmt).load(str(path))


def digest(df: Any) -> Digest:
    """Schema, rows and order-insensitive content hash of a DataFrame."""
    from pyspark.sql import functions as F

    hashed = df.select(F.sha2(F.to_json(F.struct(*df.columns)), 256).alias("h"))
    hashes = sorted(row["h"] for row in hashed.collect())
    total = hashlib.sha256("\n".join(hashes).encode()).hexdigest()
    return Digest(df.schema.simpleString(), len(hashes), total)


def compare_output(spark: Any, output: str, left: Path, right: Path) -> OutputComparison:
    """Compare the original's output at ``left`` with the converted one's at ``right``."""
    missing = [
        side for side, path in (("original", left), ("converted", right)) if not path.exists()
    ]
    if missing:
        return OutputComparison(
            output, None, None, [f"no output on the {' and '.join(missing)} side"]
        )
    a_df, b_df = read(spark, left), read(spark, right)
    a, b = digest(a_df), digest(b_df)
    result = OutputComparison(output, a, b)
    if a.schema != b.schema:
        result.differences.append(f"schema {a.schema} vs {b.schema}")
    if a.rows != b.rows:
        result.differences.append(f"{a.rows} rows vs {b.rows} rows")
    if a.content != b.content and a.schema == b.schema:
        result.differences += _first_rows(a_df, b_df)
    return result


def _first_rows(a_df: Any, b_df: Any) -> list[str]:
    """The first rows found on one side only (content differs)."""
    found = [
        f"only in the original: {r.asDict()}"
        for r in a_df.exceptAll(b_df).limit(MAX_SHOWN).collect()
    ]
    found += [
        f"only in the converted: {r.asDict()}"
        for r in b_df.exceptAll(a_df).limit(MAX_SHOWN).collect()
    ]
    return found or ["content hashes differ"]
