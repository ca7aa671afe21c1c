#!/bin/bash
spark-submit --master yarn --conf spark.archives=hdfs:///x.tgz,gbm_env.tgz#env \
  --conf spark.pyspark.python=./env/bin/python gbm.py
