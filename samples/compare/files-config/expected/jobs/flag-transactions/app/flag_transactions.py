"""Flag suspicious transactions with thresholds read from a config file passed with --files."""

import argparse
import configparser
import os

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def read_rules(name: str) -> configparser.SectionProxy:
    """The [rules] section; --files puts the file in SparkFiles (and the YARN container cwd)."""
    parser = configparser.ConfigParser()
    for candidate in (SparkFiles.get(name), name):
        if os.path.exists(candidate):
            parser.read(candidate)
            return parser["rules"]
    raise FileNotFoundError(name)


def main() -> None:
    cli = argparse.ArgumentParser()
    cli.add_argument("--config", required=True)
    cli.add_argument("--transactions", required=True)
    cli.add_argument("--flagged", required=True)
    args = cli.parse_args()

    spark = SparkSession.builder.appName("flag-transactions").getOrCreate()
    rules = read_rules(args.config)
    countries = [c.strip() for c in rules["watch_countries"].split(",")]
    txns = spark.read.option("header", "true").option("inferSchema", "true").csv(args.transactions)
    flagged = txns.where(
        (F.col("amount") > float(rules["max_amount"])) | F.col("country").isin(countries)
    ).withColumn("reason", F.when(F.col("amount") > float(rules["max_amount"]), "amount").otherwise("country"))
    flagged.write.mode("overwrite").json(args.flagged)
    spark.stop()


if __name__ == "__main__":
    main()
