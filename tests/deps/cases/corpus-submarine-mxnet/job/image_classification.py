"""Stand-in for apache/submarine:dev-support/mini-submarine/submarine/image_classification.py (commit 4e086e869e51).

The import statements are the upstream file's, in its order; the body is omitted.
"""

from __future__ import division

import argparse
import logging
import os
import random
import tarfile
import time

import mxnet as mx
import numpy as np
from mxnet import autograd as ag
from mxnet import gluon, profiler
from mxnet.contrib.io import DataLoaderIter
from mxnet.gluon.data import DataLoader
from mxnet.gluon.data.vision import ImageFolderDataset
from mxnet.gluon.model_zoo import vision as models
from mxnet.metric import Accuracy, CompositeEvalMetric, TopKAccuracy
from mxnet.test_utils import get_cifar10, get_mnist_iterator



class ImagePairIter:
    def next(self):
        from PIL import Image
