import attr
import zmq
import git
from dotenv import load_dotenv
from OpenSSL import crypto
import jwt
from mpl_toolkits.mplot3d import Axes3D
import skimage.io
