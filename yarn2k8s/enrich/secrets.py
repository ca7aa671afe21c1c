"""Moving secret values out of jobs before anything is written.

A secret found in a conf, an environment variable, an argument or a Java option never reaches
an output. Where Spark or Hadoop can read it from the environment, it becomes an environment
variable fed by a Kubernetes Secret: s3a keys through the environment credentials provider,
other Hadoop keys through Hadoop's `${env.NAME}` substitution. Anything else is removed and
gets a blocking finding. Values are never stored in the model: only references are.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SecretRef
from yarn2k8s.security.redact import (
    MASK,
    is_secret_file_name,
    is_secret_key,
    looks_secret_value,
    redact,
)

KEYTAB_DIR = "/etc/security/keytabs"
_S3A_ENV = {
    "spark.hadoop.fs.s3a.access.key": "AWS_ACCESS_KEY_ID",
    "spark.hadoop.fs.s3a.secret.key": "AWS_SECRET_ACCESS_KEY",
    "spark.hadoop.fs.s3a.session.token": "AWS_SESSION_TOKEN",
}
# Hadoop 3.3 (Spark 3.5 images) uses the AWS SDK v1 provider class.
S3A_ENV_PROVIDER = "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"
_ARG_SECRET_FLAG = re.compile(r"^--?[\w.-]*(pass(word|wd)?|pwd|secret|token|api[-_]?key)$", re.I)


def _item_key(key: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", key.lower()).strip("-.")


def _env_name(key: str) -> str:
    return "Y2K_" + re.sub(r"[^A-Z0-9]+", "_", key.upper()).strip("_")


def secret_name(job_name: str) -> str:
    """The Secret a job's secret values go to."""
    return f"{job_name}-secrets"


def secure_job(job: MigrationJob) -> list[Finding]:
    """Take every secret value out of a job (named already); returns findings."""
    findings: list[Finding] = []
    findings += _secure_tainted(job)
    findings += _secure_conf(job)
    findings += _secure_env(job)
    findings += _secure_arguments(job)
    findings += _secure_java_options(job)
    for key, value in list(job.effective_conf.items()):
        if is_secret_key(key) or looks_secret_value(value):
            job.effective_conf[key] = MASK if is_secret_key(key) else redact(value)
    findings += _secure_extra(job)
    job.source_name = redact(job.source_name)
    if job.keytab:
        findings.append(_keytab(job))
    if job.kind == "spark":
        findings += _secret_files(job)
    return findings


def _secure_tainted(job: MigrationJob) -> list[Finding]:
    """Mask the values of secret-named shell variables wherever the job repeats them."""
    values: list[str] = [v for v in job.extra.pop("secret_values", []) if v]
    if not values:
        return []

    def mask(text: str) -> str:
        for value in values:
            text = text.replace(value, MASK)
        return text

    findings = []
    for i, arg in enumerate(job.arguments):
        if mask(arg) != arg:
            job.arguments[i] = mask(arg)
            findings.append(make("SE002", job.location, key=f"argument {i + 1}"))
    for conf in (job.spark_conf, job.effective_conf, job.env):
        for key, value in conf.items():
            if mask(value) != value:
                conf[key] = mask(value)
                if conf is job.spark_conf:
                    findings.append(make("SE002", job.conf_sources.get(key, job.location), key=key))
    for role in job.roles.values():
        role.java_options = mask(role.java_options)
        role.env = {k: mask(v) for k, v in role.env.items()}
    job.source_name, job.main_file = mask(job.source_name), mask(job.main_file)
    return findings


# Converter data in `extra` that yarn2k8s itself builds and never holds input text.
_OWN_EXTRA = frozenset({"memory", "secret_files", "keytab_secret", "keytab_path"})


def _secure_extra(job: MigrationJob) -> list[Finding]:
    """Redact secret-looking text in converter data (a cron line's command, say)."""
    findings = []
    for key in sorted(job.extra):
        if key in _OWN_EXTRA:
            continue
        safe = _redacted(job.extra[key])
        if safe != job.extra[key]:
            job.extra[key] = safe
            findings.append(make("SE002", job.location, key=key))
    return findings


