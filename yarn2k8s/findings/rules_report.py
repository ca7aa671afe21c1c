"""Catalogue entries: RP right-sizing from history and live-cluster comparisons."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    # --- RP: right-sizing and live sources -------------------------------------------------
    _R(
        "RP001",
        "rightsize.memory_advice",
        "info",
        "{role}: peak heap {peak} MiB of {heap} MiB over {runs} run(s); a {proposed} MiB heap "
        "(pod {pod} MiB instead of {old_pod} MiB) would do",
        "Advice only: apply it with `yarn2k8s convert --right-size` once the history covers "
        "the job's busiest runs.",
    ),
    _R(
        "RP002",
        "rightsize.applied",
        "warning",
        "right-sized from {runs} run(s) of history: {change}",
        "Check the job on its largest input before relying on it; rerun without `--right-size` "
        "to go back to the YARN sizes.",
    ),
    _R(
        "RP003",
        "rightsize.executor_advice",
        "info",
        "history shows at most {used} executor(s) at once over {runs} run(s) ({setting} {n}); "
        "{proposed} would do",
        "Advice only: apply it with `yarn2k8s convert --right-size`.",
    ),
    _R(
        "RP004",
        "rightsize.near_limit",
        "warning",
        "{role}: peak heap {peak} MiB is {percent}% of the {heap} MiB heap; not lowered",
        "The job runs close to its limit: watch for spills and OOM kills, and raise the heap "
        "if tasks fail.",
    ),
    _R(
        "RP005",
        "rightsize.no_metrics",
        "info",
        "{runs} run(s) in the Spark History Server but no peak-memory metrics; memory not "
        "right-sized",
        "Set `spark.eventLog.logStageExecutorMetrics=true` on the cluster so the History Server "
        "records peak heap and execution memory.",
    ),
    _R(
        "RP006",
        "live.conf_drift",
        "warning",
        "the cluster ran this job with `{key}={live}` but the inputs give `{static}`",
        "The gateway or cluster sets it (spark-defaults.conf, a wrapper script): add it to "
        "`cluster.spark_defaults` or the job's submission so the converted job keeps it.",
    ),
    _R(
        "RP007",
        "live.queue_drift",
        "info",
        "the ResourceManager ran this job in queue `{live}`; the inputs give `{static}`",
        "Map the queue the job really used (`queues:` in the config).",
    ),
)
