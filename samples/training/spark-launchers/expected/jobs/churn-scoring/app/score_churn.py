"""Nightly batch scoring with a saved Spark ML pipeline."""
import sys

from pyspark.ml import PipelineModel
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
model = PipelineModel.load("hdfs://nn/models/churn-pipeline")
scored = model.transform(spark.read.parquet("hdfs://nn/warehouse/customers"))
scored.write.mode("overwrite").parquet(sys.argv[1] + "/scores")
