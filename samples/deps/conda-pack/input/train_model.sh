#!/bin/bash
# Nightly churn model: the team ships its own conda environment.
PYSPARK_PYTHON=./environment/bin/python spark-submit \
  --master yarn --deploy-mode cluster \
  --archives envs/churn_env.tar.gz#environment \
  --executor-memory 4g \
  train_churn.py --model-dir s3a://models/churn
