"""spark-submit command lines -> MigrationJob, with Spark's own precedence and defaults.

Precedence (Spark's SparkSubmitArguments): explicit flags (`--executor-memory`) win over
`--conf`, which wins over the properties file; `--properties-file` replaces spark-defaults.conf
rather than layering on it. Built-in YARN defaults fill the rest of the effective
configuration, which job.json keeps so later checks can compare against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from yarn2k8s.analyzers.base import AnalysisContext, InputFile, PropertiesFile
from yarn2k8s.analyzers.shell import ShellCommand, split_words
from yarn2k8s.analyzers.spark_training import route_spark_training
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, Finding, MigrationJob, Placeholder, Role, SourceLocation
from yarn2k8s.model.units import parse_memory_mib
from yarn2k8s.security.redact import is_secret_key, redact

SUBMIT_COMMANDS = frozenset({"spark-submit", "spark2-submit", "spark3-submit"})
# Words that may stand before the submit command without changing what it runs.
_WRAPPERS = frozenset(
    {"sudo", "nohup", "exec", "time", "env", "command", "nice", "bash", "sh", "eval", "timeout"}
)

VALUE_OPTIONS = frozenset({
    "--master", "--deploy-mode", "--class", "--name", "--jars", "--packages",
    "--exclude-packages", "--repositories", "--py-files", "--files", "--archives", "--conf",
    "-c", "--properties-file", "--driver-memory", "--driver-java-options",
    "--driver-library-path", "--driver-class-path", "--executor-memory", "--proxy-user",
    "--driver-cores", "--total-executor-cores", "--executor-cores", "--queue",
    "--num-executors", "--principal", "--keytab", "--kill", "--status",
})  # fmt: skip
FLAG_OPTIONS = frozenset(
    {"--supervise", "--verbose", "-v", "--help", "-h", "--version", "--usage-error"}
)

# Flags that are shorthands for confs (SparkSubmit's OptionAssigner table, YARN rows).
FLAG_TO_CONF = {
    "--master": "spark.master",
    "--deploy-mode": "spark.submit.deployMode",
    "--name": "spark.app.name",
    "--jars": "spark.jars",
    "--packages": "spark.jars.packages",
    "--exclude-packages": "spark.jars.excludes",
    "--repositories": "spark.jars.repositories",
    "--py-files": "spark.submit.pyFiles",
    "--files": "spark.yarn.dist.files",
    "--archives": "spark.yarn.dist.archives",
    "--driver-memory": "spark.driver.memory",
    "--driver-java-options": "spark.driver.extraJavaOptions",
    "--driver-library-path": "spark.driver.extraLibraryPath",
    "--driver-class-path": "spark.driver.extraClassPath",
    "--executor-memory": "spark.executor.memory",
    "--driver-cores": "spark.driver.cores",
    "--executor-cores": "spark.executor.cores",
    "--num-executors": "spark.executor.instances",
    "--total-executor-cores": "spark.cores.max",
    "--queue": "spark.yarn.queue",
    "--principal": "spark.kerberos.principal",
    "--keytab": "spark.kerberos.keytab",
}


# Spark on YARN's built-in defaults for the keys the conversion reads.
def builtin_defaults(am_max_attempts: int, default_queue: str) -> dict[str, str]:
    """Spark-on-YARN defaults that apply when nothing sets a key."""
    return {
        "spark.submit.deployMode": "client",
        "spark.driver.memory": "1g",
        "spark.driver.cores": "1",
        "spark.executor.memory": "1g",
        "spark.executor.cores": "1",
        "spark.executor.instances": "2",
        "spark.dynamicAllocation.enabled": "false",
        "spark.shuffle.service.enabled": "false",
        "spark.yarn.maxAppAttempts": str(am_max_attempts),
        "spark.yarn.queue": default_queue,
    }


# Placeholders whose names say they hold options, not the application file.
_OPTION_HOLDER = re.compile(r"OPT|CONF|FLAG|SETTING|EXTRA|PARAM|ARGS", re.IGNORECASE)
_WHOLE_PLACEHOLDER = re.compile(r"^\$\{([^}]+)\}$")
_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
_TRAINING = re.compile(r"horovod|tensorflowonspark|tfos|tfspark", re.IGNORECASE)


@dataclass
class Submission:
    """The words of one spark-submit command, sorted into options and application."""

    options: dict[str, str] = field(default_factory=dict)
    confs: list[tuple[str, str]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    option_holders: list[str] = field(default_factory=list)
    primary: str = ""
    app_args: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        """submit, or the non-submitting action (kill, status, version, help)."""
        for option, action in (("--kill", "kill"), ("--status", "status")):
            if option in self.options:
                return action
        if self.flags & {"--version"}:
            return "version"
        if self.flags & {"--help", "-h", "--usage-error"}:
            return "help"
        return "submit"


def submit_index(argv: tuple[str, ...] | list[str]) -> int | None:
    """Index of the spark-submit word in a command, past wrappers like sudo/nohup/env."""
    skip_next = False
    for i, word in enumerate(argv[:8]):
        if skip_next:
            skip_next = False
            continue
        base = PurePosixPath(word).name
        if base in SUBMIT_COMMANDS:
            return i
        if word in ("-u", "-g", "-n", "-s"):
            skip_next = True
            continue
        if base in _WRAPPERS or "=" in word or word.startswith("-") or word.isdigit():
            continue
        return None
    return None


def parse_submission(words: list[str]) -> Submission:
    """Sort spark-submit's words (those after the command) the way spark-submit does."""
    sub = Submission()
    i = 0
    while i < len(words):
        word = words[i]
        name, eq, inline = word.partition("=")
        if word.startswith("-") and ((name in VALUE_OPTIONS and eq) or word in VALUE_OPTIONS):
            value = inline if eq else (words[i + 1] if i + 1 < len(words) else "")
            i += 1 if eq else 2
            _record(sub, name, value)
            continue
        if word in FLAG_OPTIONS:
            sub.flags.add(word)
        elif word.startswith("-"):
            sub.unknown.append(word)
        elif (m := _WHOLE_PLACEHOLDER.match(word)) and _OPTION_HOLDER.search(m.group(1)):
            sub.option_holders.append(m.group(1))
        else:
            sub.primary, sub.app_args = word, list(words[i + 1 :])
            break
        i += 1
    return sub


