import importlib
import sys
from typing import TYPE_CHECKING

import pandas as pd

try:
    import ujson as json
except ImportError:
    import json

if sys.version_info < (3,):
    import urllib2
else:
    import urllib.request

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

if TYPE_CHECKING:
    import mypy_boto3_s3

model_lib = importlib.import_module("xgboost")
booster = __import__("lightgbm")
