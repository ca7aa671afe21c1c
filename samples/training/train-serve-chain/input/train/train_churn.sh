#!/bin/bash
# Trains the churn model on TonY and exports a SavedModel for TF Serving.
set -euo pipefail
TONY_JAR=/opt/tony/tony-cli-0.4.7-all.jar

hadoop jar "${TONY_JAR}" com.linkedin.tony.cli.ClusterSubmitter \
  --executes train_churn.py \
  --task_params "--features hdfs://nn/data/churn/features --model_dir hdfs://nn/models/churn --epochs 10" \
  --conf_file tony.xml \
  --conf tony.application.name=churn-train
