#!/bin/bash
# Nightly feature build for the churn model.
spark-submit --master yarn --deploy-mode cluster \
  --name churn-features \
  --driver-memory 2g --executor-memory 4g --executor-cores 2 --num-executors 4 \
  features.py --input hdfs://nn/data/raw/events --output hdfs://nn/data/churn/features
