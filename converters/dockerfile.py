"""The per-job Dockerfile and build context (issue 3 makes the dependency layers complete)."""

from __future__ import annotations

from yarn2k8s.config import Config
from yarn2k8s.converters.spark_operator import APP_DIR, SPARK_UID
from yarn2k8s.model import MigrationJob
from yarn2k8s.rendering import render

# Official apache/spark tags by Spark minor version (mapping.md section 8). Digests come from
# the config's `base_images`, which also overrides any entry here.
SPARK_IMAGES = {
    ("3.5", "jvm"): "apache/spark:{v}-scala2.12-java17-ubuntu",
    ("3.5", "python"): "apache/spark:{v}-scala2.12-java17-python3-ubuntu",
    ("3.5", "r"): "apache/spark:{v}-scala2.12-java17-r-ubuntu",
    ("4.0", "jvm"): "apache/spark:{v}-scala2.13-java17-ubuntu",
    ("4.0", "python"): "apache/spark:{v}-scala2.13-java17-python3-ubuntu",
    ("4.0", "r"): "apache/spark:{v}-scala2.13-java17-r-ubuntu",
    ("4.1", "jvm"): "apache/spark:{v}-scala2.13-java21-ubuntu",
    ("4.1", "python"): "apache/spark:{v}-scala2.13-java21-python3-ubuntu",
    ("4.1", "r"): "apache/spark:{v}-scala2.13-java21-r-ubuntu",
}


def spark_base_image(config: Config, language: str) -> str:
    """The pinned base image for a Spark job in the target version."""
    flavor = language if language in ("python", "r") else "jvm"
    override = config.base_images.get(f"spark-{flavor}") or config.base_images.get("spark")
    if override:
        return override
    version = config.versions.spark
    minor = ".".join(version.split(".")[:2])
    template = SPARK_IMAGES.get((minor, flavor), SPARK_IMAGES[("3.5", flavor)])
    return template.format(v=version)


def spark_dockerfile(job: MigrationJob, config: Config, files: list[str]) -> str:
    """Render the Dockerfile for a Spark job whose app/ folder holds `files`."""
    return render(
        "docker/spark.Dockerfile.j2",
        base_image=spark_base_image(config, job.language),
        name=job.name,
        source=str(job.location),
        description=f"{job.kind} job {job.source_name or job.name} migrated from YARN",
        files=files,
        app_dir=APP_DIR,
        uid=SPARK_UID,
    )


def dockerignore() -> str:
    """The .dockerignore written beside every Dockerfile."""
    return render("docker/dockerignore.j2")
