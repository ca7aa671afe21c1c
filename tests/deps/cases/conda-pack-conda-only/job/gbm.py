import torch
import xgboost
