"""Stand-in for NVIDIA/spark-rapids-ml:python/tests_no_import_change/test_no_import_change.py (commit 80339ca890b2).

The import statements are the upstream file's, in its order; the body is omitted.
"""

import sys
import tempfile

from pyspark.ml.classification import LogisticRegression, LogisticRegressionModel
from pyspark.ml.functions import array_to_vector
from pyspark.ml.tuning import CrossValidator
from pyspark.sql import SparkSession
from pyspark.sql.functions import col


from spark_rapids_ml.classification import (
    LogisticRegressionModel as RapidsLogisticRegressionModel,
)
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.linalg import Vectors
