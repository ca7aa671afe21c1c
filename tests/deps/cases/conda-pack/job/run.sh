#!/bin/bash
PYSPARK_PYTHON=./environment/bin/python spark-submit --master yarn --deploy-mode cluster \
  --archives envs/churn_env.tar.gz#environment \
  train_churn.py
