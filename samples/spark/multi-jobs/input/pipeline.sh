#!/bin/bash
set -e
COMMON="--master yarn --deploy-mode cluster"
spark-submit $COMMON --name churn prep.py --stage prep && \
spark-submit $COMMON --name churn --executor-memory 8g train.py --stage train
if [ "$SCORE" != "no" ]; then
  spark-submit $COMMON score.py --stage score
fi
