"""The import table, the target stdlib and the version tables."""

from __future__ import annotations

import importlib.metadata
import json
from importlib import resources

from yarn2k8s.deps.import_table import canonical, load_table
from yarn2k8s.deps.stdlib import parse_version, stdlib_names
from yarn2k8s.deps.versions import (
    CONF_CHANGES,
    FRAMEWORK_IMAGES,
    framework_image,
    pyspark_min_python,
    target_scala,
)


def test_table_is_versioned_and_longest_prefix_wins() -> None:
    table = load_table()
    assert table.version
    assert table.lookup("google.cloud.storage.blob").dists == ("google-cloud-storage",)  # type: ignore[union-attr]
    assert table.lookup("google.protobuf.json_format").dists == ("protobuf",)  # type: ignore[union-attr]
    assert table.lookup("google") is None
    assert table.lookup("sklearn.svm").dists == ("scikit-learn",)  # type: ignore[union-attr]


def test_overrides_replace_rank_and_mark_in_house() -> None:
    table = load_table({"cv2": "opencv-contrib-python", "acme": "acme-a, acme-b", "yaml": ""})
    assert table.lookup("cv2").dists == ("opencv-contrib-python",)  # type: ignore[union-attr]
    assert table.lookup("acme.x").dists == ("acme-a", "acme-b")  # type: ignore[union-attr]
    assert table.lookup("yaml") is None and table.is_internal("yaml.loader")


def test_table_agrees_with_installed_metadata() -> None:
    """For every import name both the table and this environment know, the table's first
    candidate is a distribution that really provides it."""
    installed = importlib.metadata.packages_distributions()
    table = load_table()
    checked = 0
    for name, dists in table.imports.items():
        if "." in name or name not in installed:
            continue
        providers = {canonical(d) for d in installed[name]}
        if canonical(dists[0]) in providers or providers & {canonical(d) for d in dists}:
            checked += 1
            continue
        raise AssertionError(f"{name}: table says {dists}, installed metadata says {providers}")
    assert checked >= 10


def test_table_file_has_no_duplicate_keys() -> None:
    text = resources.files("yarn2k8s.deps").joinpath("import_map.json").read_text("utf-8")
    pairs: list[str] = []
    json.loads(text, object_pairs_hook=lambda kv: pairs.extend(k for k, _ in kv) or dict(kv))
    imports = json.loads(text)["imports"]
    assert len(imports) == len(set(imports))
    assert all(dists for dists in imports.values())


def test_stdlib_follows_the_target_version() -> None:
    assert "tomllib" not in stdlib_names("3.10")
    assert "tomllib" in stdlib_names("3.11")
    assert "distutils" in stdlib_names("3.10")
    assert "distutils" not in stdlib_names("3.12")
    assert "telnetlib" not in stdlib_names("3.13")
    assert {"os", "json", "__future__"} <= stdlib_names("3.10")


def test_parse_version() -> None:
    assert parse_version("python-3.7.3") == (3, 7)
    assert parse_version(">=3.10") == (3, 10)
    assert parse_version("^3.9") == (3, 9)
    assert parse_version("nonsense") is None


def test_version_tables_never_use_latest() -> None:
    for images in FRAMEWORK_IMAGES.values():
        assert all(":" in i and not i.endswith(":latest") for i in images)
    assert (
        framework_image("tensorflow", "1.15.5", gpu=True) == "tensorflow/tensorflow:1.15.5-gpu-py3"
    )
    assert framework_image("torch").startswith("pytorch/pytorch:2.5.1")
    assert target_scala("3.5.8") == "2.12" and target_scala("4.0.1") == "2.13"
    assert pyspark_min_python("3.5.8") == (3, 8)
    assert all(len(row) == 4 for row in CONF_CHANGES)
