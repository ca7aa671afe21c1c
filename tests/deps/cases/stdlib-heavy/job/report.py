import argparse, asyncio, concurrent.futures, contextvars, csv, dataclasses, graphlib
import logging.handlers, sqlite3, statistics, zoneinfo, secrets, ipaddress, lzma
import numpy as np
