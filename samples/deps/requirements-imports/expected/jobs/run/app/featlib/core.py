import numpy as np
from dateutil import parser
