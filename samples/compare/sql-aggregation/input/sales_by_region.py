"""Revenue, order count and average basket per region and month (Spark SQL)."""

import argparse

from pyspark.sql import SparkSession


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("sales-by-region").getOrCreate()
    sales = spark.read.option("header", "true").option("inferSchema", "true").csv(args.input)
    sales.createOrReplaceTempView("sales")
    report = spark.sql(
        """
        SELECT region,
               substr(order_date, 1, 7)          AS month,
               count(*)                          AS orders,
               round(sum(quantity * price), 2)   AS revenue,
               round(avg(quantity * price), 2)   AS avg_basket
        FROM sales
        WHERE status = 'COMPLETE'
        GROUP BY region, substr(order_date, 1, 7)
        """
    )
    report.write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
