"""Data and network inventory per job: what it reads and writes, and what it connects to.

Static and heuristic: data URIs are found in arguments and configuration values; the option or
key in front of a value says whether it is read (`--input`, `*.inputdir`) or written
(`--output`, `*.outputdir`), otherwise its direction is unknown. Endpoints are JDBC URLs, Kafka
brokers, Hive metastores, ZooKeeper quorums, NameNodes, object-store buckets, HTTP services and
Kerberos realms/KDCs. Everything is redacted and stripped of user info: no secret reaches a
report through the inventory.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.model import MigrationJob, Workflow
from yarn2k8s.security.redact import redact

DATA_SCHEMES = frozenset(
    [
        "hdfs",
        "webhdfs",
        "swebhdfs",
        "viewfs",
        "maprfs",
        "s3",
        "s3a",
        "s3n",
        "gs",
        "abfs",
        "abfss",
        "wasb",
        "wasbs",
        "adl",
        "oss",
        "cos",
    ]
)
# The lookbehind starts a scheme only where no scheme character precedes it: without it, a long
# run of scheme characters is retried from every position (quadratic on a 4 MB value).
_URI = re.compile(r"(?<![a-zA-Z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]*)://([^\s'\"<>,;|`]*)")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][\w.]*)\}")
# Client libraries that show a job talks to a service even when its address is elsewhere.
_LIBRARY_SERVICES = (
    ("kafka", "kafka"),
    ("mysql", "jdbc:mysql"),
    ("postgresql", "jdbc:postgresql"),
    ("ojdbc", "jdbc:oracle"),
    ("mssql-jdbc", "jdbc:sqlserver"),
    ("hbase", "zookeeper"),
    ("elasticsearch", "elasticsearch"),
    ("cassandra", "cassandra"),
    ("mongo", "mongodb"),
    ("redis", "redis"),
)
UNKNOWN_ADDRESS = "(address not in the inputs)"
_JDBC = re.compile(r"\bjdbc:([a-zA-Z0-9]+):([^\s'\"<>]+)")
_WORD = re.compile(r"[a-z]+")
_WRITE_WORDS = frozenset(
    [
        "output",
        "outputdir",
        "out",
        "dest",
        "destination",
        "target",
        "save",
        "write",
        "export",
        "sink",
        "result",
        "results",
        "predictions",
        "checkpoint",
        "checkpointlocation",
    ]
)
_READ_WORDS = frozenset(
    [
        "input",
        "inputdir",
        "in",
        "src",
        "source",
        "from",
        "read",
        "load",
        "data",
        "train",
        "training",
        "test",
        "eval",
        "validation",
        "dataset",
        "features",
    ]
)
_KAFKA_KEY = re.compile(r"(^|\.)(bootstrap\.servers|metadata\.broker\.list)$")
_KAFKA_FLAG = re.compile(r"^--?(bootstrap[-_.]servers?|brokers?|broker[-_.]list|kafka[-_.]\w+)$")
_METASTORE_KEY = re.compile(r"(^|\.)hive\.metastore\.uris$")
_ZOOKEEPER_KEY = re.compile(r"zookeeper\.(quorum|connect|url)$")
_SQL_WRITE = re.compile(
    r"\b(?:insert\s+(?:overwrite|into)\s+(?:table\s+)?|create\s+(?:external\s+)?table\s+"
    r"(?:if\s+not\s+exists\s+)?)([A-Za-z_][\w]*\.[A-Za-z_][\w]*)",
    re.IGNORECASE,
)
_SQL_READ = re.compile(r"\b(?:from|join)\s+([A-Za-z_][\w]*\.[A-Za-z_][\w]*)", re.IGNORECASE)
_SQL_HINT = re.compile(r"\b(select|insert)\b", re.IGNORECASE)
_KRB5_HOST = re.compile(r"^\s*(kdc|admin_server)\s*=\s*(\S+)", re.MULTILINE)
_SERVICE_SCHEMES = {
    "http": "http",
    "https": "http",
    "mongodb": "mongodb",
    "redis": "redis",
    "ldap": "ldap",
    "ldaps": "ldap",
    "thrift": "thrift",
}
_IGNORED_KEYS = ("spark.yarn.historyServer.", "spark.eventLog.", "spark.history.")


@dataclass
class Inventory:
    """What one unit reads, writes and connects to (sets of redacted strings)."""

    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)  # direction unknown
    tables_read: set[str] = field(default_factory=set)
    tables_written: set[str] = field(default_factory=set)
    endpoints: set[tuple[str, str]] = field(default_factory=set)  # (kind, endpoint)
    artifacts: set[str] = field(default_factory=set)  # remote code: jars, py files, archives

    def merge(self, other: Inventory) -> None:
        """Add another unit's inventory (a workflow's steps)."""
        for name in ("reads", "writes", "paths", "tables_read", "tables_written", "artifacts"):
            getattr(self, name).update(getattr(other, name))
        self.endpoints |= other.endpoints

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, sorted; a path read and written is listed under both."""
        return {
            "reads": sorted(self.reads),
            "writes": sorted(self.writes),
            "paths": sorted(self.paths - self.reads - self.writes),
            "tables_read": sorted(self.tables_read),
            "tables_written": sorted(self.tables_written),
            "endpoints": [{"kind": k, "endpoint": e} for k, e in sorted(self.endpoints)],
            "artifacts": sorted(self.artifacts),
        }


