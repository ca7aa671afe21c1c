"""The training job's image: the framework base image matching the version the job ran with
(read from its shipped environment, requirements or pins), a numeric non-root user, sshd for
MPI workers, the job's pinned packages and its files (mapping.md section 8)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from yarn2k8s.analyzers.training_spec import TrainingSpec
from yarn2k8s.config import Config
from yarn2k8s.converters.python_deps import PythonEnv, normalize, requirement_lines
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob
from yarn2k8s.rendering import render

TRAINING_UID = 10001
TRAINING_USER = "trainer"
TRAINING_HOME = f"/home/{TRAINING_USER}"
APP_DIR = "/opt/app"
SSH_PORT = 2222

DEFAULT_VERSIONS = {
    "tensorflow": "2.15.0",
    "pytorch": "2.3.1",
    "horovod": "0.28.1",
    "xgboost": "2.0.3",
}
# pytorch/pytorch tags by torch minor (Docker Hub, "runtime" flavour); override with base_images.
TORCH_TAGS = {
    "1.4": "1.4-cuda10.1-cudnn7-runtime",
    "1.5": "1.5.1-cuda10.1-cudnn7-runtime",
    "1.6": "1.6.0-cuda10.1-cudnn7-runtime",
    "1.7": "1.7.1-cuda11.0-cudnn8-runtime",
    "1.8": "1.8.1-cuda11.1-cudnn8-runtime",
    "1.9": "1.9.0-cuda11.1-cudnn8-runtime",
    "1.10": "1.10.0-cuda11.3-cudnn8-runtime",
    "1.11": "1.11.0-cuda11.3-cudnn8-runtime",
    "1.12": "1.12.1-cuda11.3-cudnn8-runtime",
    "1.13": "1.13.1-cuda11.6-cudnn8-runtime",
    "2.0": "2.0.1-cuda11.7-cudnn8-runtime",
    "2.1": "2.1.2-cuda12.1-cudnn8-runtime",
    "2.2": "2.2.2-cuda12.1-cudnn8-runtime",
    "2.3": "2.3.1-cuda12.1-cudnn8-runtime",
    "2.4": "2.4.1-cuda12.1-cudnn9-runtime",
    "2.5": "2.5.1-cuda12.4-cudnn9-runtime",
}
_FRAMEWORK_PACKAGES = {
    "tensorflow": ("tensorflow", "tensorflow-gpu", "tensorflow-cpu"),
    "pytorch": ("torch",),
    "horovod": ("horovod",),
    "xgboost": ("xgboost",),
}
# What each base image already has; never reinstalled over it from old pins.
_PROVIDED = {
    "tensorflow": frozenset(
        {"tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tensorflow-estimator", "tensorboard",
         "tensorboard-data-server", "tensorboard-plugin-wit", "tensorflow-io-gcs-filesystem"}
    ),
    "pytorch": frozenset({"torch", "torchvision", "torchaudio"}),
    "horovod": frozenset(
        {"horovod", "tensorflow", "tensorflow-gpu", "torch", "torchvision", "mxnet"}
    ),
}  # fmt: skip
_ALWAYS_PROVIDED = frozenset({"pip", "setuptools", "wheel", "pkg-resources", "distribute"})


@dataclass
class ImagePlan:
    """The Dockerfile's inputs, and findings about the choice."""

    base: str
    reason: str
    requirements: list[str] = field(default_factory=list)
    requirements_source: str = ""
    ssh: bool = False
    openmpi: bool = False
    findings: list[Finding] = field(default_factory=list)


def framework_version(framework: str, env: PythonEnv) -> str:
    """The framework version the job's environment pinned ("" when none did)."""
    return env.version_of(*_FRAMEWORK_PACKAGES.get(framework, ()))


def tf_image(version: str, gpu: bool) -> str:
    """tensorflow/tensorflow tag: `-gpu` for GPU jobs; `-py3` up to 2.1 (TF1 era tags)."""
    parts = [int(p) if p.isdigit() else 0 for p in [*version.split("."), "0", "0"][:2]]
    py3 = parts[0] < 2 or (parts[0] == 2 and parts[1] < 2)
    return f"tensorflow/tensorflow:{version}{'-gpu' if gpu else ''}{'-py3' if py3 else ''}"


