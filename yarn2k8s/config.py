"""The `yarn2k8s.yaml` configuration: typed, with unknown keys rejected by name."""

from __future__ import annotations

import dataclasses
import fnmatch
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from yarn2k8s.errors import ConfigError

SCHEDULERS = ("none", "yunikorn", "kueue", "volcano")
QUEUE_TARGETS = ("", "kueue", "yunikorn")  # "" follows `scheduler` (yunikorn, else kueue)
KUEUE_VERSIONS = ("v1beta1", "v1beta2")


@dataclass
class ImageConfig:
    """Where images are pushed and how they are tagged."""

    registry: str = "registry.example.com/yarn2k8s"
    tag: str = "0.1.0"
    pull_policy: str = "IfNotPresent"
    pull_secrets: list[str] = field(default_factory=list)


@dataclass
class Versions:
    """Source and target versions; target images are pinned from these."""

    spark: str = "3.5.8"  # target Spark version
    source_spark: str = ""  # the YARN cluster's Spark, if known
    python: str = "3.10"
    scala: str = "2.12"
    java: str = "17"
    hadoop: str = "3.4.1"  # Hadoop client in batch-job images (apache/hadoop:<version>)


@dataclass
class ClusterProfile:
    """Facts about the source YARN cluster that live on gateways, not beside jobs."""

    spark_defaults: dict[str, str] = field(default_factory=dict)
    minimum_allocation_mb: int = 1024
    am_max_attempts: int = 2
    default_queue: str = "default"
    time_zone: str = "UTC"
    default_fs: str = ""
    resources: dict[str, str] = field(default_factory=dict)


@dataclass
class StorageRewrite:
    """Rewrite data URIs under `from` to `to` (e.g. hdfs://nn/warehouse -> s3a://lake/wh)."""

    from_: str = ""
    to: str = ""


@dataclass
class QueueTarget:
    """Where a YARN queue lands on Kubernetes."""

    local_queue: str = ""
    namespace: str = ""
    yunikorn_queue: str = ""


@dataclass
class JobOverride:
    """Per-job settings, chosen by a glob on the source path or the job's name."""

    match: str = "*"
    parameters: dict[str, str] = field(default_factory=dict)
    spark_conf: dict[str, str] = field(default_factory=dict)
    namespace: str = ""
    image: str = ""

    def matches(self, source_path: str, name: str) -> bool:
        """Glob match against the relative source path (with or without line) or the name."""
        return fnmatch.fnmatchcase(source_path, self.match) or fnmatch.fnmatchcase(name, self.match)


@dataclass
class Limits:
    """Input bounds (issue 9 hardens them further)."""

    max_file_bytes: int = 8 * 1024 * 1024
    # Job artifacts fetched over WebHDFS (`convert --webhdfs`): per file, the same bound as a
    # local file copied into a build context, and in total for one run.
    max_fetch_bytes: int = 64 * 1024 * 1024
    max_fetch_total_bytes: int = 1024 * 1024 * 1024


@dataclass
class DepsConfig:
    """Dependency inference: the import table's overrides and whether an index may decide."""

    # import name -> distribution ("a,b" ranks candidates; "" marks in-house code).
    import_map: dict[str, str] = field(default_factory=dict)
    # Unknown imports go to requirements.txt under their own name (dependency-confusion risk).
    allow_index: bool = False


@dataclass
class RightSizing:
    """Right-sizing from Spark History Server peaks (`convert --history-server`)."""

    apply: bool = False  # `convert --right-size`: change the manifests, not only advise
    headroom_percent: int = 25  # added on top of the observed peaks
    min_heap_mib: int = 512  # never propose a smaller heap
    near_limit_percent: int = 90  # a peak at or above this share of the heap is never lowered
    # job name or source glob -> application name in the History Server / ResourceManager
    apps: dict[str, str] = field(default_factory=dict)


@dataclass
class TrainServeChain:
    """A train-to-serve chain: one Kubeflow pipeline running prep -> train -> serve.

    Each reference is a converted job's name or a glob on its source path (as `jobs[].match`);
    a reference that does not resolve to exactly one job of the right kind is a finding.
    """

    name: str = ""
    prep: str = ""  # a Spark job (optional: no prep step when empty)
    train: str = ""  # a training job (TFJob, PyTorchJob, MPIJob, XGBoostJob, TrainJob, Job)
    serve: str = ""  # a serving unit (KServe InferenceService)
    model_uri: str = ""  # where training writes the model, when the job does not say


