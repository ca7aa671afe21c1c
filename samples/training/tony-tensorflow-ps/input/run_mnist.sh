#!/bin/bash
# Distributed MNIST on TonY: 1 parameter server, 3 GPU workers.
set -euo pipefail
TONY_JAR=/opt/tony/tony-cli-0.4.7-all.jar

hadoop jar "${TONY_JAR}" com.linkedin.tony.cli.ClusterSubmitter \
  --src_dir src \
  --executes mnist_distributed.py \
  --task_params "--data_dir hdfs://nn/data/mnist --train_dir hdfs://nn/models/mnist --steps 20000" \
  --python_venv tf-venv.zip \
  --python_binary_path venv/bin/python3.6 \
  --conf_file tony.xml \
  --conf tony.application.name=mnist-ps \
  --shell_env LOG_LEVEL=INFO
