#!/bin/bash
# Nightly ML jobs on the YARN cluster.
spark-submit --master yarn --deploy-mode cluster --name hvd-spark-mnist \
  --num-executors 4 --executor-cores 2 --executor-memory 8g \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.executorEnv.NCCL_DEBUG=INFO \
  train_hvd_spark.py

spark-submit --master yarn --deploy-mode cluster --name tfos-mnist \
  --num-executors 3 --executor-memory 4g \
  --py-files tfspark.zip \
  tfos_mnist.py --cluster_size 3

spark-submit --master yarn --deploy-mode cluster --name churn-scoring \
  --num-executors 10 --executor-memory 4g \
  score_churn.py hdfs://nn/models/churn-pipeline