def _record(sub: Submission, option: str, value: str) -> None:
    if option in ("--conf", "-c"):
        key, _, conf_value = value.partition("=")
        sub.confs.append((key.strip(), conf_value))
    else:
        sub.options[option] = value


def explicit_conf(sub: Submission) -> dict[str, str]:
    """Confs set on the command line: `--conf` first, then flags, which win."""
    conf = dict(sub.confs)
    for option, key in FLAG_TO_CONF.items():
        if option in sub.options:
            conf[key] = sub.options[option]
    return conf


def _substitute(words: tuple[str, ...], params: dict[str, str]) -> list[str]:
    """Apply configured parameter values to `${NAME}` placeholders, splitting whole words."""
    out: list[str] = []
    for word in words:
        whole = _WHOLE_PLACEHOLDER.match(word)
        if whole and whole.group(1) in params:
            out.extend(split_words(params[whole.group(1)]))
            continue
        out.append(_PLACEHOLDER.sub(lambda m: params.get(m.group(1), m.group(0)), word))
    return out


def _language(primary: str, main_class: str) -> str:
    lowered = primary.lower()
    if lowered.endswith(".py") or primary == "pyspark-shell":
        return "python"
    if lowered.endswith(".r") or primary == "sparkr-shell":
        return "r"
    if re.search(r"_2\.1[0-3]", primary) or main_class.startswith("scala."):
        return "scala"
    return "java" if lowered.endswith(".jar") else "scala"


@dataclass
class SubmitContext:
    """Everything the job builder needs besides the command itself."""

    source: InputFile
    ctx: AnalysisContext
    script_vars: dict[str, str] = field(default_factory=dict)


def job_from_command(cmd: ShellCommand, sc: SubmitContext) -> MigrationJob | None:
    """Build a MigrationJob from a spark-submit command (None if it is not one)."""
    index = submit_index(cmd.argv)
    if index is None:
        return None
    loc = sc.source.at(cmd.line)
    params: dict[str, str] = {}
    for override in sc.ctx.config.overrides_for(str(loc), sc.source.rel):
        params.update(override.parameters)
    words = _substitute(cmd.argv[index + 1 :], params)
    if cmd.argv[0] == "eval":  # eval re-splits its words
        words = split_words(" ".join(words))
    sub = parse_submission(words)
    job = MigrationJob(kind="spark", source_name="", location=loc)
    job.extra["secret_values"] = secret_values(sc.script_vars, cmd.env)
    job.placeholders = sorted(
        {Placeholder(p, loc) for p in _remaining_placeholders(cmd, words, params)},
        key=lambda p: p.name,
    )
    job.findings.extend(make("YK008", loc, name=p.name) for p in job.placeholders)
    if sub.action != "submit":
        job.kind = "spark-action"
        job.findings.append(make("SP019", loc, action=sub.action))
        return job
    _fill(job, sub, cmd, sc)
    # Issue 5: Horovod/TensorFlowOnSpark/Spark ML in the main script (may re-target the job).
    route_spark_training(job, sc.source, sc.ctx.config.versions.spark)
    return job


