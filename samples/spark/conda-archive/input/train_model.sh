#!/bin/bash
export PYSPARK_DRIVER_PYTHON=python
PYSPARK_PYTHON=./environment/bin/python spark-submit \
  --master yarn \
  --deploy-mode cluster \
  --archives envs/churn_env.tar.gz#environment \
  --conf spark.executor.memoryOverhead=1g \
  --executor-memory 6g \
  train_churn.py --model-dir hdfs:///models/churn
