#!/usr/bin/env bash
set -euo pipefail
$SPARK_HOME/bin/spark-submit \
  --class com.example.clicks.Sessionize \
  --master yarn \
  --deploy-mode cluster \
  --queue root.analytics.daily \
  --driver-memory 4g \
  --executor-memory 8g \
  --executor-cores 4 \
  --num-executors 10 \
  --conf spark.sql.shuffle.partitions=400 \
  --conf "spark.executor.extraJavaOptions=-XX:+UseG1GC -XX:MaxGCPauseMillis=200" \
  --jars lib/clicks-common_2.12-1.4.0.jar \
  target/scala-2.12/clicks-sessionize_2.12-2.3.1.jar \
  --input hdfs://nameservice1/data/clicks/raw --output hdfs://nameservice1/data/clicks/sessions
