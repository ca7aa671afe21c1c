"""Resource parity, storage rewrites, secrets: the enrich stage."""

from __future__ import annotations

import pytest

from yarn2k8s.config import StorageRewrite
from yarn2k8s.enrich.resources import plan_memory
from yarn2k8s.enrich.secrets import secure_job
from yarn2k8s.enrich.storage import RewriteLog, StorageMap
from yarn2k8s.model import MigrationJob, Role, SourceLocation
from yarn2k8s.security.redact import MASK, is_secret_key, redact


@pytest.mark.parametrize(
    ("heap", "language", "yarn", "pod_default", "overhead", "raised"),
    [
        # mapping.md section 1.4's table
        (4096, "scala", 5120, 4505, 1024, True),
        (4096, "python", 5120, 5734, 1638, False),
        (2048, "java", 3072, 2432, 1024, True),
    ],
)
def test_memory_parity_table(
    heap: int, language: str, yarn: int, pod_default: int, overhead: int, raised: bool
) -> None:
    plan = plan_memory("executor", heap, None, {}, language, 1024)
    assert (plan.yarn_container, plan.pod_default, plan.overhead, plan.raised) == (
        yarn,
        pod_default,
        overhead,
        raised,
    )
    assert plan.pod_total >= plan.yarn_container


def test_memory_parity_counts_pyspark_memory_and_explicit_overhead() -> None:
    conf = {"spark.executor.pyspark.memory": "1g"}
    plan = plan_memory("executor", 4096, 512, conf, "python", 1024)
    assert plan.extra == 1024
    assert plan.yarn_container == 6144  # 4096 + 512 + 1024 -> 5632 rounded up
    assert plan.pod_total == plan.yarn_container


def test_storage_map_rewrites_only_covered_paths() -> None:
    storage = StorageMap([StorageRewrite("hdfs://nn/warehouse", "s3a://lake/wh")], "hdfs://nn")
    log = RewriteLog()
    assert storage.rewrite("hdfs://nn/warehouse/t1", log) == "s3a://lake/wh/t1"
    assert storage.rewrite("--in=/warehouse/t2", log) == "--in=s3a://lake/wh/t2"
    assert storage.rewrite("hdfs:///warehouse/t3", log) == "s3a://lake/wh/t3"
    assert storage.rewrite("/tmp/local", log) == "/tmp/local"
    assert storage.rewrite("hdfs://nn/other/x", log) == "hdfs://nn/other/x"
    assert storage.rewrite("hdfs://nn/warehousefoo", log) == "hdfs://nn/warehousefoo"
    assert log.unmapped == {"hdfs://nn/other/x", "hdfs://nn/warehousefoo"}


@pytest.mark.parametrize(
    "text",
    [
        "--conf spark.hadoop.fs.s3a.secret.key=abcDEF123",
        "jdbc:mysql://h/db?user=a&password=hunter2",
        "-Djavax.net.ssl.keyStorePassword=pw123",
        "https://alice:s3cret@repo.example.com/x",
        "AKIAABCDEFGHIJKLMNOP",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
        "fs.azure.account.key.acct.blob.core.windows.net=Zm9vYmFy",
    ],
)
def test_redact_masks(text: str) -> None:
    out = redact(text)
    assert MASK in out
    for secret in (
        "abcDEF123",
        "hunter2",
        "pw123",
        "s3cret",
        "AKIAABCDEFGHIJKLMNOP",
        "MIIEow",
        "Zm9vYmFy",
    ):
        assert secret not in out


@pytest.mark.parametrize(
    "text", ["spark.executor.memory=4g", "--keytab /etc/a.keytab", "token_file=/x", "a=b"]
)
def test_redact_leaves_harmless_text(text: str) -> None:
    assert redact(text) == text


def test_secret_keys() -> None:
    assert is_secret_key("spark.hadoop.fs.s3a.secret.key")
    assert is_secret_key("javax.jdo.option.ConnectionPassword")
    assert not is_secret_key("spark.hadoop.fs.s3a.aws.credentials.provider")
    assert not is_secret_key("spark.kerberos.keytab")


def _job(**conf: str) -> MigrationJob:
    job = MigrationJob(kind="spark", source_name="", location=SourceLocation("a.sh", 1))
    job.name = "etl"
    job.spark_conf = dict(conf)
    job.effective_conf = dict(conf)
    job.roles = {"driver": Role("driver"), "executor": Role("executor")}
    return job


def test_secure_job_moves_and_blocks() -> None:
    job = _job(
        **{
            "spark.hadoop.fs.s3a.secret.key": "SEKRET",
            "spark.ssl.keyPassword": "KP",
            "spark.app.name": "x",
        }
    )
    job.arguments = ["--password", "ARGPW", "ok"]
    job.env = {"DB_TOKEN": "TOK"}
    codes = sorted(f.code for f in secure_job(job))
    assert codes == ["SE001", "SE001", "SE002", "SE002"]
    flat = repr((job.spark_conf, job.effective_conf, job.arguments, job.env))
    for value in ("SEKRET", "KP", "ARGPW", "TOK"):
        assert value not in flat
    assert job.spark_conf["spark.hadoop.fs.s3a.aws.credentials.provider"].endswith(
        "EnvironmentVariableCredentialsProvider"
    )
    assert {s.env_var for s in job.secrets} == {"AWS_SECRET_ACCESS_KEY", "DB_TOKEN"}
