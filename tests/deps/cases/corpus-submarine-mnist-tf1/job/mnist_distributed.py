"""Stand-in for apache/submarine:dev-support/mini-submarine/submarine/mnist_distributed.py (commit 4e086e869e51).

The import statements are the upstream file's, in its order; the body is omitted.
"""

from __future__ import absolute_import, division, print_function

import json
import logging
import os
import sys

import tensorboard.program as tb_program
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data


pass
