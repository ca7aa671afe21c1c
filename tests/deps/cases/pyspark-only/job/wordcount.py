from pyspark.sql import SparkSession
from py4j.java_gateway import java_import
