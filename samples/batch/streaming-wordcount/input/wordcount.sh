#!/bin/bash
# Nightly word count over the raw click logs, with Python mapper and reducer.
set -euo pipefail
STREAMING_JAR=/usr/hdp/current/hadoop-mapreduce-client/hadoop-streaming.jar
IN=hdfs://nameservice1/data/raw/clicks/2024-01-01
OUT=hdfs://nameservice1/data/derived/wordcount/2024-01-01

hdfs dfs -rm -r -f -skipTrash "${OUT}"
hadoop jar "${STREAMING_JAR}" \
  -D mapreduce.job.name=clicks-wordcount \
  -D mapreduce.job.queuename=etl \
  -D mapreduce.map.memory.mb=2048 \
  -D mapreduce.reduce.memory.mb=3072 \
  -files mapper.py,reducer.py \
  -input "${IN}" \
  -output "${OUT}" \
  -mapper "python3 mapper.py" \
  -combiner "python3 reducer.py" \
  -reducer "python3 reducer.py" \
  -numReduceTasks 4 \
  -cmdenv LC_ALL=C.UTF-8