def direction(name: str) -> str:
    """read, write or '' from an option or key name (`--output-dir`, `mapred.input.dir`)."""
    words = set(_WORD.findall(name.lower()))
    if words & _WRITE_WORDS:
        return "write"
    if words & _READ_WORDS:
        return "read"
    return ""


def _host(netloc: str) -> str:
    return netloc.rsplit("@", 1)[-1]  # never keep user:password@


def _clean(value: str) -> str:
    return redact(value.strip().rstrip("/") or value)


def _data_uri(scheme: str, rest: str) -> str:
    parts = urllib.parse.urlsplit(f"{scheme}://{rest}")
    return _clean(f"{scheme.lower()}://{_host(parts.netloc)}{parts.path}")


def _endpoint_for(scheme: str, netloc: str) -> tuple[str, str] | None:
    host = _host(netloc)
    scheme = scheme.lower()
    if scheme in ("hdfs", "webhdfs", "swebhdfs", "viewfs", "maprfs"):
        return ("hdfs-namenode", host or "(fs.defaultFS)")
    if scheme in ("s3", "s3a", "s3n", "gs", "oss", "cos") and host:
        return ("object-store", f"{scheme}://{host}")
    if scheme in ("abfs", "abfss", "wasb", "wasbs", "adl") and host:
        return ("object-store", f"{scheme}://{host}")
    kind = _SERVICE_SCHEMES.get(scheme)
    return (kind, host) if kind and host else None


def jdbc_endpoint(url: str) -> tuple[str, str] | None:
    """(`jdbc:<db>`, host[:port]) of a JDBC URL, or None."""
    match = _JDBC.search(url)
    if not match:
        return None
    rest = match.group(2).removeprefix("thin:").lstrip("@").removeprefix("//")
    rest = rest.split("@", 1)[-1]  # user/password@host forms
    host = re.split(r"[/;?]", rest, maxsplit=1)[0]
    if match.group(1).lower() == "oracle" and host.count(":") >= 2:
        host = ":".join(host.split(":")[:2])  # host:port:SID
    if not host or host.startswith(("file:", "mem:", "res:")):
        return None  # an embedded database: nothing on the network
    return (f"jdbc:{match.group(1).lower()}", redact(host))


def _split_hosts(value: str) -> list[str]:
    return [_host(v.strip()) for v in re.split(r"[,\s]+", value) if v.strip()]


_CODE_SUFFIXES = (".jar", ".py", ".zip", ".egg", ".whl", ".tar.gz", ".tgz", ".r", ".sh")
_CODE_HINTS = re.compile(
    r"(^|[._-])(jars?|files?|archives?|py-?files|libpath|application\.path|app[_-]?path|script)$",
    re.IGNORECASE,
)


def is_code(uri: str, hint: str) -> bool:
    """Programs and their libraries (to fetch or bake into images), not data to move."""
    path = urllib.parse.urlsplit(uri).path.lower()
    return path.endswith(_CODE_SUFFIXES) or bool(_CODE_HINTS.search(hint))


def _balanced(rest: str) -> str:
    # `${wf:user()}` keeps its parentheses; a `)` closing a surrounding `$(...)` does not.
    while rest.endswith(")") and rest.count(")") > rest.count("("):
        rest = rest[:-1]
    return rest


# Container-local system folders: programs and configuration, never data to move.
_SYSTEM_PATHS = ("/bin/", "/sbin/", "/usr/", "/etc/", "/lib", "/opt/", "/proc/", "/dev/",
                 "/sys/", "/var/", "/run/")  # fmt: skip


def _looks_like_path(value: str, how: str) -> bool:
    if value.startswith(_SYSTEM_PATHS):
        return False
    if value.startswith("${"):  # unresolved: a path if it has folders or an input/output option
        return "/" in value or bool(how)
    return value.startswith("/") and len(value) > 1