_MIN_SECRET_LEN = 6  # shorter values (`1`, `true`) would mask too much by accident


def secret_values(
    script_vars: dict[str, str], env: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()
) -> list[str]:
    """Values of shell variables whose names say they hold secrets (`DB_PASSWORD=...`).

    Wherever such a value shows up in the job (`--pw "$DB_PASSWORD"`), enrich.secrets masks
    it, even under an argument or key that does not look secret.
    """
    found = {
        value
        for name, value in [*script_vars.items(), *env]
        if is_secret_key(name) and len(value) >= _MIN_SECRET_LEN and "${" not in value
    }
    return sorted(found, key=lambda v: (-len(v), v))  # longest first: no partial masking


def _remaining_placeholders(
    cmd: ShellCommand, words: list[str], params: dict[str, str]
) -> set[str]:
    names = {n for n in cmd.placeholders if n not in params}
    used = {m.group(1) for w in list(cmd.argv) + words for m in _PLACEHOLDER.finditer(w)}
    return names & used | {n for n in used if n not in params}


def _fill(job: MigrationJob, sub: Submission, cmd: ShellCommand, sc: SubmitContext) -> None:
    loc, config = job.location, sc.ctx.config
    base_layer, base_rel, findings = _defaults_layer(sub, sc, loc)
    job.findings.extend(findings)
    explicit = explicit_conf(sub)
    for override in config.overrides_for(str(loc), sc.source.rel):
        explicit.update(override.spark_conf)
    merged = {**base_layer.values, **explicit} if base_layer else dict(explicit)
    job.spark_conf = merged
    job.conf_sources = dict.fromkeys(explicit, loc)
    if base_layer:
        for key, line in base_layer.lines.items():
            if key not in explicit:
                job.conf_sources[key] = SourceLocation(base_rel, line)
    defaults = builtin_defaults(config.cluster.am_max_attempts, config.cluster.default_queue)
    job.effective_conf = {**defaults, **merged}
    legacy = merged.get("spark.master", "")
    if legacy in ("yarn-cluster", "yarn-client") and "spark.submit.deployMode" not in merged:
        # Spark 1.x/2.x spelled the deploy mode into the master.
        job.effective_conf["spark.submit.deployMode"] = legacy.removeprefix("yarn-")
    job.env = _job_env(cmd, sc.script_vars)
    job.main_class = sub.options.get("--class", "")
    job.main_file = sub.primary
    job.arguments = sub.app_args
    job.language = _language(sub.primary, job.main_class)
    job.source_name = redact(merged.get("spark.app.name", ""))  # a name may quote a secret
    job.master = merged.get("spark.master", "")
    job.deploy_mode = job.effective_conf["spark.submit.deployMode"]
    job.queue = merged.get("spark.yarn.queue", "")
    job.proxy_user = sub.options.get("--proxy-user", "")
    job.keytab = merged.get("spark.kerberos.keytab", merged.get("spark.yarn.keytab", ""))
    job.principal = merged.get("spark.kerberos.principal", merged.get("spark.yarn.principal", ""))
    job.deps = _deps(merged, job.conf_sources, loc, job.findings)
    job.roles = _roles(job)
    job.findings.extend(_submission_findings(job, sub, loc))


def _defaults_layer(
    sub: Submission, sc: SubmitContext, loc: SourceLocation
) -> tuple[PropertiesFile | None, str, list[Finding]]:
    """The layer under the command line: --properties-file, else spark-defaults."""
    findings: list[Finding] = []
    config = sc.ctx.config
    if "--properties-file" in sub.options:
        wanted = sub.options["--properties-file"]
        props = _find_relative(wanted, sc)
        if props is None:
            findings.append(make("SP012", loc, path=wanted))
            return None, "", findings
        findings.append(make("SP013", loc, count=len(props.values), path=props.rel))
        return props, props.rel, findings
    props = sc.ctx.spark_defaults_for(sc.source.rel)
    if props is not None:
        findings.append(make("SP013", loc, count=len(props.values), path=props.rel))
        return props, props.rel, findings
    if config.cluster.spark_defaults:
        values = dict(config.cluster.spark_defaults)
        return PropertiesFile("<config cluster.spark_defaults>", values, {}), "config", findings
    if not config.has_cluster:
        findings.append(
            make(
                "SP014",
                loc,
                what="no cluster spark-defaults, YARN minimum allocation "
                f"{config.cluster.minimum_allocation_mb} MB, am.max-attempts "
                f"{config.cluster.am_max_attempts}, queue `{config.cluster.default_queue}`",
            )
        )
    return None, "", findings


