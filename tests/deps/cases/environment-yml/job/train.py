import numpy
import torch
import mlflow