def torch_image(version: str) -> tuple[str, bool]:
    """pytorch/pytorch tag for a torch version, and whether the minor was in the table."""
    minor = ".".join(version.split(".")[:2])
    if minor in TORCH_TAGS:
        return f"pytorch/pytorch:{TORCH_TAGS[minor]}", True
    return f"pytorch/pytorch:{TORCH_TAGS['2.3']}", False


def plan_image(
    job: MigrationJob, spec: TrainingSpec, env: PythonEnv, config: Config, source_image: str
) -> ImagePlan:
    """The base image and packages for a training job's image."""
    framework = "horovod" if spec.framework == "horovod" else job.kind
    gpu = any(r.gpus for r in job.roles.values())
    plan = _base(framework, gpu, env, config, source_image, job)
    plan.ssh = job.kind == "mpi"
    plan.openmpi = job.kind == "mpi" and framework != "horovod" and not source_image
    exclude = _ALWAYS_PROVIDED | _PROVIDED.get(framework, frozenset())
    plan.requirements = requirement_lines(env.packages, exclude)
    return plan


def _base(
    framework: str, gpu: bool, env: PythonEnv, config: Config, source_image: str, job: MigrationJob
) -> ImagePlan:
    key = f"{framework}-gpu" if gpu and f"{framework}-gpu" in config.base_images else framework
    if config.base_images.get(key):
        return ImagePlan(
            config.base_images[key], f"Base image from the config (`base_images.{key}`)."
        )
    if source_image:
        return ImagePlan(source_image, "Base image: the Docker image the job ran in on YARN.")
    version = framework_version(framework, env)
    plan_version = version or DEFAULT_VERSIONS.get(framework, "")
    plan = _framework_base(framework, plan_version, gpu, config, env)
    if not version and framework in DEFAULT_VERSIONS:
        plan.reason += " The version is assumed (none found in the inputs)."
        shown = f"{plan.base} + xgboost=={plan_version}" if framework == "xgboost" else plan.base
        plan.findings.append(make("TY007", job.location, framework=framework, image=shown))
    return plan


def _framework_base(
    framework: str, version: str, gpu: bool, config: Config, env: PythonEnv
) -> ImagePlan:
    if framework == "tensorflow":
        return ImagePlan(
            tf_image(version, gpu), f"TensorFlow {version}{' with GPU' if gpu else ''}."
        )
    if framework == "pytorch":
        image, exact = torch_image(version)
        note = "" if exact else " (nearest published image: verify)"
        return ImagePlan(image, f"PyTorch {version}{note}; CUDA runtime images also run on CPU.")
    if framework == "horovod":
        return ImagePlan(
            f"horovod/horovod:{version}", f"Horovod {version} (TensorFlow, PyTorch, Open MPI)."
        )
    if framework == "mpi":
        return ImagePlan("debian:bookworm-slim", "Plain MPI program: Debian with Open MPI.")
    python = env.python if _at_least(env.python, (3, 8)) else config.versions.python
    plan = ImagePlan(f"python:{python}-slim", f"Python {python}: the job names no framework image.")
    if framework == "xgboost":
        env.packages.setdefault(normalize("xgboost"), version)
    return plan


def _at_least(version: str, floor: tuple[int, int]) -> bool:
    parts = version.split(".")
    return (
        len(parts) >= 2
        and all(p.isdigit() for p in parts[:2])
        and (int(parts[0]), int(parts[1])) >= floor
    )


def _untagged(image: str) -> bool:
    """No `:tag` after the last `/` and no digest: Docker would pull `latest`."""
    return "@" not in image and ":" not in image.rsplit("/", 1)[-1]


def training_dockerfile(
    job: MigrationJob,
    plan: ImagePlan,
    has_files: bool,
    *,
    fetched: Sequence[tuple[str, str]] = (),
) -> str:
    """Render the Dockerfile for a training job; `fetched` lists (name in app/, URI shown)
    for the files fetched over WebHDFS, so the image says where they came from."""
    return render(
        "docker/training.Dockerfile.j2",
        base_image=plan.base,
        reason=plan.reason,
        name=job.name,
        source=str(job.location),
        description=f"{job.kind} training job {job.source_name or job.name} migrated from YARN",
        untagged=_untagged(plan.base),
        ssh=plan.ssh,
        openmpi=plan.openmpi,
        uid=TRAINING_UID,
        user=TRAINING_USER,
        home=TRAINING_HOME,
        ssh_port=SSH_PORT,
        requirements=bool(plan.requirements),
        requirements_source=plan.requirements_source,
        files=has_files,
        fetched=list(fetched),
        app_dir=APP_DIR,
    )
