"""SparkApplication -> the spark-submit command line the Kubeflow Spark Operator would run.

Our own implementation of the operator's documented translation (mapping.md section 1.1;
spark-operator `internal/controller/sparkapplication/submission.go` and `api/v1beta2/
defaults.go`), so the equivalence check can replay a converted job without an operator. The
options come in the operator's order: master, deploy mode, class, name, dependencies,
namespace, image, sparkConf, hadoopConf, driver, executor, node selector, dynamic allocation,
proxy user, then the application file and its arguments.

What the operator leaves to its mutating webhook (volumes, tolerations, affinity, security
contexts, `env` entries) has no spark-submit form; `env` entries are rendered as the Spark
confs with the same effect (`spark.kubernetes.driverEnv.X`, `spark.executorEnv.X`,
`spark.kubernetes.{driver,executor}.secretKeyRef.X`) so that they can be compared with YARN's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

# The operator names the API server from its own pod's environment; any k8s:// URL will do.
K8S_MASTER = "k8s://https://kubernetes.default.svc:443"
# (field of deps, spark-submit flag), in the operator's order.
_DEPS_FLAGS = (
    ("jars", "--jars"),
    ("packages", "--packages"),
    ("excludePackages", "--exclude-packages"),
    ("repositories", "--repositories"),
    ("pyFiles", "--py-files"),
    ("files", "--files"),
    ("archives", "--archives"),
)
# Role field -> conf key template ({role} is driver or executor).
_ROLE_CONFS = (
    ("cores", "spark.{role}.cores"),
    ("coreRequest", "spark.kubernetes.{role}.request.cores"),
    ("coreLimit", "spark.kubernetes.{role}.limit.cores"),
    ("memory", "spark.{role}.memory"),
    ("memoryOverhead", "spark.{role}.memoryOverhead"),
    ("javaOptions", "spark.{role}.extraJavaOptions"),
    ("serviceAccount", "spark.kubernetes.authenticate.{role}.serviceAccountName"),
    ("image", "spark.kubernetes.{role}.container.image"),
)
_ENV_PREFIX = {"driver": "spark.kubernetes.driverEnv.", "executor": "spark.executorEnv."}
_DYNAMIC = (
    ("initialExecutors", "spark.dynamicAllocation.initialExecutors"),
    ("minExecutors", "spark.dynamicAllocation.minExecutors"),
    ("maxExecutors", "spark.dynamicAllocation.maxExecutors"),
    ("shuffleTrackingTimeout", "spark.dynamicAllocation.shuffleTracking.timeout"),
)


def application_spec(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The SparkApplicationSpec of a SparkApplication or a ScheduledSparkApplication."""
    spec = obj.get("spec") or {}
    if obj.get("kind") == "ScheduledSparkApplication":
        spec = spec.get("template") or {}
    return dict(spec)


