"""Stand-in for focegueda1998/CALM-ViT-DTE:CALM-ViT/Vi_Tools_CNN_less_V2.py (commit 04fa884ff232).

The import statements are the upstream file's, in its order; the body is omitted.
"""

import torch
from typing import Callable
from functools import partial
from torch.nn import functional as F
from torch.nn.utils import spectral_norm as sn


pass
