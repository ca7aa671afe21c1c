"""Stand-in for focegueda1998/CALM-ViT-DTE:CALM-ViT/distributed_trainer_reg.py (commit 04fa884ff232).

The import statements are the upstream file's, in its order; the body is omitted.
"""

import os
from time import time, sleep
import torch
import random
import matplotlib.pyplot as plt
import numpy as np
import pyspark
import CALM_ViT_V2 as rvh
import gc
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from PIL import Image
from pyspark import SparkContext
from pyspark.sql import SparkSession
from pyspark.ml.torch.distributor import TorchDistributor
from torchvision.datasets import ImageNet
from subprocess import call
import torchvision
import torchvision.transforms.v2 as transforms
from torchvision.transforms.functional import InterpolationMode
import sys



def train():
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel as DDP
    from torch.utils.data import DataLoader, DistributedSampler, default_collate
    from torch.amp import autocast, GradScaler
