#!/bin/bash
# Daily sales report: a Spark SQL aggregation over the warehouse.
spark-submit --master yarn --deploy-mode cluster \
  --name sales-by-region \
  --num-executors 2 --executor-memory 1g \
  --conf spark.sql.shuffle.partitions=4 \
  sales_by_region.py \
  --input hdfs://nameservice1/warehouse/sales \
  --output hdfs://nameservice1/warehouse/reports/sales_by_region
