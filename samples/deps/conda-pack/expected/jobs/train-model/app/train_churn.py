import argparse

import pandas as pd
import requests
from sklearn.ensemble import RandomForestClassifier
