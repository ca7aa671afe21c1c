#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  --conf spark.yarn.dist.archives=venv.tar.gz#venv \
  --conf spark.yarn.appMasterEnv.PYSPARK_PYTHON=./venv/bin/python \
  sync.py
