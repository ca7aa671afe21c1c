"""One redaction function for every writer, report, log and error message.

Secret detection works on key names (password, token, secret key...) and on value shapes
(cloud access keys, passwords inside JDBC URLs and URL userinfo, private key blocks), so a
secret is masked even when it appears in free text such as a `-D` option or an error message.
"""

from __future__ import annotations

import re

MASK = "***REDACTED***"

# Key names whose values are secrets. Matched case-insensitively against the last segments
# of dotted keys (fs.s3a.secret.key, spark.ssl.keyPassword, javax.jdo.option.ConnectionPassword).
_SECRET_KEY = re.compile(
    r"(pass(word|wd)?|pwd|secret|token|credential|private[._-]?key|access[._-]?key"
    r"|api[._-]?key|auth[._-]?key|sas[._-]?key|account\.key|session[._-]?key|keystore\.pass)",
    re.IGNORECASE,
)
# Keys that merely mention these words but hold no secret (provider class names, paths).
_NOT_SECRET_KEY = re.compile(
    r"(provider|\.file$|\.path$|keytab|principal|\.type$|\.enabled$|\.name$|_file$|renew"
    r"|lifetime|interval|location$)",
    re.IGNORECASE,
)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # -----BEGIN ... PRIVATE KEY----- blocks
    (
        re.compile(
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL
        ),
        MASK,
    ),
    # AWS access key ids and similar cloud key shapes
    (re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"), MASK),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"), MASK),
    (re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}\b"), MASK),
    # user:password@host in URLs
    (
        re.compile(r"(?P<pre>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(?P<post>@)"),
        r"\g<pre>" + MASK + r"\g<post>",
    ),
    # password=... inside JDBC URLs and query strings (;password=x or &password=x or ?pwd=x)
    (
        re.compile(
            r"(?P<pre>[;&?](password|pwd|passwd|token|secret|sig)=)[^;&\s\"']+", re.IGNORECASE
        ),
        r"\g<pre>" + MASK,
    ),
    # key=value / key: value / -Dkey=value where the key names a secret
    (
        re.compile(
            r"(?P<pre>(?:-D)?(?P<key>[A-Za-z0-9_.\-]*?(?:pass(?:word|wd)?|pwd|secret|token"
            r"|credential|access[._-]?key|api[._-]?key|account\.key|sas[._-]?key)"
            r"[A-Za-z0-9_.\-]*)\s*[=:]\s*)(?P<q>[\"']?)(?P<val>[^\s\"',;]+)",
            re.IGNORECASE,
        ),
        "__KV__",
    ),
)


def is_secret_key(key: str) -> bool:
    """True if a configuration key's value is a secret (by name)."""
    return bool(_SECRET_KEY.search(key)) and not _NOT_SECRET_KEY.search(key)


def _kv(match: re.Match[str]) -> str:
    if not is_secret_key(match.group("key")) or match.group("val") == MASK:
        return match.group(0)
    return f"{match.group('pre')}{match.group('q')}{MASK}"


def redact(text: str) -> str:
    """Mask every secret-looking value in free text."""
    if not text:
        return text
    for pattern, repl in _PATTERNS:
        text = pattern.sub(_kv, text) if repl == "__KV__" else pattern.sub(repl, text)
    return text


def looks_secret_value(value: str) -> bool:
    """True if a value by its shape alone carries a secret (for values under harmless keys)."""
    return redact(value) != value
