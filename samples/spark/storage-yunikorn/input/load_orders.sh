#!/bin/bash
spark-submit --master yarn --deploy-mode cluster --queue etl \
  --conf spark.sql.warehouse.dir=hdfs://nameservice1/warehouse \
  --conf spark.eventLog.dir=hdfs://nameservice1/spark-logs \
  --py-files hdfs://nameservice1/apps/orders/orders_lib.zip \
  hdfs://nameservice1/apps/orders/load_orders.py \
  --in /warehouse/raw/orders --out=hdfs:///warehouse/curated/orders --tmp /tmp/orders
