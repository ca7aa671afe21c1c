"""Hourly click aggregation."""
import argparse

from pyspark.sql import SparkSession, functions as F


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--tag", required=True)
    args = parser.parse_args()
    spark = SparkSession.builder.getOrCreate()
    clicks = spark.read.json(args.inputs.split(","))
    clicks.groupBy("page").agg(F.count("*").alias("n")).withColumn("hour", F.lit(args.tag)) \
        .write.mode("overwrite").parquet(args.output)


if __name__ == "__main__":
    main()
