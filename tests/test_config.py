"""The config loader: typed values, unknown keys rejected by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from yarn2k8s.config import load_config
from yarn2k8s.errors import ConfigError


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "y.yaml"
    path.write_text(text)
    return load_config(path)


def test_values_are_typed_and_defaults_fill_the_rest(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        "scheduler: kueue\ncluster:\n  minimum_allocation_mb: 512\n"
        "storage:\n  - {from: 'hdfs://nn/a', to: 's3a://b/a'}\ndeps:\n  allow_index: true\n",
    )
    assert config.scheduler == "kueue"
    assert config.cluster.minimum_allocation_mb == 512
    assert config.cluster.am_max_attempts == 2
    assert config.has_cluster
    assert (config.storage[0].from_, config.storage[0].to) == ("hdfs://nn/a", "s3a://b/a")
    assert config.deps.allow_index is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("namespce: x\n", "unknown key `namespce`"),
        ("cluster:\n  minimum_allocation_mb: lots\n", "`cluster.minimum_allocation_mb` must be"),
        ("deps:\n  allow_index: 'yes'\n", "`deps.allow_index` must be true or false"),
        ("scheduler: slurm\n", "scheduler must be one of"),
        ("image: [1]\n", "`image` must be a mapping"),
        ("a: [\n", "invalid YAML"),
    ],
)
def test_bad_config_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        _load(tmp_path, text)
