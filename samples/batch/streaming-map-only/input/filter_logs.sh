#!/bin/bash
# Map-only filter: keep ERROR lines of the application logs.
hadoop jar /opt/cloudera/parcels/CDH/lib/hadoop-mapreduce/hadoop-streaming.jar \
  -D mapreduce.job.maps=3 \
  -D mapreduce.job.queuename=root.ops \
  -input /logs/app/2024/01/01 \
  -input /logs/app/2024/01/02 \
  -output /logs/errors/2024-01 \
  -mapper "grep ERROR" \
  -numReduceTasks 0
