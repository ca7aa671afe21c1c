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

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SecretRef
from yarn2k8s.security.redact import MASK, is_secret_key, looks_secret_value, redact

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
    findings += _secure_conf(job)
    findings += _secure_env(job)
    findings += _secure_arguments(job)
    findings += _secure_java_options(job)
    for key, value in list(job.effective_conf.items()):
        if is_secret_key(key) or looks_secret_value(value):
            job.effective_conf[key] = MASK if is_secret_key(key) else redact(value)
    if job.keytab:
        findings.append(_keytab(job))
    return findings


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
