#!/bin/bash
# TF Serving fleet on the edge nodes.
tensorflow_model_server --port=8500 --rest_api_port=8501 \
  --model_config_file=models.config &

tensorflow_model_server --port=9500 --rest_api_port=9501 \
  --model_name=ranker --model_base_path=hdfs://archive-nn/models/ranker
