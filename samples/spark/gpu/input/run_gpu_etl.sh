#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.task.resource.gpu.amount=0.25 \
  --conf spark.yarn.executor.resource.yarn.io/gpu.amount=1 \
  --conf spark.yarn.executor.nodeLabelExpression=gpu \
  --conf spark.plugins=com.nvidia.spark.SQLPlugin \
  --conf spark.rapids.sql.enabled=true \
  --jars rapids-4-spark_2.12-24.08.1.jar \
  --executor-memory 16g --executor-cores 4 --num-executors 2 \
  gpu_etl.py