def _redacted(value: Any, depth: int = 0) -> Any:
    """A copy of plain data with every string redacted (bounded depth; other types kept)."""
    if depth > 16:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        items = [_redacted(v, depth + 1) for v in value]
        maker = getattr(type(value), "_make", None)  # a NamedTuple stays one
        return maker(items) if maker is not None else tuple(items)
    if isinstance(value, dict):
        return {k: _redacted(v, depth + 1) for k, v in value.items()}
    return value


def _secure_conf(job: MigrationJob) -> list[Finding]:
    findings = []
    name = secret_name(job.name)
    for key in sorted(job.spark_conf):
        value = job.spark_conf[key]
        if not (is_secret_key(key) or looks_secret_value(value)):
            continue
        loc = job.conf_sources.get(key, job.location)
        item = _item_key(key)
        if key in _S3A_ENV:
            env = _S3A_ENV[key]
            del job.spark_conf[key]
            job.spark_conf["spark.hadoop.fs.s3a.aws.credentials.provider"] = S3A_ENV_PROVIDER
        elif key.startswith("spark.hadoop.") and is_secret_key(key):
            env = _env_name(key)
            job.spark_conf[key] = "${env." + env + "}"
        else:
            if is_secret_key(key):
                del job.spark_conf[key]
            else:
                job.spark_conf[key] = redact(value)
            findings.append(make("SE002", loc, key=key))
            continue
        job.secrets.append(SecretRef(name, item, env, key, loc))
        findings.append(make("SE001", loc, key=key, secret=name, item=item, env=env))
    return findings


def _secure_env(job: MigrationJob) -> list[Finding]:
    findings = []
    name = secret_name(job.name)
    for key in sorted(job.env):
        if is_secret_key(key) or looks_secret_value(job.env[key]):
            del job.env[key]
            item = _item_key(key)
            job.secrets.append(SecretRef(name, item, key, key, job.location))
            findings.append(make("SE001", job.location, key=key, secret=name, item=item, env=key))
    return findings


def _secure_arguments(job: MigrationJob) -> list[Finding]:
    findings = []
    for i, arg in enumerate(job.arguments):
        previous = job.arguments[i - 1] if i else ""
        if _ARG_SECRET_FLAG.match(previous) and arg != MASK:
            job.arguments[i] = MASK
        elif looks_secret_value(arg):
            job.arguments[i] = redact(arg)
        else:
            continue
        findings.append(make("SE002", job.location, key=f"argument {i + 1}"))
    return findings


def _secure_java_options(job: MigrationJob) -> list[Finding]:
    findings = []
    for role in job.roles.values():
        safe = redact(role.java_options)
        if safe != role.java_options:
            role.java_options = safe
            findings.append(make("SE002", job.location, key=f"spark.{role.name}.extraJavaOptions"))
    for key in ("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"):
        if key in job.spark_conf:
            job.spark_conf[key] = redact(job.spark_conf[key])
    return findings


def _keytab(job: MigrationJob) -> Finding:
    secret = f"{job.name}-keytab"
    path = f"{KEYTAB_DIR}/{PurePosixPath(job.keytab).name}"
    finding = make("SE003", job.location, keytab=job.keytab, secret=secret, path=path)
    job.extra["keytab_secret"] = secret
    job.extra["keytab_path"] = path
    return finding


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _secret_files(job: MigrationJob) -> list[Finding]:
    """Gateway-local keytabs and keys shipped with `--files` come from the keytab Secret.

    They are never baked into the image (DF002), so the job reads them from the same Secret as
    `--keytab`, mounted into the driver and the executors; `secret_files` maps each original
    value to its path in the pods, which the SparkApplication's `deps.files` then names.
    """
    findings: list[Finding] = []
    mapped: dict[str, str] = {}
    for dep in job.deps:
        value = dep.value
        if dep.kind != "file" or not is_secret_file_name(value) or value in mapped:
            continue
        if _SCHEME.match(value) and not value.startswith("file:"):
            continue  # hdfs://, s3a://, local: ... are fetched or found at run time
        secret = f"{job.name}-keytab"
        path = f"{KEYTAB_DIR}/{PurePosixPath(value.removeprefix('file:')).name}"
        mapped[value] = path
        job.extra["keytab_secret"] = secret
        findings.append(make("SE003", dep.location, keytab=value, secret=secret, path=path))
    if mapped:
        job.extra["secret_files"] = mapped
    return findings
