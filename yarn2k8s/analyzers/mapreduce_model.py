"""A MapReduce job's configuration, resources and files, from its `-D` options or a conf dump.

The effective configuration layers the command's settings over MapReduce's built-in defaults
(two maps, one reduce, 1024 MiB and one vcore per task, two AM attempts), so job.json shows
what YARN actually ran.
"""

from __future__ import annotations

from yarn2k8s.analyzers.batch_common import int_value, mib_value
from yarn2k8s.analyzers.hadoop_options import ParsedOptions
from yarn2k8s.config import Config
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, MigrationJob, Role

_DEP_OPTIONS = (("-files", "file"), ("-libjars", "jar"), ("-archives", "archive"))
# Settings whose behaviour needs a person when the job is rewritten (mapping.md section 5).
_MANUAL_KEYS = {
    "mapreduce.job.partitioner.class": "a custom partitioner",
    "mapred.partitioner.class": "a custom partitioner",
    "hadoop.pipes.executable": "Hadoop Pipes",
    "mapreduce.pipes.executable": "Hadoop Pipes",
    "mapreduce.multipleoutputs": "MultipleOutputs",
    "hbase.mapreduce.inputtable": "HBase table input",
    "hbase.mapred.tablename": "HBase table input",
}


def mr_defaults(config: Config) -> dict[str, str]:
    """MapReduce's built-in defaults for the keys the conversion reads."""
    return {
        "mapreduce.job.maps": "2",
        "mapreduce.job.reduces": "1",
        "mapreduce.map.memory.mb": "1024",
        "mapreduce.reduce.memory.mb": "1024",
        "mapreduce.map.cpu.vcores": "1",
        "mapreduce.reduce.cpu.vcores": "1",
        "mapreduce.am.max-attempts": str(config.cluster.am_max_attempts),
        "mapreduce.job.queuename": config.cluster.default_queue,
    }


def _task_role(conf: dict[str, str], name: str, count_key: str, default_count: int) -> Role:
    memory = mib_value(conf.get(f"mapreduce.{name}.memory.mb"), 1024)
    return Role(
        name=name,
        instances=int_value(conf.get(count_key), default_count),
        cores=max(int_value(conf.get(f"mapreduce.{name}.cpu.vcores"), 1), 1),
        # Hadoop 3 reads -1 as "derive from the heap"; 1024 MiB is what that yields by default.
        memory_mib=memory if memory > 0 else 1024,
        java_options=conf.get(f"mapreduce.{name}.java.opts", ""),
    )


def apply_conf(job: MigrationJob, conf: dict[str, str], config: Config) -> None:
    """Effective configuration, name, queue and task roles from explicit settings."""
    job.effective_conf = {**mr_defaults(config), **conf}
    job.conf_sources = dict.fromkeys(conf, job.location)
    job.extra["hadoop_conf"] = dict(conf)
    job.source_name = conf.get("mapreduce.job.name", "")
    job.queue = conf.get("mapreduce.job.queuename", "")
    eff = job.effective_conf
    job.roles = {
        "map": _task_role(eff, "map", "mapreduce.job.maps", 2),
        "reduce": _task_role(eff, "reduce", "mapreduce.job.reduces", 1),
    }
    for key, feature in sorted(_MANUAL_KEYS.items()):
        if key in conf:
            job.findings.append(make("MR010", job.location, feature=feature, key=key))


def generic_deps(job: MigrationJob, parsed: ParsedOptions) -> None:
    """Files, jars and archives shipped with -files/-libjars/-archives (and -conf files)."""
    for option, kind in _DEP_OPTIONS:
        for value in parsed.all(option):
            for item in (v.strip() for v in value.split(",")):
                if item:
                    path, _, alias = item.partition("#")
                    job.deps.append(Dependency(kind, path, job.location, alias=alias))
    for value in parsed.all("-conf"):
        job.deps.append(Dependency("file", value, job.location))


def fill_mapreduce(job: MigrationJob, parsed: ParsedOptions, config: Config) -> None:
    """A Java driver, an examples program or a tests program."""
    apply_conf(job, parsed.conf(), config)
    generic_deps(job, parsed)
    tool, loc = job.extra.get("tool", "jar"), job.location
    if tool == "jar":
        main = job.main_class or f"the Main-Class of {job.main_file}"
        job.findings.append(make("MR002", loc, main=main))
    elif not job.main_class:
        job.findings.append(make("MR007", loc))
    else:
        job.extra["program"] = job.main_class
        # The examples and tests programs name their YARN application after themselves.
        job.source_name = job.source_name or job.main_class


def fill_streaming(job: MigrationJob, parsed: ParsedOptions, config: Config) -> None:
    """A hadoop-streaming job: its mapper, reducer, inputs, output and environment."""
    conf = parsed.conf()
    if parsed.last("-numReduceTasks"):
        conf["mapreduce.job.reduces"] = parsed.last("-numReduceTasks")
    reducer = parsed.last("-reducer")
    if reducer.upper() == "NONE":
        conf["mapreduce.job.reduces"] = "0"
    apply_conf(job, conf, config)
    generic_deps(job, parsed)
    job.deps += [Dependency("file", f, job.location) for f in parsed.all("-file")]
    cmdenv = dict(v.partition("=")[::2] for v in parsed.all("-cmdenv"))
    job.extra["streaming"] = {
        "mapper": parsed.last("-mapper"),
        "reducer": "" if reducer.upper() == "NONE" else reducer,
        "combiner": parsed.last("-combiner"),
        "inputs": [i for v in parsed.all("-input") for i in v.split(",") if i],
        "output": parsed.last("-output"),
        "cmdenv": cmdenv,
        "custom": [o for o in ("-inputformat", "-outputformat", "-partitioner") if parsed.last(o)],
    }
    stream = job.extra["streaming"]
    if not (stream["mapper"] and stream["inputs"] and stream["output"]):
        job.findings.append(make("MR008", job.location))
    elif job.roles["reduce"].instances > 0:
        job.findings.append(make("MR003", job.location))
