"""Score product reviews with UDFs from the textutils package (shipped with --py-files)."""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, StringType

from textutils.scoring import normalize, sentiment


def main(source: str, target: str) -> None:
    spark = SparkSession.builder.appName("score-reviews").getOrCreate()
    normalize_udf = F.udf(normalize, StringType())
    sentiment_udf = F.udf(sentiment, IntegerType())
    reviews = spark.read.json(source)
    scored = (
        reviews.withColumn("clean", normalize_udf("text"))
        .withColumn("score", sentiment_udf("clean"))
        .groupBy("product")
        .agg(
            F.count("*").alias("reviews"),
            F.sum("score").alias("total_score"),
            F.round(F.avg("stars"), 3).alias("avg_stars"),
        )
    )
    scored.write.mode("overwrite").parquet(target)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
