"""Pipeline step: send an Oozie email action's message through SMTP.

SMTP settings come from the environment, which the pipeline fills from a Secret: SMTP_HOST,
SMTP_PORT (default 25), SMTP_USER and SMTP_PASSWORD (optional login), SMTP_FROM, SMTP_STARTTLS
("true" to upgrade the connection). Options: --to, --cc, --bcc (comma-separated lists),
--subject, --body, --content-type (default text/plain) and --attachment PATH (repeatable; read
through Hadoop's FsShell `-cat`).
"""

import os
import shlex
import shutil
import smtplib
import subprocess
import sys
from email.message import EmailMessage


def parse_args(argv: list[str]) -> dict[str, list[str]]:
    """Option name -> values."""
    options: dict[str, list[str]] = {}
    for flag, value in zip(argv[::2], argv[1::2], strict=False):
        if not flag.startswith("--"):
            raise SystemExit(f"unexpected argument {flag!r}")
        options.setdefault(flag[2:], []).append(value)
    return options


def recipients(values: list[str]) -> list[str]:
    """Comma-separated address lists, flattened."""
    return [a.strip() for v in values for a in v.split(",") if a.strip()]


def fs_cat(path: str) -> bytes:
    """A file's bytes through FsShell (HDFS, object stores or local)."""
    override = os.environ.get("YARN2K8S_FS_SHELL")
    if override:
        shell = shlex.split(override)
    elif shutil.which("hadoop"):
        shell = ["hadoop", "fs"]
    else:
        home = os.environ.get("SPARK_HOME", "/opt/spark")
        shell = ["java", "-cp", f"{home}/jars/*", "org.apache.hadoop.fs.FsShell"]
    return subprocess.run([*shell, "-cat", path], check=True, capture_output=True).stdout


def build(options: dict[str, list[str]], sender: str) -> EmailMessage:
    """The message, as Oozie's EmailActionExecutor composed it."""
    message = EmailMessage()
    message["From"] = sender
    for header in ("to", "cc"):
        if recipients(options.get(header, [])):
            message[header.capitalize()] = ", ".join(recipients(options[header]))
    message["Subject"] = "".join(options.get("subject", []))
    subtype = "".join(options.get("content-type", ["text/plain"])).split("/")[-1].split(";")[0]
    message.set_content("".join(options.get("body", [])), subtype=subtype or "plain")
    for path in options.get("attachment", []):
        name = path.rstrip("/").rsplit("/", 1)[-1]
        message.add_attachment(fs_cat(path), "application", "octet-stream", filename=name)
    return message


def main(argv: list[str]) -> int:
    """Send the message; an SMTP error fails the step (as it failed the action)."""
    options = parse_args(argv)
    sender = os.environ.get("SMTP_FROM", "oozie@localhost")
    message = build(options, sender)
    to_all = recipients(options.get("to", []) + options.get("cc", []) + options.get("bcc", []))
    host, port = os.environ.get("SMTP_HOST", "localhost"), int(os.environ.get("SMTP_PORT", "25"))
    with smtplib.SMTP(host, port, timeout=60) as smtp:
        if os.environ.get("SMTP_STARTTLS", "").lower() == "true":
            smtp.starttls()
        if os.environ.get("SMTP_USER"):
            smtp.login(os.environ["SMTP_USER"], os.environ.get("SMTP_PASSWORD", ""))
        smtp.send_message(message, from_addr=sender, to_addrs=to_all)
    print(f"sent {message['Subject']!r} to {len(to_all)} recipient(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
