"""MapReduce job configuration dumps (`job_<id>_conf.xml`, `job.xml`) -> one MapReduce job.

A dump records what ran: name, queue, user, mapper/reducer classes, formats, task sizes,
input and output. It does not record the driver or its arguments: the driver class is guessed
from the mapper class and the arguments stay placeholders, with a finding saying so. Streaming
jobs keep their (URL-encoded) mapper and reducer commands.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote_plus

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.hadoop_options import LEGACY_KEYS
from yarn2k8s.analyzers.hadoop_xml import HadoopConf, looks_like_configuration, read_conf
from yarn2k8s.analyzers.mapreduce_model import apply_conf
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, Placeholder

_JOB_KEYS = (
    "mapreduce.job.map.class",
    "mapred.mapper.class",
    "stream.map.streamprocessor",
    "mapreduce.job.jar",
    "mapred.jar",
)
_NAME = re.compile(r"^job_\d+_\d+_conf\.xml$|^job\.xml$")
_DEFAULT_SOURCES = re.compile(r"-default\.xml$")
# Keys that describe the cluster or the run, not the job: never carried over.
_RUN_KEYS = re.compile(
    r"^(?:yarn\.|dfs\.|fs\.|hadoop\.|io\.|ipc\.|net\.|nfs\.|ha\.|file\.|s3|ftp\.|tfile\."
    r"|mapreduce\.(?:jobhistory|jobtracker|tasktracker|cluster|client|shuffle)\."
    r"|mapreduce\.job\.(?:application\.attempt\.id|user\.name|submithostname|submithostaddress"
    r"|dir|split\.|jar|working\.dir|credentials|token|end-notification)"
    r"|mapreduce\.input\.fileinputformat\.numinputfiles)"
)
_EXAMPLES_PACKAGE = "org.apache.hadoop.examples."
# Driver classes of the examples jar and the program names ExampleDriver runs them by.
EXAMPLE_CLASSES = {
    "QuasiMonteCarlo": "pi", "WordCount": "wordcount", "terasort.TeraGen": "teragen",
    "terasort.TeraSort": "terasort", "terasort.TeraValidate": "teravalidate", "Grep": "grep",
    "RandomWriter": "randomwriter", "RandomTextWriter": "randomtextwriter", "Sort": "sort",
    "Join": "join", "SecondarySort": "secondarysort", "MultiFileWordCount": "multifilewc",
    "AggregateWordCount": "aggregatewordcount", "AggregateWordHistogram": "aggregatewordhist",
    "WordMean": "wordmean", "WordMedian": "wordmedian",
    "WordStandardDeviation": "wordstandarddeviation", "BaileyBorweinPlouffe": "bbp",
    "DBCountPageView": "dbcount", "dancing.DistributedPentomino": "pentomino",
    "dancing.Sudoku": "sudoku",
}  # fmt: skip


def is_job_conf(source: InputFile) -> bool:
    """A job conf dump: by name, or a configuration naming a job's mapper, streaming or jar."""
    if not looks_like_configuration(source.text):
        return False
    conf = read_conf(source.text)
    if conf.error:
        return bool(_NAME.match(source.name))
    return (
        any(k in conf.values for k in _JOB_KEYS) and "oozie.wf.application.path" not in conf.values
    )


def job_keys(conf: HadoopConf) -> dict[str, str]:
    """The settings the job itself made (not defaults, not cluster or run facts)."""
    out: dict[str, str] = {}
    for key, value in conf.values.items():
        sources = conf.sources.get(key, ())
        from_defaults = (
            bool(sources)
            and all(_DEFAULT_SOURCES.search(s) or s == "job.xml" for s in sources)
            and any(_DEFAULT_SOURCES.search(s) for s in sources)
        )
        if not from_defaults and not _RUN_KEYS.match(key):
            out[LEGACY_KEYS.get(key, key)] = value.strip()
    return out


class MapReduceConfAnalyzer:
    """Reads job configuration dumps from the JobHistory server or a job's staging dir."""

    name = "mapreduce-conf"

    def detect(self, source: InputFile) -> bool:
        """Configuration XML naming a job's classes, streaming commands or jar."""
        return is_job_conf(source)

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One job per dump."""
        conf = read_conf(source.text)
        if conf.error:
            return AnalysisResult(
                findings=[make("YK009", source.at(conf.error_line), detail=conf.error)]
            )
        streaming = "stream.map.streamprocessor" in conf.values
        job = MigrationJob("streaming" if streaming else "mapreduce", "", source.at())
        job.language = "java"
        apply_conf(job, job_keys(conf), ctx.config)
        if streaming:
            _streaming(job, conf)
        else:
            _driver(job, conf)
        job.findings.append(make("MR011", source.at(), main=job.main_class or "the driver"))
        return AnalysisResult(jobs=[job], outcome="converted")


def _driver(job: MigrationJob, conf: HadoopConf) -> None:
    mapper = conf.get("mapreduce.job.map.class") or conf.get("mapred.mapper.class")
    job.main_class = mapper.split("$", 1)[0] if "$" in mapper else ""
    jar = conf.get("mapreduce.job.jar") or conf.get("mapred.jar")
    program = EXAMPLE_CLASSES.get(job.main_class.removeprefix(_EXAMPLES_PACKAGE), "")
    if job.main_class.startswith(_EXAMPLES_PACKAGE) and program:
        job.extra["tool"] = "examples"
        job.main_file = "hadoop-mapreduce-examples.jar"
        job.main_class = program  # ExampleDriver runs programs by name, not by class
    else:
        job.extra["tool"] = "jar"
        job.main_file = PurePosixPath(jar).name if jar else "job.jar"
        job.findings.append(make("MR002", job.location, main=job.main_class or "the driver"))
    job.extra["dump_driver"] = True
    job.arguments = ["${ARGS}"]
    job.extra["arg_roles"] = ["data"]
    job.placeholders = [Placeholder("ARGS", job.location)]


def _streaming(job: MigrationJob, conf: HadoopConf) -> None:
    inputs = conf.get("mapreduce.input.fileinputformat.inputdir") or conf.get("mapred.input.dir")
    output = conf.get("mapreduce.output.fileoutputformat.outputdir") or conf.get(
        "mapred.output.dir"
    )
    reducer = unquote_plus(conf.get("stream.reduce.streamprocessor"))
    job.main_file = "hadoop-streaming.jar"
    job.extra["tool"] = "streaming"
    job.extra["streaming"] = {
        "mapper": unquote_plus(conf.get("stream.map.streamprocessor")),
        "reducer": "" if reducer.upper() == "NONE" else reducer,
        "combiner": unquote_plus(conf.get("stream.combine.streamprocessor")),
        "inputs": [i for i in inputs.split(",") if i],
        "output": output,
        "cmdenv": {},
        "custom": [],
    }
    args = ["-D", f"mapreduce.job.reduces={job.roles['reduce'].instances}"]
    for option, value in (("-input", inputs), ("-output", output)):
        args += [option, value] if value else []
    for option in ("mapper", "combiner", "reducer"):
        if job.extra["streaming"][option]:
            args += [f"-{option}", job.extra["streaming"][option]]
    job.arguments = args
    job.extra["arg_roles"] = ["data", "conf"] + ["data"] * (len(args) - 2)
