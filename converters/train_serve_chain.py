"""What a train-to-serve chain points at: its members, their manifests, and the model's URI.

References resolve against the converted jobs of the run (by name, else a glob on the source
path, as `jobs[].match`); a reference naming no job, several jobs, a job of the wrong kind or
a job that was not converted is a finding, never an exception. The manifests come from the
files the members' own converters wrote, so the pipeline runs the very objects reviewed in
jobs/<name>/k8s/.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from yarn2k8s.analyzers.shell import split_words
from yarn2k8s.analyzers.training_spec import TrainingSpec
from yarn2k8s.config import TrainServeChain
from yarn2k8s.enrich.storage import RewriteLog, StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SourceLocation, Workflow

TRAINING_KINDS = frozenset({"tensorflow", "pytorch", "mpi", "xgboost", "standalone"})
# step -> (job kinds it accepts, what it needs in words, manifest kinds its converter writes)
STEPS: dict[str, tuple[frozenset[str], str, frozenset[str]]] = {
    "prep": (
        frozenset({"spark"}),
        "a Spark job (SparkApplication)",
        frozenset({"SparkApplication"}),
    ),
    "train": (
        TRAINING_KINDS,
        "a training job (TFJob, PyTorchJob, MPIJob, XGBoostJob, TrainJob or Job)",
        frozenset({"TFJob", "PyTorchJob", "MPIJob", "XGBoostJob", "TrainJob", "Job"}),
    ),
    "serve": (
        frozenset({"serving"}),
        "a serving unit (InferenceService)",
        frozenset({"InferenceService"}),
    ),
}
# Flags training scripts commonly take for where the model goes (TF Estimator, Keras, HF...).
MODEL_FLAGS = frozenset(
    {
        "model_dir",
        "model-dir",
        "saved_model_dir",
        "saved-model-dir",
        "saved_model_path",
        "export_dir",
        "export-dir",
        "model_path",
        "model-path",
        "output_dir",
        "output-dir",
    }
)
_MODEL_ENV = ("MODEL_DIR", "EXPORT_DIR", "OUTPUT_DIR")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# Launchers that only exist on YARN; an Oozie action running one is a training launch.
_LAUNCHERS = (
    (re.compile(r"\btony-cli\b|com\.linkedin\.tony\.(?:cli\.ClusterSubmitter|TonyClient)"), "TonY"),
    (re.compile(r"\bsubmarine\b[^\n;|&]*\bjob\s+run\b|org\.apache\.submarine\."), "Submarine"),
    (re.compile(r"\bhorovodrun\b"), "horovodrun"),
    (re.compile(r"\bxl-submit\b|net\.qihoo\.xlearning\."), "XLearning"),
)


@dataclass
class Member:
    """One resolved step of a chain: the job and the object its converter wrote."""

    step: str
    unit: MigrationJob
    manifest: dict[str, Any]


class UnitView(Protocol):
    """What resolution needs of a converted unit (the pipeline's UnitResult fits)."""

    @property
    def unit(self) -> MigrationJob | Workflow:
        """The job or workflow."""
        ...

    @property
    def files(self) -> list[str]:
        """The output files its converter wrote."""
        ...


def resolve(
    chain: TrainServeChain,
    step: str,
    units: Sequence[UnitView],
    files: Mapping[str, bytes],
    loc: SourceLocation,
) -> tuple[Member | None, list[Finding]]:
    """The member a reference names, or the finding saying why there is none."""
    ref = str(getattr(chain, step))
    jobs = [u for u in units if isinstance(u.unit, MigrationJob)]
    found = [u for u in jobs if u.unit.name == ref] or [u for u in jobs if _matches(u, ref)]
    args = {"chain": chain.name, "step": step, "ref": ref}
    if not found:
        return None, [make("TY039", loc, reason="matches no converted job", **args)]
    if len(found) > 1:
        names = ", ".join(sorted(u.unit.name for u in found)[:5])
        reason = f"matches {len(found)} jobs ({names}); name one"
        return None, [make("TY039", loc, reason=reason, **args)]
    view = found[0]
    job = view.unit
    assert isinstance(job, MigrationJob)
    kinds, wanted, manifests = STEPS[step]
    if job.kind not in kinds:
        return None, [make("TY040", loc, unit=job.name, kind=job.kind, wanted=wanted, **args)]
    manifest = _manifest(view.files, files, manifests)
    if manifest is None:
        reason = f"(`{job.name}`) was not converted to {wanted}"
        return None, [make("TY039", loc, reason=reason, **args)]
    return Member(step, job, manifest), []


def _matches(view: UnitView, pattern: str) -> bool:
    loc = view.unit.location
    return any(fnmatch.fnmatchcase(s, pattern) for s in (loc.path, str(loc), view.unit.name))


def _manifest(paths: list[str], files: Mapping[str, bytes], kinds: frozenset[str]) -> Any:
    for path in sorted(paths):
        if "/k8s/" not in path or not path.endswith(".yaml") or path not in files:
            continue
        doc = yaml.safe_load(files[path])  # our own converter's output: one plain object
        if isinstance(doc, dict) and doc.get("kind") in kinds:
            return doc
    return None


@dataclass(frozen=True)
class ModelUri:
    """Where the trained model is: the URI to serve and the text the training job names."""

    uri: str  # storageUri for the InferenceService ("" when unknown)
    in_manifest: str  # the same location as the training manifest spells it ("" if absent)
    origin: str  # where it was read, for the finding


def model_uri(chain: TrainServeChain, job: MigrationJob, storage: StorageMap) -> ModelUri:
    """The model location: the chain's `model_uri`, else what the training job declares."""
    return job_model_uri(job, storage, chain.model_uri)


def job_model_uri(job: MigrationJob, storage: StorageMap, override: str = "") -> ModelUri:
    """What the training job declares (storage-rewritten), unless `override` names it."""
    declared, origin = declared_model(job)
    log = RewriteLog()
    in_manifest = storage.rewrite(declared, log) if declared else ""
    if override:
        return ModelUri(storage.rewrite(override, log), in_manifest, "the chain's model_uri")
    if not in_manifest:
        return ModelUri("", "", "")
    uri = in_manifest
    if not _SCHEME.match(uri) and uri.startswith("/") and storage.default_fs:
        uri = storage.default_fs + uri
    if not _SCHEME.match(uri):
        return ModelUri("", "", "")
    return ModelUri(uri, in_manifest, origin)


def declared_model(job: MigrationJob) -> tuple[str, str]:
    """(path, where it was read) of the model a training job writes, or ("", "")."""
    for key in ("submarine.saved_model_path", "submarine.checkpoint_path"):
        if _usable(job.effective_conf.get(key, "")):
            return job.effective_conf[key], f"Submarine `--{key.split('.', 1)[1]}`"
    spec = job.extra.get("training")
    commands = spec.commands if isinstance(spec, TrainingSpec) else {}
    for role in sorted(commands):
        words = split_words(commands[role])
        for index, word in enumerate(words):
            flag, eq, value = word.partition("=")
            if not flag.startswith("--") or flag[2:] not in MODEL_FLAGS:
                continue
            if not eq:
                value = words[index + 1] if index + 1 < len(words) else ""
            if _usable(value):
                return value, f"`{flag}` in the {role} command"
    for key in _MODEL_ENV:
        if _usable(job.env.get(key, "")):
            return job.env[key], f"the job's `{key}`"
    return "", ""


def _usable(value: str) -> bool:
    # A placeholder (`${MODEL_DIR}`, Submarine's `%saved_model_path%`) or a path relative to a
    # container's working directory names no location a serving pod could read.
    if "${" in value or "%" in value:
        return False
    return value.startswith("/") or bool(_SCHEME.match(value))


def training_launcher(text: str) -> str:
    """The YARN training launcher a command or script runs (TonY, Submarine...), or ""."""
    for pattern, name in _LAUNCHERS:
        if pattern.search(text):
            return name
    return ""
