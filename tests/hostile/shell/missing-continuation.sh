#!/bin/bash
spark-submit --master yarn --deploy-mode cluster
  --num-executors 8 \
  --executor-memory 4g \
  job.py