def scan_value(value: str, hint: str, inv: Inventory) -> None:
    """Add the data URIs and endpoints in one value; `hint` is its option or key name."""
    how = direction(hint)
    if not _URI.search(value) and _looks_like_path(value.strip(), how) and " " not in value.strip():
        # A scheme-less path resolves against fs.defaultFS on YARN: data, usually HDFS.
        {"read": inv.reads, "write": inv.writes}.get(how, inv.paths).add(_clean(value))
    for match in _URI.finditer(value):
        scheme, rest = match.group(1), _balanced(match.group(2))
        endpoint = _endpoint_for(scheme, urllib.parse.urlsplit(f"x://{rest}").netloc)
        if endpoint:
            inv.endpoints.add(endpoint)
        if scheme.lower() in DATA_SCHEMES and urllib.parse.urlsplit(f"x://{rest}").path.strip("/"):
            uri = _data_uri(scheme, rest)  # (a bare file-system URI is an endpoint, not data)
            if is_code(uri, hint):
                inv.artifacts.add(uri)
            else:
                {"read": inv.reads, "write": inv.writes}.get(how, inv.paths).add(uri)
    jdbc = jdbc_endpoint(value)
    if jdbc:
        inv.endpoints.add(jdbc)
    if _SQL_HINT.search(value):
        inv.tables_written.update(t.lower() for t in _SQL_WRITE.findall(value))
        inv.tables_read.update(t.lower() for t in _SQL_READ.findall(value))


def scan_conf(key: str, value: str, inv: Inventory) -> None:
    """A configuration entry: endpoints by key, then its value as data."""
    if key.startswith(_IGNORED_KEYS):
        return
    if _KAFKA_KEY.search(key):
        inv.endpoints.update(("kafka", h) for h in _split_hosts(value))
    elif _METASTORE_KEY.search(key):
        inv.endpoints.update(("hive-metastore", _host(urllib.parse.urlsplit(u).netloc) or u)
                             for u in _split_hosts(value))  # fmt: skip
        return
    elif _ZOOKEEPER_KEY.search(key):
        inv.endpoints.update(("zookeeper", h) for h in _split_hosts(value))
    elif key == "fs.defaultFS" or key.endswith(".fs.defaultFS"):
        inv.endpoints.add(("hdfs-namenode", _host(urllib.parse.urlsplit(value).netloc) or value))
        return
    elif key == "spark.sql.catalogImplementation" and value.strip() == "hive":
        inv.endpoints.add(("hive-metastore", "(hive-site.xml)"))
    scan_value(value, key, inv)


def _arguments(args: list[str]) -> Iterator[tuple[str, str]]:
    """(option name, value) pairs; a value without an option gets an empty name."""
    previous = ""
    for arg in args:
        if arg.startswith("-") and "=" in arg:
            name, value = arg.split("=", 1)
            yield name, value
            previous = ""
        elif arg.startswith("-") and not _URI.match(arg):
            previous = arg
        else:
            yield previous, arg
            previous = ""


def scan_arguments(args: list[str], inv: Inventory) -> None:
    """Job arguments: `--input x`, `--output=y`, `key=value`, bare URIs and SQL text."""
    for name, value in _arguments(args):
        if _KAFKA_FLAG.match(name):
            inv.endpoints.update(("kafka", h) for h in _split_hosts(value))
            continue
        if not name and "=" in value and not _URI.match(value):
            key, _, rest = value.partition("=")
            scan_conf(key, rest, inv)
            continue
        scan_value(value, name, inv)


def substitute(value: str, parameters: dict[str, str]) -> str:
    """Replace `${name}` by a workflow parameter's value (nested ones too, a few levels)."""
    for _ in range(4):
        replaced = _PLACEHOLDER.sub(lambda m: parameters.get(m.group(1), m.group(0)), value)
        if replaced == value:
            break
        value = replaced
    return value


def _artifacts(values: list[str], inv: Inventory) -> None:
    for value in values:
        match = _URI.match(value)
        if match and match.group(1).lower() in DATA_SCHEMES:
            inv.artifacts.add(_data_uri(match.group(1), _balanced(match.group(2))))
            endpoint = _endpoint_for(match.group(1), urllib.parse.urlsplit(value).netloc)
            if endpoint:
                inv.endpoints.add(endpoint)
        lowered = value.lower()
        for marker, kind in _LIBRARY_SERVICES:
            if marker in lowered and not any(k == kind for k, _ in inv.endpoints):
                inv.endpoints.add((kind, UNKNOWN_ADDRESS))


