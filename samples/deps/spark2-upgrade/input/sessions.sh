#!/bin/bash
spark2-submit --master yarn-cluster \
  --class com.example.Sessions \
  --packages org.apache.spark:spark-avro_2.11:2.4.4 \
  --jars hdfs:///libs/geo-udfs_2.11-1.2.0.jar,lib/common_2.11-3.0.1.jar \
  --conf spark.sql.execution.arrow.enabled=true \
  --conf spark.blacklist.enabled=true \
  --conf spark.storage.memoryFraction=0.4 \
  sessions_2.11-2.4.4.jar
