"""Distributed XGBoost with Rabit (tracker started by the XLearning AM)."""
import sys

import xgboost as xgb

print(xgb.__version__, sys.argv[1])
