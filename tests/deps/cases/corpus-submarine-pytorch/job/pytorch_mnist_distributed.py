"""Stand-in for apache/submarine:dev-support/mini-submarine/submarine/pytorch_mnist_distributed.py (commit 4e086e869e51).

The import statements are the upstream file's, in its order; the body is omitted.
"""

from __future__ import division, print_function

import argparse
import os

import torch
import torch.nn.functional as F
from torch import distributed, nn
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler
from torchvision import datasets, transforms


pass
