import numpy
import scipy.sparse
from mypkg.util import helper
