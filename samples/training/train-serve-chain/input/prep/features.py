"""Per-customer churn features from the raw event log."""

import argparse

from pyspark.sql import SparkSession, functions as F

parser = argparse.ArgumentParser()
parser.add_argument("--input", required=True)
parser.add_argument("--output", required=True)
args = parser.parse_args()

spark = SparkSession.builder.appName("churn-features").getOrCreate()
events = spark.read.parquet(args.input)
features = events.groupBy("customer_id").agg(
    F.count("*").alias("events"),
    F.countDistinct("session_id").alias("sessions"),
    F.max("ts").alias("last_seen"),
)
features.write.mode("overwrite").parquet(args.output)
