"""Cases seeded from the Spark Operator's own submission tests.

kubeflow/spark-operator `internal/controller/sparkapplication/submission_test.go`
(TestExecutorConfOption "custom executor configs", TestDriverConfOption "basic driver
configuration" and "driver with labels and annotations"), re-expressed for our translation.
The operator also adds a submission-id and a mutated-by label whose values exist only at run
time; those are left out here, as in `validators/submission.py`.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.validators.submission import submit_args


def _confs(spec: dict[str, Any], name: str, labels: dict[str, str] | None = None) -> set[str]:
    app = {
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "SparkApplication",
        "metadata": {"name": name, "labels": labels or {}},
        "spec": {"type": "Scala", "mainApplicationFile": "local:///a.jar", **spec},
    }
    args = submit_args(app)
    return {args[i + 1] for i, word in enumerate(args) if word == "--conf"}


def test_custom_executor_configs() -> None:
    spec = {
        "executor": {
            "coreRequest": "2",
            "image": "custom-executor:v1",
            "cores": 4,
            "coreLimit": "4",
            "memory": "4g",
            "memoryOverhead": "1g",
            "instances": 3,
            "deleteOnTermination": True,
        }
    }
    expected = {
        "spark.kubernetes.executor.label.sparkoperator.k8s.io/app-name=spark-executor",
        "spark.kubernetes.executor.label.sparkoperator.k8s.io/launched-by-spark-operator=true",
        "spark.kubernetes.executor.container.image=custom-executor:v1",
        "spark.executor.cores=4",
        "spark.kubernetes.executor.limit.cores=4",
        "spark.kubernetes.executor.request.cores=2",
        "spark.executor.memory=4g",
        "spark.executor.memoryOverhead=1g",
        "spark.executor.instances=3",
        "spark.kubernetes.executor.deleteOnTermination=true",
    }
    assert expected <= _confs(spec, "spark-executor")


def test_basic_driver_configuration() -> None:
    spec = {
        "driver": {"cores": 2, "coreLimit": "2", "memory": "2g", "image": "spark-driver:latest"}
    }
    expected = {
        "spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name=spark-test",
        "spark.kubernetes.driver.label.sparkoperator.k8s.io/launched-by-spark-operator=true",
        "spark.kubernetes.driver.container.image=spark-driver:latest",
        "spark.driver.cores=2",
        "spark.kubernetes.driver.limit.cores=2",
        "spark.driver.memory=2g",
        # The operator copies the application's own labels onto the driver pod.
        "spark.kubernetes.driver.label.environment=test",
        "spark.kubernetes.driver.label.team=spark",
    }
    confs = _confs(spec, "spark-test", {"environment": "test", "team": "spark"})
    assert expected <= confs


def test_driver_with_labels_and_annotations() -> None:
    spec = {
        "driver": {
            "labels": {"custom-label": "label-value", "priority": "high"},
            "annotations": {
                "custom-annotation": "annotation-value",
                "sidecar.istio.io/inject": "false",
            },
            "serviceLabels": {"service-label": "service-value", "environment": "production"},
            "serviceAnnotations": {
                "service-annotation": "svc-annotation-value",
                "prometheus.io/scrape": "true",
            },
        }
    }
    expected = {
        "spark.kubernetes.driver.label.custom-label=label-value",
        "spark.kubernetes.driver.label.priority=high",
        "spark.kubernetes.driver.annotation.custom-annotation=annotation-value",
        "spark.kubernetes.driver.annotation.sidecar.istio.io/inject=false",
        "spark.kubernetes.driver.service.label.service-label=service-value",
        "spark.kubernetes.driver.service.label.environment=production",
        "spark.kubernetes.driver.service.annotation.service-annotation=svc-annotation-value",
        "spark.kubernetes.driver.service.annotation.prometheus.io/scrape=true",
    }
    assert expected <= _confs(spec, "spark-labels")
