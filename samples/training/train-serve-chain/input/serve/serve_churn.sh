#!/bin/bash
# TF Serving for the churn model on the edge nodes.
tensorflow_model_server --port=8500 --rest_api_port=8501 \
  --model_name=churn --model_base_path=hdfs://nn/models/churn
