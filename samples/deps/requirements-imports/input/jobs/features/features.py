import cv2
import yaml
from google.cloud import storage
from PIL import Image

from etl.transforms import clean
from featlib import build

try:
    import ujson as json
except ImportError:
    import json