def job_inventory(job: MigrationJob, parameters: dict[str, str] | None = None) -> Inventory:
    """The inventory of one job, from its arguments, conf, env and dependencies.

    `parameters` (a workflow's) are substituted into the values first.
    """
    params = parameters or {}

    def sub(value: str) -> str:
        return substitute(value, params) if params else value

    inv = Inventory()
    scan_arguments([sub(a) for a in job.arguments], inv)
    for key, value in sorted({**job.effective_conf, **job.spark_conf}.items()):
        scan_conf(key, sub(value), inv)
    for key, value in sorted(job.env.items()):
        scan_value(sub(value), key, inv)
    main = [job.main_file] if job.main_file else []
    inv.paths.discard(job.main_file)  # the program itself is code, not data
    _artifacts([sub(v) for v in main + [d.value for d in job.deps]], inv)
    if job.principal and "@" in job.principal:
        inv.endpoints.add(("kerberos-realm", job.principal.rsplit("@", 1)[1]))
    return inv


def krb5_endpoints(text: str) -> set[tuple[str, str]]:
    """KDCs and admin servers named by a krb5.conf."""
    return {("kdc", redact(host)) for _, host in _KRB5_HOST.findall(text)}


def unit_inventory(unit: MigrationJob | Workflow) -> Inventory:
    """A job's inventory, or a workflow's (its steps', plus site files and krb5.conf)."""
    if isinstance(unit, MigrationJob):
        return job_inventory(unit)
    inv = Inventory()
    for step in unit.steps:
        inv.merge(job_inventory(step, unit.parameters))
    text = unit.data.get("text")
    files = unit.data.get("files")
    if unit.kind == "krb5-conf" and isinstance(text, str):
        inv.endpoints |= krb5_endpoints(text)
    elif unit.kind == "hadoop-conf" and isinstance(files, dict):
        for pairs in files.values():
            for key, value in pairs:
                scan_conf(str(key), str(value), inv)
    else:  # an analyzer's parsed structure (Oozie actions, service specs): walk it
        for hint, value in _strings(unit.data, "", 0):
            scan_conf(hint, substitute(value, unit.parameters), inv)
    return inv


_MAX_DEPTH = 10
# Raw text (comments, license headers) and the analyzer's own bookkeeping of input files.
_SKIPPED_FIELDS = frozenset({"xml", "text", "raw", "source", "rel", "origin", "app_dir"})


def _named_value(value: Any) -> tuple[str, str] | None:
    """(name, value) of a property-like object: {name, value} as a dict or dataclass."""
    if isinstance(value, dict):
        name, item = value.get("name"), value.get("value")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        name, item = getattr(value, "name", None), getattr(value, "value", None)
    else:
        return None
    return (name, item) if isinstance(name, str) and isinstance(item, str) else None


def _strings(value: Any, hint: str, depth: int) -> Iterator[tuple[str, str]]:
    """(nearest key or field name, string) for every short string in a parsed structure."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        if len(value) <= 4096:
            yield hint, value
    elif _named_value(value) is not None:
        yield _named_value(value)  # type: ignore[misc]  # a property: its name is the hint
    elif isinstance(value, dict):
        for key, item in value.items():
            if str(key) not in _SKIPPED_FIELDS:
                yield from _strings(item, str(key), depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in sorted(value, key=str) if isinstance(value, set | frozenset) else value:
            yield from _strings(item, hint, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in _SKIPPED_FIELDS:
                yield from _strings(getattr(value, f.name), f.name, depth + 1)


def location_root(uri: str, depth: int = 2) -> str:
    """The area of a data URI to plan a move by: scheme, authority and `depth` folders.

    A scheme-less path stays scheme-less (it lives on the cluster's default file system).
    """
    parts = urllib.parse.urlsplit(uri)
    folders = []
    for segment in [s for s in parts.path.split("/") if s][:depth]:
        if "${" in segment or "*" in segment:
            break
        folders.append(segment)
    base = f"{parts.scheme}://{parts.netloc}/" if parts.scheme else "/"
    return base + "/".join(folders)


def estate_inventory(units: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Endpoints and data areas across the estate, each with the units that use them."""
    endpoints: dict[tuple[str, str], set[str]] = {}
    areas: dict[str, dict[str, set[str]]] = {}
    for name, inv in units:
        for item in inv["endpoints"]:
            endpoints.setdefault((item["kind"], item["endpoint"]), set()).add(name)
        for how, key in (("read_by", "reads"), ("written_by", "writes"), ("used_by", "paths")):
            for uri in inv[key]:
                if uri.startswith("${"):
                    continue  # an unresolved value: listed per job, not an area to move
                area = areas.setdefault(location_root(uri), {})
                area.setdefault(how, set()).add(name)
    return {
        "endpoints": [
            {"kind": kind, "endpoint": endpoint, "units": sorted(names)}
            for (kind, endpoint), names in sorted(endpoints.items())
        ],
        "locations": [
            {"location": root}
            | {how: sorted(area.get(how, set())) for how in ("read_by", "written_by", "used_by")}
            for root, area in sorted(areas.items())
        ],
    }
