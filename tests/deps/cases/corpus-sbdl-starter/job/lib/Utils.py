"""Stand-in for LearningJournal/Spark-Programming-In-Python:SBDL - Starter/lib/Utils.py (commit c42be849d340).

The import statements are the upstream file's, in its order; the body is omitted.
"""

from pyspark.sql import SparkSession


pass
