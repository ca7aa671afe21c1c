"""Stand-in for jupyter-server/enterprise_gateway:etc/kernel-launchers/python/scripts/launch_ipykernel.py (commit 001d38761b13).

The import statements are the upstream file's, in its order; the body is omitted.
"""

import argparse
import base64
import json
import logging
import os
import random
import signal
import socket
import tempfile
import uuid
from multiprocessing import Process
from threading import Thread

from Cryptodome.Cipher import AES, PKCS1_v1_5
from Cryptodome.PublicKey import RSA
from Cryptodome.Random import get_random_bytes
from Cryptodome.Util.Padding import pad
from jupyter_client.connect import write_connection_file



def initialize_namespace(namespace, cluster_type="spark"):
    if cluster_type == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            return
    elif cluster_type == "dask":
        import dask_yarn


def start_ipython(namespace):
    from ipykernel.kernelapp import IPKernelApp
