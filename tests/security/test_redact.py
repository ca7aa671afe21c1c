"""The one redaction function: key names, value shapes, linear time, no false alarms."""

from __future__ import annotations

import time

import pytest

from yarn2k8s.converters.dockerfile import _SECRET_NAME
from yarn2k8s.security.redact import (
    _SECRET_FILE,
    MASK,
    is_secret_file_name,
    is_secret_key,
    looks_secret_value,
    redact,
)

SECRET = "s3cr3t-VALUE-42"


@pytest.mark.parametrize(
    "text",
    [
        f"--password {SECRET} --name x",
        f"--db-password={SECRET}",
        f'--api-key "{SECRET}"',
        f"-Djavax.net.ssl.keyStorePassword={SECRET} -Dfoo=bar",
        f"spark.hadoop.fs.s3a.secret.key={SECRET}",
        f"fs.azure.account.key.acct.blob.core.windows.net: {SECRET}",
        f"AccountKey={SECRET};EndpointSuffix=core.windows.net",
        f"export DB_PASSWORD='{SECRET}'",
        f"jdbc:postgresql://db:5432/x?user=etl&password={SECRET}",
        f"jdbc:sqlserver://db:1433;databaseName=x;password={SECRET};",
        f"mysql://etl:{SECRET}@db.example.com/sales",
        f"https://user:{SECRET}@example.com/path",
        f"Authorization: Bearer {SECRET}abcdef",
        f"curl -H 'X-Auth-Token: {SECRET}'",
        f"https://acct.blob.core.windows.net/c?sv=2020&sig={SECRET}",
    ],
)
def test_secrets_by_key_name_are_masked(text: str) -> None:
    safe = redact(text)
    assert SECRET not in safe and MASK in safe


@pytest.mark.parametrize(
    "value",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAIOSFODNN7EXAMPLE",
        "AIzaSyA-1234567890abcdefghijklmnopqrstu",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "glpat-0123456789abcdefghij",
        "xoxb-123456789012-abcdefghij",
        "sk_live_0123456789abcdefABCDEF",
        "npm_0123456789abcdefghijklmnopqrstuvwxyz",
        "ya29.a0AfH6SMBx0123456789abcdefghij",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (truncated",
    ],
)
def test_secrets_by_shape_are_masked_anywhere(value: str) -> None:
    text = f"the job ran with {value} as an argument"
    assert value not in redact(text)
    assert looks_secret_value(value)


@pytest.mark.parametrize(
    "text",
    [
        "spark-submit --master yarn --name nightly --num-executors 4 job.py",
        "--password-file /etc/secrets/db.pass",
        "--token-path /var/run/token --keytab /etc/x.keytab --principal etl@EXAMPLE.COM",
        "spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.X",
        "spark.hadoop.fs.s3a.secret.key=${env.Y2K_SPARK_HADOOP_FS_S3A_SECRET_KEY}",
        "--password ${DB_PASSWORD}",
        "--token -v",
        "spark.ssl.enabled=true spark.authenticate.secret.file=/etc/x",
        "mapreduce.job.credentials.binary=/tmp/tokens",
        "secretKeyRef:\n  key: db-password",
        "hdfs://nn:8020/data/passwords/2024",
        f"{MASK} stays {MASK}",
    ],
)
def test_harmless_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_redaction_is_idempotent() -> None:
    text = "--password a -Dx.secret=b AKIAIOSFODNN7EXAMPLE jdbc:mysql://u:p@h/d?password=c"
    once = redact(text)
    assert redact(once) == once


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "ab.password" * 100_000,
        "x://" + "a" * 1_000_000,
        "a:" * 500_000,
        "--" * 500_000,
        "-----BEGIN " + "A" * 1_000_000,
        "eyJ" * 300_000,
        ";password" * 100_000,
    ],
)
def test_redaction_is_linear_on_hostile_text(text: str) -> None:
    start = time.monotonic()
    redact(text)
    assert time.monotonic() - start < 5.0  # was quadratic: 10,000 characters took 8 s


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("spark.ssl.keyPassword", True),
        ("javax.jdo.option.ConnectionPassword", True),
        ("fs.s3a.session.token", True),
        ("DB_PASSWD", True),
        ("fs.azure.account.key.x", True),
        ("STORAGE_ACCOUNT_KEY", True),
        ("spark.authenticate.secret", True),
        ("fs.s3a.aws.credentials.provider", False),
        ("hadoop.security.credential.provider.path", False),
        ("spark.kerberos.keytab", False),
        ("password_file", False),
        ("ssl.keystore.password.length", False),
        ("spark.app.name", False),
    ],
)
def test_secret_keys_by_name(key: str, secret: bool) -> None:
    assert is_secret_key(key) is secret


def test_secret_file_names_match_the_dockerfile_rule() -> None:
    assert _SECRET_FILE.pattern == _SECRET_NAME.pattern
    assert is_secret_file_name("conf/svc.keytab")
    assert is_secret_file_name("/home/u/.ssh/id_rsa")
    assert not is_secret_file_name("job.py")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # Found by benchmarks/fuzz.py: a harmless key used to swallow the next `password=`.
        ("x= password=hunter2", "x= password=***REDACTED***"),
        ("-pass e= pass=d", "-pass ***REDACTED*** pass=***REDACTED***"),
        ('--password "two words" --x', '--password "***REDACTED***" --x'),
        ("a=password=x", "a=password=***REDACTED***"),
    ],
)
def test_keys_never_hide_the_next_secret(text: str, masked: str) -> None:
    assert redact(text) == masked
    assert redact(masked) == masked