@dataclass
class Config:
    """The whole configuration; every field has a safe default."""

    image: ImageConfig = field(default_factory=ImageConfig)
    namespace: str = "default"
    service_account: str = "spark-driver"
    scheduler: str = "none"
    versions: Versions = field(default_factory=Versions)
    base_images: dict[str, str] = field(default_factory=dict)
    cluster: ClusterProfile = field(default_factory=ClusterProfile)
    storage: list[StorageRewrite] = field(default_factory=list)
    queues: dict[str, QueueTarget] = field(default_factory=dict)
    node_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    operators: dict[str, str] = field(default_factory=dict)
    jobs: list[JobOverride] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    deps: DepsConfig = field(default_factory=DepsConfig)
    rightsizing: RightSizing = field(default_factory=RightSizing)
    pipelines: list[TrainServeChain] = field(default_factory=list)  # train-to-serve chains
    # What YARN queue trees become: Kueue objects or a YuniKorn queues.yaml ConfigMap.
    queue_target: str = ""
    kueue_version: str = "v1beta1"
    # Set by the loader: whether the user described the cluster (else defaults + a finding).
    has_cluster: bool = False

    def overrides_for(self, source_path: str, name: str) -> list[JobOverride]:
        """Every override matching a job, in config order (later ones win)."""
        return [o for o in self.jobs if o.matches(source_path, name)]


def load_config(path: Path | None) -> Config:
    """Load and validate a config file; None gives the defaults."""
    if path is None:
        return Config()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config: {err.strerror}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: invalid YAML") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping")
    data = dict(data)
    has_cluster = "cluster" in data
    config: Config = _build(Config, data, str(path), "")
    config.has_cluster = has_cluster
    if config.scheduler not in SCHEDULERS:
        raise ConfigError(f"{path}: scheduler must be one of {', '.join(SCHEDULERS)}")
    if config.queue_target not in QUEUE_TARGETS or config.kueue_version not in KUEUE_VERSIONS:
        raise ConfigError(
            f"{path}: queue_target must be kueue or yunikorn, kueue_version v1beta1 or v1beta2"
        )
    _check_chains(config.pipelines, str(path))
    return config


def _check_chains(chains: list[TrainServeChain], origin: str) -> None:
    """A chain's shape is the config's business (an error); its references are findings."""
    seen: set[str] = set()
    for index, chain in enumerate(chains):
        where = f"pipelines[{index}]"
        for key in ("name", "train", "serve"):
            if not getattr(chain, key).strip():
                raise ConfigError(f"{origin}: `{where}.{key}` is required")
        if chain.name in seen:
            raise ConfigError(f"{origin}: `{where}.name` repeats `{chain.name}`")
        seen.add(chain.name)


def queue_target(config: Config) -> str:
    """Where queue trees go: `queue_target`, else YuniKorn if that is the scheduler, else Kueue."""
    if config.queue_target:
        return config.queue_target
    return "yunikorn" if config.scheduler == "yunikorn" else "kueue"


def config_from_dict(data: dict[str, Any], origin: str = "<config>") -> Config:
    """Build a Config from already-parsed data (tests and case.yaml files)."""
    config: Config = _build(Config, dict(data), origin, "")
    config.has_cluster = "cluster" in data
    _check_chains(config.pipelines, origin)
    return config


def _build(cls: type[Any], data: Any, origin: str, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: `{where or '<top>'}` must be a mapping")
    hints = typing.get_type_hints(cls)
    fields = {f.name.rstrip("_"): f for f in dataclasses.fields(cls) if f.name != "has_cluster"}
    values: dict[str, Any] = {}
    for key, raw in data.items():
        dotted = f"{where}.{key}" if where else str(key)
        if key not in fields:
            raise ConfigError(f"{origin}: unknown key `{dotted}`")
        f = fields[key]
        values[f.name] = _coerce(hints[f.name], raw, origin, dotted)
    return cls(**values)


def _coerce(hint: Any, raw: Any, origin: str, where: str) -> Any:
    origin_type = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, raw, origin, where)  # type: ignore[arg-type]
    if origin_type is list:
        if not isinstance(raw, list):
            raise ConfigError(f"{origin}: `{where}` must be a list")
        (item,) = typing.get_args(hint)
        return [_coerce(item, v, origin, f"{where}[{i}]") for i, v in enumerate(raw)]
    if origin_type is dict:
        if not isinstance(raw, dict):
            raise ConfigError(f"{origin}: `{where}` must be a mapping")
        _, item = typing.get_args(hint)
        return {str(k): _coerce(item, v, origin, f"{where}.{k}") for k, v in raw.items()}
    if origin_type in (Union, types.UnionType):
        return raw
    if hint is bool:
        if not isinstance(raw, bool):  # "yes"/"no" strings would silently mean True
            raise ConfigError(f"{origin}: `{where}` must be true or false")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ConfigError(f"{origin}: `{where}` must be an integer")
        return raw
    if hint is str:
        if isinstance(raw, (dict, list)) or raw is None:
            raise ConfigError(f"{origin}: `{where}` must be a string")
        return str(raw).lower() if isinstance(raw, bool) else str(raw)
    return raw
