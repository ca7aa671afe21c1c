import numpy as np
import pyarrow
