"""Stand-in for apache/submarine:dev-support/mini-submarine/spark-script/pyspark-yarn.py (commit 4e086e869e51).

The import statements are the upstream file's, in its order; the body is omitted.
"""

from pyspark import SparkConf, SparkContext


pass
