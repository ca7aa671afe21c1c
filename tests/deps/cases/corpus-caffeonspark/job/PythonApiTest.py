"""Stand-in for yahoo/CaffeOnSpark:caffe-grid/src/test/python/PythonApiTest.py (commit 06ee9d8048fb).

The import statements are the upstream file's, in its order; the body is omitted.
"""

from com.yahoo.ml.caffe.CaffeOnSpark import CaffeOnSpark
from com.yahoo.ml.caffe.Config import Config
from com.yahoo.ml.caffe.DataSource import DataSource
from pyspark.sql import DataFrame
from pyspark.mllib.linalg import Vectors
from pyspark.sql import Row
from pyspark import SparkConf,SparkContext
from itertools import izip_longest
from pyspark.sql import SQLContext
import unittest
import os.path


pass
