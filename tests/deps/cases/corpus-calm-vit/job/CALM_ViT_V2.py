"""Stand-in for focegueda1998/CALM-ViT-DTE:CALM-ViT/CALM_ViT_V2.py (commit 04fa884ff232).

The import statements are the upstream file's, in its order; the body is omitted.
"""

import torch
import torchvision.transforms.v2 as transforms
import Vi_Tools_CNN_less_V2 as vt
import torchvision
import torch.optim as optim
import random
import matplotlib.pyplot as plt
from PIL import Image
from torch.nn.utils import spectral_norm as sn, remove_spectral_norm as rsn
from torch.utils.data import Dataset, DataLoader, default_collate
from torchvision.datasets import ImageNet
from torch.optim.lr_scheduler import StepLR
import csv
from torchvision.transforms.functional import InterpolationMode
from torchvision import models


pass
