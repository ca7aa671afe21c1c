import pandas as pd
import pyarrow as pa
from pyspark.sql.functions import pandas_udf
