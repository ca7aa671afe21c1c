"""The checks behind the expected-translation table (see :mod:`equivalence`).

Each check gets the job's :class:`Context` and the differing key, and answers whether this
difference is exactly the translation its code names: the values must match what the finding
(or the converted object) says, not merely the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from yarn2k8s.model.units import parse_memory_mib
from yarn2k8s.validators.equivalence_context import Context

# Environment variables the spark-submit analyzer reads from the submitting shell and the
# converter sets in the pods. job.json does not record them, so only these names are accepted.
SUBMIT_ENV = frozenset({"PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "HADOOP_USER_NAME"})
_ROLE = re.compile(r"spark\.(?:kubernetes\.)?(driver|executor)\b")


def _role(key: str) -> str:
    match = _ROLE.match(key)
    return match.group(1) if match else ""


def _old(ctx: Context, key: str) -> str | None:
    return ctx.original.get(key)


def _new(ctx: Context, key: str) -> str | None:
    return ctx.converted.get(key)


def master(ctx: Context, key: str) -> bool:
    return str(_new(ctx, key)).startswith("k8s://")


def client_mode(ctx: Context, key: str) -> bool:
    return (_old(ctx, key), _new(ctx, key)) == ("client", "cluster") and ctx.has("SP002")


def app_named_after_object(ctx: Context, key: str) -> bool:
    name = (ctx.app.get("metadata") or {}).get("name")
    return _old(ctx, key) is None and _new(ctx, key) == name


def app_renamed(ctx: Context, key: str) -> bool:
    return ctx.has("KM001", old=str(_old(ctx, key)), new=str(_new(ctx, key)))


def queue_label(ctx: Context, key: str) -> bool:
    queue = _old(ctx, key)
    return (
        _new(ctx, key) is None
        and ctx.has("RS002", queue=str(queue))
        and "yarn2k8s.io/yarn-queue" in ctx.labels
    )


def queue_scheduler(ctx: Context, key: str) -> bool:
    """A YuniKorn/Volcano queue or a Kueue LocalQueue for the queue the annotation names."""
    scheduled = (ctx.spec.get("batchSchedulerOptions") or {}).get("queue") or ctx.labels.get(
        "kueue.x-k8s.io/queue-name"
    )
    return bool(scheduled) and ctx.annotations.get("yarn2k8s.io/yarn-queue") == _old(ctx, key)


def queue_default(ctx: Context, key: str) -> bool:
    """The cluster's default queue, which nothing set: Kubernetes' default scheduling."""
    return _new(ctx, key) is None and key not in (ctx.record.get("conf_sources") or {})


def restart_policy(ctx: Context, key: str) -> bool:
    """YARN re-ran a failed driver (attempts - 1) times; the operator must do the same."""
    try:
        attempts = int(str(_old(ctx, key)))
    except ValueError:
        return False
    policy: Mapping[str, Any] = ctx.spec.get("restartPolicy") or {}
    if attempts <= 1:
        return bool(policy.get("type") == "Never")
    return policy.get("type") == "OnFailure" and policy.get("onFailureRetries") == attempts - 1


def yarn_tags(ctx: Context, key: str) -> bool:
    return ctx.annotations.get("yarn2k8s.io/yarn-tags") == _old(ctx, key)


def am_env(ctx: Context, key: str) -> bool:
    """`spark.yarn.appMasterEnv.X` and `spark.kubernetes.driverEnv.X` hold the same value."""
    name = key.rpartition(".")[2]
    yarn = ctx.original.get(f"spark.yarn.appMasterEnv.{name}")
    k8s = ctx.converted.get(f"spark.kubernetes.driverEnv.{name}")
    return yarn is not None and k8s is not None and ctx.rewrite(yarn) == k8s


def _python_env(ctx: Context, key: str) -> tuple[str | None, str | None]:
    """PYSPARK_PYTHON of the role ``key`` is about, on YARN and on Kubernetes."""
    if key.startswith(("spark.yarn.appMasterEnv.", "spark.kubernetes.driverEnv.")):
        return (
            ctx.original.get("spark.yarn.appMasterEnv.PYSPARK_PYTHON"),
            ctx.converted.get("spark.kubernetes.driverEnv.PYSPARK_PYTHON"),
        )
    return _old(ctx, key), _new(ctx, key)


def conda_env_baked(ctx: Context, key: str) -> bool:
    """The shipped environment's interpreter became the one unpacked into the image."""
    _, new = _python_env(ctx, key)
    return any(new == f"{a['path']}/bin/python" for a in ctx.findings("DP022"))