def _find_relative(wanted: str, sc: SubmitContext) -> PropertiesFile | None:
    """Resolve a properties-file path against the script's folder, then by name."""
    if "${" in wanted:
        return None
    here = PurePosixPath(sc.source.rel).parent
    candidate = str(PurePosixPath(*(here / wanted).parts)) if not wanted.startswith("/") else ""
    if candidate and (found := sc.ctx.find_properties(_normalize(candidate))):
        return found
    name = PurePosixPath(wanted).name
    matches = sorted(p for p in sc.ctx.properties if PurePosixPath(p).name == name)
    return sc.ctx.properties[matches[0]] if len(matches) == 1 else None


def _normalize(rel: str) -> str:
    parts: list[str] = []
    for part in PurePosixPath(rel).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


_ENV_KEYS = ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "HADOOP_USER_NAME")


def _job_env(cmd: ShellCommand, script_vars: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in script_vars.items() if k in _ENV_KEYS}
    env.update(dict(cmd.env))
    return env


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


_DEP_KEYS = (
    ("jar", ("spark.jars",)),
    ("py-file", ("spark.submit.pyFiles",)),
    ("file", ("spark.yarn.dist.files", "spark.files")),
    ("archive", ("spark.yarn.dist.archives", "spark.archives")),
    ("package", ("spark.jars.packages",)),
    ("repository", ("spark.jars.repositories",)),
)


# A `#alias` names a folder in the pods and in the image (Dockerfile lines): plain names only.
_SAFE_ALIAS = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9._+-]*")


def _deps(
    conf: dict[str, str],
    sources: dict[str, SourceLocation],
    loc: SourceLocation,
    findings: list[Finding],
) -> list[Dependency]:
    deps: list[Dependency] = []
    seen: set[tuple[str, str]] = set()
    for kind, keys in _DEP_KEYS:
        for key in keys:
            for item in _split_list(conf.get(key, "")):
                value, _, alias = item.partition("#")
                if alias and not _SAFE_ALIAS.fullmatch(alias):
                    findings.append(make("YK017", sources.get(key, loc), what="alias", value=alias))
                    alias = ""
                if (kind, value) not in seen:
                    seen.add((kind, value))
                    deps.append(Dependency(kind, value, sources.get(key, loc), alias=alias))
    return deps


def _roles(job: MigrationJob) -> dict[str, Role]:
    """Driver and executor sizes from the effective conf; bad values get RS008 and defaults."""
    conf, roles = job.effective_conf, {}
    for name in ("driver", "executor"):
        role = Role(name=name)
        role.cores = _int(job, f"spark.{name}.cores", 1)
        role.memory_mib = _mib(job, f"spark.{name}.memory", 1024)
        key = f"spark.{name}.memoryOverhead"
        key = key if key in conf else f"spark.yarn.{name}.memoryOverhead"
        role.overhead_mib = _mib(job, key, 384) if conf.get(key) else None
        role.java_options = conf.get(f"spark.{name}.extraJavaOptions", "")
        if name == "executor":
            role.instances = _int(job, "spark.executor.instances", 2)
        roles[name] = role
    return roles


def _bad_value(job: MigrationJob, key: str) -> None:
    loc = job.conf_sources.get(key, job.location)
    job.findings.append(make("RS008", loc, key=key, value=job.effective_conf.get(key, "")))


def _int(job: MigrationJob, key: str, default: int) -> int:
    value = job.effective_conf.get(key, str(default))
    try:
        return max(int(value.strip()), 0)
    except ValueError:
        if "${" not in value:  # a placeholder is already reported as such
            _bad_value(job, key)
        return default


def _mib(job: MigrationJob, key: str, default: int) -> int:
    value = job.effective_conf.get(key, "")
    try:
        return parse_memory_mib(value)
    except ValueError:
        if "${" not in value:
            _bad_value(job, key)
        return default


def _submission_findings(job: MigrationJob, sub: Submission, loc: SourceLocation) -> list[Finding]:
    findings = [make("SP010", loc, option=o) for o in sub.unknown]
    master = job.master
    if master in ("yarn-cluster", "yarn-client"):
        findings.append(make("SP003", loc, master=master))
    elif master and not master.startswith("yarn") and "${" not in master:
        findings.append(make("SP001", loc, master=master))
    if job.deploy_mode == "client":
        findings.append(make("SP002", loc))
    if not sub.primary:
        findings.append(make("SP009", loc))
    launcher = _TRAINING.search(" ".join([sub.primary, *(d.value for d in job.deps)]))
    if launcher:
        findings.append(make("SP015", loc, launcher=launcher.group(0)))
    return findings
