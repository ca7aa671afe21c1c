"""SparkApplication -> spark-submit arguments, following the operator's documented translation.

The Spark Operator's own submission tests could not be read here (the search tool was not
available), so these cases come from mapping.md section 1.1 and the operator's documentation.
"""

from __future__ import annotations

from typing import Any

import pytest

from yarn2k8s.validators.effective import effective_from_args
from yarn2k8s.validators.submission import K8S_MASTER, submit_args, with_operator_defaults


def app(**spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "Python",
        "mode": "cluster",
        "image": "reg/x:1",
        "sparkVersion": "3.5.8",
        "mainApplicationFile": "local:///opt/app/main.py",
        "driver": {"cores": 1, "memory": "1g"},
        "executor": {"cores": 2, "instances": 3, "memory": "2g"},
    }
    base.update(spec)
    return {
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "SparkApplication",
        "metadata": {"name": "job", "namespace": "ml", "labels": {"team": "a"}},
        "spec": base,
    }


def conf_of(obj: dict[str, Any]) -> dict[str, str]:
    return effective_from_args(submit_args(obj)).conf


def test_order_and_fixed_options() -> None:
    args = submit_args(app(mainClass="org.A", arguments=["--x", "1"]))
    expected = ["--master", K8S_MASTER, "--deploy-mode", "cluster", "--class", "org.A"]
    assert args[:8] == [*expected, "--name", "job"]
    assert args[-3:] == ["local:///opt/app/main.py", "--x", "1"]


@pytest.mark.parametrize(
    ("field", "value", "key", "expected"),
    [
        ("cores", 3, "spark.driver.cores", "3"),
        ("memory", "4g", "spark.driver.memory", "4g"),
        ("memoryOverhead", "1024m", "spark.driver.memoryOverhead", "1024m"),
        ("coreRequest", "500m", "spark.kubernetes.driver.request.cores", "500m"),
        ("coreLimit", "2", "spark.kubernetes.driver.limit.cores", "2"),
        ("javaOptions", "-Xss4m", "spark.driver.extraJavaOptions", "-Xss4m"),
        ("serviceAccount", "sa", "spark.kubernetes.authenticate.driver.serviceAccountName", "sa"),
    ],
)
def test_driver_fields(field: str, value: Any, key: str, expected: str) -> None:
    obj = app()
    obj["spec"]["driver"][field] = value
    assert conf_of(obj)[key] == expected


def test_executor_instances_env_labels_and_gpu() -> None:
    obj = app()
    obj["spec"]["executor"].update(
        {
            "env": [
                {"name": "A", "value": "1"},
                {"name": "S", "valueFrom": {"secretKeyRef": {"name": "sec", "key": "k"}}},
            ],
            "labels": {"team": "b"},
            "gpu": {"name": "nvidia.com/gpu", "quantity": 2},
            "nodeSelector": {"pool": "gpu"},
        }
    )
    conf = conf_of(obj)
    assert conf["spark.executor.instances"] == "3"
    assert conf["spark.executorEnv.A"] == "1"
    assert conf["spark.kubernetes.executor.secretKeyRef.S"] == "sec:k"
    assert conf["spark.kubernetes.executor.label.team"] == "b"  # the role's label wins
    assert conf["spark.kubernetes.driver.label.team"] == "a"  # app labels reach the driver
    assert conf["spark.executor.resource.gpu.amount"] == "2"
    assert conf["spark.executor.resource.gpu.vendor"] == "nvidia.com"
    assert conf["spark.kubernetes.executor.node.selector.pool"] == "gpu"


def test_deps_spark_and_hadoop_conf() -> None:
    obj = app(
        deps={"jars": ["a.jar", "b.jar"], "files": ["f.conf"], "pyFiles": ["p.zip"]},
        sparkConf={"spark.sql.shuffle.partitions": "8"},
        hadoopConf={"fs.s3a.endpoint": "http://minio"},
    )
    conf = conf_of(obj)
    assert conf["spark.jars"] == "a.jar,b.jar"
    assert conf["spark.files"] == "f.conf"  # not spark.yarn.dist.files: a k8s master
    assert conf["spark.submit.pyFiles"] == "p.zip"
    assert conf["spark.sql.shuffle.partitions"] == "8"
    assert conf["spark.hadoop.fs.s3a.endpoint"] == "http://minio"


def test_flags_win_over_spark_conf() -> None:
    obj = app(sparkConf={"spark.executor.memory": "8g"})
    assert conf_of(obj)["spark.executor.memory"] == "2g"  # executor.memory is a later --conf


def test_dynamic_allocation_defaults_shuffle_tracking() -> None:
    obj = app(dynamicAllocation={"enabled": True, "maxExecutors": 7})
    del obj["spec"]["executor"]["instances"]
    conf = conf_of(obj)
    assert conf["spark.dynamicAllocation.enabled"] == "true"
    assert conf["spark.dynamicAllocation.maxExecutors"] == "7"
    assert conf["spark.dynamicAllocation.shuffleTracking.enabled"] == "true"


def test_operator_defaults() -> None:
    spec = with_operator_defaults({"driver": {}, "executor": {}})
    assert spec["type"] == "Scala" and spec["mode"] == "cluster"
    assert spec["restartPolicy"] == {"type": "Never"}
    assert spec["driver"] == {"cores": 1, "memory": "1g"}
    assert spec["executor"]["instances"] == 1  # the operator's, not YARN's 2
    retried = with_operator_defaults({"restartPolicy": {"type": "OnFailure"}})
    assert retried["restartPolicy"]["onFailureRetryInterval"] == 5


def test_scheduled_application_uses_its_template() -> None:
    inner = app()["spec"]
    scheduled = {
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "ScheduledSparkApplication",
        "metadata": {"name": "nightly", "namespace": "ml"},
        "spec": {"schedule": "0 2 * * *", "template": inner},
    }
    conf = conf_of(scheduled)
    assert conf["spark.app.name"] == "nightly"
    assert conf["spark.executor.memory"] == "2g"
