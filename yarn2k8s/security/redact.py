"""One redaction function for every writer, report, log and error message.

Secret detection works on key names (password, token, secret key...) and on value shapes
(cloud access keys, passwords inside JDBC URLs and URL userinfo, private key blocks), so a
secret is masked even when it appears in free text such as a `-D` option or an error message.
"""

from __future__ import annotations

import functools
import re

MASK = "***REDACTED***"

# Key names whose values are secrets. Matched case-insensitively against the last segments
# of dotted keys (fs.s3a.secret.key, spark.ssl.keyPassword, javax.jdo.option.ConnectionPassword).
_SECRET_KEY = re.compile(
    r"(pass(word|wd)?|pwd|secret|token|credential|private[._-]?key|access[._-]?key"
    r"|api[._-]?key|auth[._-]?key|sas[._-]?key|account[._-]?key|session[._-]?key"
    r"|keystore\.pass)",
    re.IGNORECASE,
)
# Keys that merely mention these words but hold no secret (provider class names, paths).
_NOT_SECRET_KEY = re.compile(
    r"(provider|[._-]file$|[._-]path$|[._-]dir$|keytab|principal|\.type$|\.enabled$|\.name$"
    r"|renew|lifetime|interval|location$|[._-]length$|[._-]algorithm$|[._-]binary$)",
    re.IGNORECASE,
)

# Every pattern is linear in the text: a token is only tried from its first character (the
# lookbehinds), so a long run of word characters cannot make a pattern backtrack quadratically.
_TOKEN = r"[A-Za-z0-9_.\-]"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # -----BEGIN ... PRIVATE KEY----- blocks (to the END line, or to the end of the text)
    (
        re.compile(
            r"-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----.*?(-----END [A-Z ]{0,40}PRIVATE KEY-----|\Z)",
            re.DOTALL,
        ),
        MASK,
    ),
    # Cloud and service key shapes
    (re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"), MASK),  # AWS access key id
    (re.compile(r"\bAIza[0-9A-Za-z_\-]{35}"), MASK),  # Google API key
    (re.compile(r"\bya29\.[0-9A-Za-z_\-]{20,}"), MASK),  # Google OAuth access token
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"), MASK),  # GitHub
    (re.compile(r"\bglpat-[A-Za-z0-9_\-]{20,}"), MASK),  # GitLab
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]{10,}"), MASK),  # Slack
    (re.compile(r"\b[rs]k_live_[0-9A-Za-z]{16,}"), MASK),  # Stripe
    (re.compile(r"\bnpm_[A-Za-z0-9]{36}\b"), MASK),  # npm
    # JSON Web Tokens (header.payload.signature, both JSON parts base64url of "{...")
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"), MASK),
    # Authorization: Bearer <token>
    (
        re.compile(r"(?P<pre>\b[Bb]earer[ \t]+)[A-Za-z0-9._~+/\-]{12,}=*"),
        r"\g<pre>" + MASK,
    ),
    # user:password@host in URLs
    (
        re.compile(
            r"(?P<pre>(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(?P<post>@)"
        ),
        r"\g<pre>" + MASK + r"\g<post>",
    ),
    # password=... inside JDBC URLs and query strings (;password=x or &password=x or ?pwd=x);
    # `delegation=` is a WebHDFS delegation token, a bearer credential in the URL
    (
        re.compile(
            r"(?P<pre>[;&?](password|pwd|passwd|token|secret|sig|delegation)=)[^;&\s\"']+",
            re.IGNORECASE,
        ),
        r"\g<pre>" + MASK,
    ),
)
# key=value, key: value, -Dkey=value, and `--flag value` for a dash-led flag: the key is checked
# in _keyed. Only `key` + separator is consumed, so a harmless key never swallows the next
# `password=...` as its value; each value is measured once (linear overall).
_KEYED = re.compile(rf"(?<!{_TOKEN})(?P<key>{_TOKEN}+)(?P<sep>[ \t]*[=:][ \t]*|[ \t]+)")
# A quoted value runs to its closing quote (or the end of the line), a bare one to a blank.
_VALUE = re.compile(r"[\"'](?P<quoted>[^\"'\n]+)|(?P<bare>[^\s\"',;]+)")

# File names that hold credentials: never copied into a build context or an image layer.
_SECRET_FILE = re.compile(
    r"(\.keytab|\.pem|\.key|\.p12|\.pfx|\.token|\.netrc|\.pypirc|credentials(\.json)?|"
    r"^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?)$",
    re.IGNORECASE,
)


def is_secret_file_name(path: str) -> bool:
    """True for file names that look like keys, keytabs or tokens.

    The same pattern as `converters.dockerfile.is_secret_file` (a test keeps them equal).
    """
    return bool(_SECRET_FILE.search(path.rstrip("/").rsplit("/", 1)[-1]))


@functools.lru_cache(maxsize=8192)
def is_secret_key(key: str) -> bool:
    """True if a configuration key's value is a secret (by name)."""
    return bool(_SECRET_KEY.search(key)) and not _NOT_SECRET_KEY.search(key)


def _keyed(text: str) -> str:
    """Mask the values of secret-named keys and flags (see _KEYED)."""
    out: list[str] = []
    pos = 0
    for match in _KEYED.finditer(text):
        if match.start() < pos:
            continue  # inside a value already masked
        key, spaced = match.group("key"), not match.group("sep").strip()
        if (spaced and not key.startswith("-")) or not is_secret_key(key):
            continue
        value = _VALUE.match(text, match.end())
        if value is None:
            continue
        group = "quoted" if value.group("quoted") is not None else "bare"
        val = value.group(group)
        if val == MASK or val.startswith("${") or (spaced and val.startswith("-")):
            continue  # already masked, a reference (`${env.X}`), or the next flag
        out += [text[pos : value.start(group)], MASK]
        pos = value.end(group)
    out.append(text[pos:])
    return "".join(out)


def redact(text: str) -> str:
    """Mask every secret-looking value in free text."""
    if not text:
        return text
    if len(text) <= _MEMO_CHARS:
        return _redact_short(text)
    return _redact(text)


# A pure function called for every value a job carries, and an estate repeats its values (the
# same --conf lines, paths and queue names in thousands of jobs): remember short answers.
_MEMO_CHARS = 256  # with maxsize, bounds the memo at ~10 MB


@functools.lru_cache(maxsize=16384)
def _redact_short(text: str) -> str:
    return _redact(text)


def _redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return _keyed(text)


def looks_secret_value(value: str) -> bool:
    """True if a value by its shape alone carries a secret (for values under harmless keys)."""
    return redact(value) != value