def venv_reinstalled(ctx: Context, key: str) -> bool:
    """A venv-pack environment's packages went onto the image's own Python."""
    _, new = _python_env(ctx, key)
    return new in ("python3", "python") and any(True for _ in ctx.findings("DP021"))


def submit_env(ctx: Context, key: str) -> bool:
    return _old(ctx, key) is None and key.rpartition(".")[2] in SUBMIT_ENV


def shuffle_service(ctx: Context, key: str) -> bool:
    return (_old(ctx, key), _new(ctx, key)) == ("true", "false") and ctx.has("SP006")


def _dynamic(conf: Mapping[str, str]) -> bool:
    return conf.get("spark.dynamicAllocation.enabled", "").lower() == "true"


def tracking_for_shuffle_service(ctx: Context, key: str) -> bool:
    return shuffle_tracking(ctx, key) and ctx.has("SP006")


def shuffle_tracking(ctx: Context, key: str) -> bool:
    return _old(ctx, key) is None and _new(ctx, key) == "true" and _dynamic(ctx.converted)


def kueue_fixed(ctx: Context, key: str) -> bool:
    instances = ctx.converted.get("spark.executor.instances", "")
    return _dynamic(ctx.original) and not _dynamic(ctx.converted) and ctx.has("RS003", n=instances)


def max_executors(ctx: Context, key: str) -> bool:
    return _old(ctx, key) is None and ctx.has("RS006", n=str(_new(ctx, key)))


def overhead(ctx: Context, key: str) -> bool:
    try:
        value = str(parse_memory_mib(str(_new(ctx, key))))
    except ValueError:
        return False
    # Set by parity whether or not the source gave one: an explicit YARN overhead that left the
    # pod below its YARN container is raised too (RS001 names the value).
    return ctx.has("RS001", role=_role(key), overhead=value)


def gpu(ctx: Context, key: str) -> bool:
    role = _role(key)
    if key.endswith(".amount"):
        return ctx.has("RS004", role=role, n=str(_new(ctx, key)))
    return _old(ctx, key) is None and any(a["role"] == role for a in ctx.findings("RS004"))


def node_selector(ctx: Context, key: str) -> bool:
    pair = f"{key.rpartition('node.selector.')[2]}={_new(ctx, key)}"
    return _old(ctx, key) is None and any(
        a["role"] == _role(key) and pair in a["selector"].split(", ") for a in ctx.findings("RS005")
    )


def node_label(ctx: Context, key: str) -> bool:
    return ctx.has("RS005", expr=str(_old(ctx, key)))


def node_label_complex(ctx: Context, key: str) -> bool:
    return ctx.has("RS007", expr=str(_old(ctx, key)))


def yarn_dropped(ctx: Context, key: str) -> bool:
    return _new(ctx, key) is None and any(a["key"] == key for a in ctx.findings("SP004"))


def secret_moved(ctx: Context, key: str) -> bool:
    new = _new(ctx, key)
    return (new is None or new.startswith("${env.")) and ctx.has("SE001", key=key)


def secret_removed(ctx: Context, key: str) -> bool:
    name = key.strip("<>") if key.startswith("<") else key
    return ctx.has("SE002", key=name)


def secret_ref(ctx: Context, key: str) -> bool:
    env = key.rpartition(".")[2]
    return _old(ctx, key) is None and any(
        a["env"] == env and f"{a['secret']}:{a['item']}" == _new(ctx, key)
        for a in ctx.findings("SE001")
    )


def s3a_env_credentials(ctx: Context, key: str) -> bool:
    return _old(ctx, key) is None and any(
        a["key"].startswith("spark.hadoop.fs.s3a.") for a in ctx.findings("SE001")
    )


_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def placeholder(ctx: Context, key: str) -> bool:
    """The original value could not be resolved statically (YK008 names each placeholder)."""
    names = _PLACEHOLDER.findall(_old(ctx, key) or "")
    return bool(names) and all(ctx.has("YK008", name=n) for n in names)


def packages_ivy(ctx: Context, key: str) -> bool:
    return _old(ctx, key) is None and ctx.has("SP008")


def standalone_only(ctx: Context, key: str) -> bool:
    return _new(ctx, key) is None and ctx.has("SP001", master=ctx.original.get("spark.master", ""))


def kubernetes_only(ctx: Context, key: str) -> bool:
    return _old(ctx, key) is None
