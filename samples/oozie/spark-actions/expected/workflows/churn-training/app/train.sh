#!/bin/bash
# Trains the churn model for one day of features.
set -euo pipefail
RUN_DATE="$1"
MODEL_ROOT="$2"
echo "training for ${RUN_DATE}"
spark-submit \
  --master yarn \
  --deploy-mode cluster \
  --name churn-train \
  --driver-memory 4g \
  --executor-memory 8g \
  --executor-cores 4 \
  --num-executors 10 \
  --conf spark.dynamicAllocation.enabled=false \
  --py-files train.py \
  train.py --date "$RUN_DATE" --model-root "$MODEL_ROOT"
