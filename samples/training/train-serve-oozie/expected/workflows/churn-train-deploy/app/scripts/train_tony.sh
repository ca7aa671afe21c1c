#!/bin/bash
# Trains the churn model on TonY; the SavedModel goes under the model dir.
set -euo pipefail
java -cp "tony-cli-0.4.7-all.jar:$(hadoop classpath)" com.linkedin.tony.cli.ClusterSubmitter \
  --executes train_churn.py \
  --task_params "--model_dir hdfs://nn/models/churn" \
  --conf_file tony.xml \
  --conf tony.application.name=churn-train
