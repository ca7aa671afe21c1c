#!/usr/bin/env bash
APP_HOME=${APP_HOME:-/opt/apps/daily}
EXEC_MEM=5g
export HADOOP_USER_NAME=etl
SPARK_CONFS=(
  --conf "spark.sql.shuffle.partitions=200"
  --conf spark.speculation=true
)
RUN_DATE="${RUN_DATE:-2024-01-31}"
spark-submit \
  --master yarn --deploy-mode cluster \
  --executor-memory "$EXEC_MEM" \
  "${SPARK_CONFS[@]}" \
  --py-files "${APP_HOME}/deps.zip" \
  "${APP_HOME}/daily_agg.py" --date "$RUN_DATE"