def with_operator_defaults(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the operator's defaulting (defaults.go) to a copy of a SparkApplicationSpec.

    Type Scala, mode cluster, restart policy Never (retry intervals 5 s otherwise); driver and
    executor cores 1 and memory 1g unless sparkConf sets them; 1 executor when neither the spec,
    sparkConf nor dynamic allocation decides; shuffle tracking on with dynamic allocation.
    """
    out: dict[str, Any] = _copied(dict(spec))
    out.setdefault("type", "Scala")
    out.setdefault("mode", "cluster")
    policy = out.setdefault("restartPolicy", {})
    policy.setdefault("type", "Never")
    if policy["type"] != "Never":
        policy.setdefault("onFailureRetryInterval", 5)
        policy.setdefault("onSubmissionFailureRetryInterval", 5)
    conf = out.get("sparkConf") or {}
    dynamic = out.get("dynamicAllocation") or {}
    for role in ("driver", "executor"):
        part = out.setdefault(role, {})
        if f"spark.{role}.cores" not in conf:
            part.setdefault("cores", 1)
        if f"spark.{role}.memory" not in conf:
            part.setdefault("memory", "1g")
    if dynamic.get("enabled"):
        dynamic.setdefault("shuffleTrackingEnabled", True)
    elif not conf.get("spark.executor.instances"):
        out["executor"].setdefault("instances", 1)
    return out


def _copied(value: Any) -> Any:
    """A copy of a loaded YAML/JSON tree: new dicts and lists, shared (immutable) scalars.

    Several times faster than ``copy.deepcopy``, which was most of this module's time at scale.
    """
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def submit_args(obj: Mapping[str, Any]) -> list[str]:
    """The spark-submit arguments (without the command) the operator would run for ``obj``."""
    meta = obj.get("metadata") or {}
    name, namespace = str(meta.get("name", "")), str(meta.get("namespace", "default"))
    spec = with_operator_defaults(application_spec(obj))
    args = ["--master", K8S_MASTER, "--deploy-mode", str(spec["mode"])]
    if spec.get("mainClass"):
        args += ["--class", str(spec["mainClass"])]
    args += ["--name", name]
    args += _deps_args(spec.get("deps") or {})
    confs = [f"spark.kubernetes.namespace={namespace}", *_image_confs(spec)]
    confs += [f"{k}={v}" for k, v in sorted((spec.get("sparkConf") or {}).items())]
    confs += [f"spark.hadoop.{k}={v}" for k, v in sorted((spec.get("hadoopConf") or {}).items())]
    confs.append(f"spark.kubernetes.driver.pod.name={name}-driver")
    labels = meta.get("labels") or {}
    for role in ("driver", "executor"):
        confs += list(_role_confs(role, spec.get(role) or {}, labels, name))
    confs += [f"spark.kubernetes.node.selector.{k}={v}" for k, v in _items(spec, "nodeSelector")]
    confs += list(_dynamic_confs(spec.get("dynamicAllocation") or {}))
    for conf in confs:
        args += ["--conf", conf]
    if spec.get("proxyUser"):
        args += ["--proxy-user", str(spec["proxyUser"])]
    args.append(str(spec.get("mainApplicationFile", "")))
    return args + [str(a) for a in spec.get("arguments") or []]


def _items(part: Mapping[str, Any], field: str) -> list[tuple[str, Any]]:
    """Sorted items of a map field (the operator's maps have no order; ours are sorted)."""
    return sorted((part.get(field) or {}).items())


def _deps_args(deps: Mapping[str, Any]) -> list[str]:
    args: list[str] = []
    for field, flag in _DEPS_FLAGS:
        values = [str(v) for v in deps.get(field) or []]
        if values:
            args += [flag, ",".join(values)]
    return args


def _image_confs(spec: Mapping[str, Any]) -> list[str]:
    confs = []
    if spec.get("image"):
        confs.append(f"spark.kubernetes.container.image={spec['image']}")
    if spec.get("imagePullPolicy"):
        confs.append(f"spark.kubernetes.container.image.pullPolicy={spec['imagePullPolicy']}")
    if spec.get("imagePullSecrets"):
        secrets = ",".join(str(s) for s in spec["imagePullSecrets"])
        confs.append(f"spark.kubernetes.container.image.pullSecrets={secrets}")
    if spec.get("memoryOverheadFactor"):
        confs.append(f"spark.kubernetes.memoryOverheadFactor={spec['memoryOverheadFactor']}")
    if spec.get("pythonVersion"):
        confs.append(f"spark.kubernetes.pyspark.pythonVersion={spec['pythonVersion']}")
    # The operator never waits for the application inside its own reconcile loop.
    confs.append("spark.kubernetes.submission.waitAppCompletion=false")
    return confs


def _role_confs(
    role: str, part: Mapping[str, Any], app_labels: Mapping[str, Any], name: str
) -> Iterator[str]:
    """Confs for the driver or executor part; app labels reach both pods, role labels win."""
    # Both pods carry the operator's own labels (its submission tests list them per role; the
    # submission-id and mutated-by labels depend on the run and are not modelled).
    yield f"spark.kubernetes.{role}.label.sparkoperator.k8s.io/app-name={name}"
    yield f"spark.kubernetes.{role}.label.sparkoperator.k8s.io/launched-by-spark-operator=true"
    if role == "executor" and part.get("instances") is not None:
        yield f"spark.executor.instances={part['instances']}"
    if role == "executor" and part.get("deleteOnTermination") is not None:
        flag = str(part["deleteOnTermination"]).lower()
        yield f"spark.kubernetes.executor.deleteOnTermination={flag}"
    for field, template in _ROLE_CONFS:
        if part.get(field) not in (None, ""):
            yield f"{template.format(role=role)}={part[field]}"
    for key, value in sorted({**app_labels, **(part.get("labels") or {})}.items()):
        yield f"spark.kubernetes.{role}.label.{key}={value}"
    for key, value in _items(part, "annotations"):
        yield f"spark.kubernetes.{role}.annotation.{key}={value}"
    for key, value in _items(part, "serviceLabels"):
        yield f"spark.kubernetes.driver.service.label.{key}={value}"
    for key, value in _items(part, "serviceAnnotations"):
        yield f"spark.kubernetes.driver.service.annotation.{key}={value}"
    for key, value in _items(part, "nodeSelector"):
        yield f"spark.kubernetes.{role}.node.selector.{key}={value}"
    yield from _env_confs(role, part)
    gpu = part.get("gpu") or {}
    if gpu.get("quantity"):
        vendor = str(gpu.get("name", "")).rpartition("/")[0]
        yield f"spark.{role}.resource.gpu.amount={gpu['quantity']}"
        yield f"spark.{role}.resource.gpu.vendor={vendor}"


def _env_confs(role: str, part: Mapping[str, Any]) -> Iterator[str]:
    """`env` entries as the confs with the same effect (see the module docstring)."""
    for entry in part.get("env") or []:
        name = entry.get("name", "")
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef")
        if ref:
            yield f"spark.kubernetes.{role}.secretKeyRef.{name}={ref.get('name')}:{ref.get('key')}"
        elif "value" in entry:
            yield f"{_ENV_PREFIX[role]}{name}={entry['value']}"
    for key, value in _items(part, "envVars"):  # the deprecated map form
        yield f"{_ENV_PREFIX[role]}{key}={value}"


def _dynamic_confs(dynamic: Mapping[str, Any]) -> Iterator[str]:
    if not dynamic.get("enabled"):
        return
    yield "spark.dynamicAllocation.enabled=true"
    for field, key in _DYNAMIC:
        if dynamic.get(field) is not None:
            yield f"{key}={dynamic[field]}"
    tracking = str(bool(dynamic.get("shuffleTrackingEnabled", True))).lower()
    yield f"spark.dynamicAllocation.shuffleTracking.enabled={tracking}"
