#!/bin/bash
spark-submit --master yarn-cluster \
  --conf spark.yarn.executor.memoryOverhead=2048 \
  --conf spark.yarn.driver.memoryOverhead=1024 \
  --conf spark.yarn.am.memory=2g \
  --conf spark.yarn.maxAppAttempts=4 \
  --conf spark.yarn.submit.waitAppCompletion=false \
  --conf spark.yarn.tags=finance,daily \
  --conf spark.yarn.appMasterEnv.ENVIRONMENT=prod \
  --conf spark.executorEnv.ENVIRONMENT=prod \
  --executor-memory 4g \
  --class com.example.Legacy legacy-assembly-1.0.jar
