#!/bin/bash
spark2-submit --master yarn-cluster \
  --packages org.apache.spark:spark-avro_2.11:2.4.4 \
  --jars hdfs:///libs/geo-udfs_2.11-1.2.0.jar \
  --conf spark.sql.execution.arrow.enabled=true \
  arrow_job.py
