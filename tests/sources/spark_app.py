"""A real PySpark application for the History Server tests (run by conftest.py).

One SparkSession, several jobs (an aggregation, a cached DataFrame, Python workers), two
executors in local-cluster mode under dynamic allocation, with the executor metrics the
History Server needs for right-sizing (stage-level peaks, process-tree RSS).
Usage: python spark_app.py EVENT_LOG_DIR_URI
"""

from __future__ import annotations

import sys
import time

from pyspark.sql import SparkSession

APP_NAME = "daily-etl"


def main(log_dir: str) -> None:
    spark = (
        SparkSession.builder.master("local-cluster[2,1,2048]")
        .appName(APP_NAME)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", log_dir)
        .config("spark.eventLog.logStageExecutorMetrics", "true")
        .config("spark.executor.processTreeMetrics.enabled", "true")
        .config("spark.executor.metrics.pollingInterval", "100ms")
        .config("spark.executor.heartbeatInterval", "500ms")
        .config("spark.executor.memory", "2g")
        .config("spark.executor.cores", "1")
        .config("spark.dynamicAllocation.enabled", "true")
        .config("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        .config("spark.dynamicAllocation.maxExecutors", "8")
        .config("spark.yarn.tags", "team-ml")
        .getOrCreate()
    )
    try:
        rows = spark.range(0, 1_000_000, numPartitions=4).selectExpr(
            "id % 100000 AS k", "id AS v", "repeat('x', 50) AS s"
        )
        assert rows.groupBy("k").agg({"v": "sum", "s": "max"}).count() == 100_000
        assert rows.cache().count() == 1_000_000

        def slow_count(part: object) -> list[int]:
            time.sleep(1)  # long enough for a few executor heartbeats with metrics
            return [sum(1 for _ in part)]  # type: ignore[attr-defined]

        assert sum(rows.rdd.mapPartitions(slow_count).collect()) == 1_000_000
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
