import sklearn.ensemble
import cv2
import yaml
from PIL import Image
from google.cloud import storage, bigquery
from dateutil import parser
from bs4 import BeautifulSoup
