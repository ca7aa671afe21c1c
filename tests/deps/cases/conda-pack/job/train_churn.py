import pandas as pd
from sklearn.ensemble import RandomForestClassifier
