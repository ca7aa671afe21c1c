import lightgbm
import pandas
