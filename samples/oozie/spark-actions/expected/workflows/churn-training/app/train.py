"""Churn model training (PySpark)."""
import argparse

from pyspark.sql import SparkSession


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--date", required=True)
    parser.add_argument("--model-root", required=True)
    args = parser.parse_args()
    spark = SparkSession.builder.appName("churn-train").getOrCreate()
    features = spark.read.parquet(f"/data/churn/features/{args.date}")
    features.groupBy("label").count().show()
    spark.stop()


if __name__ == "__main__":
    main()
