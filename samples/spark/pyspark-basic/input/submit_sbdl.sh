#!/bin/bash
# Nightly SBDL load (cluster mode).
spark-submit --master yarn --deploy-mode cluster \
  --name sbdl-load \
  --py-files lib/sbdl_lib.zip \
  --files conf/sbdl.conf,log4j.properties \
  --driver-memory 2g --executor-memory 4g --executor-cores 2 --num-executors 4 \
  sbdl_main.py qa 2022-08-02
