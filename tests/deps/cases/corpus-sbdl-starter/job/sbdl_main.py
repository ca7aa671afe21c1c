"""Stand-in for LearningJournal/Spark-Programming-In-Python:SBDL - Starter/sbdl_main.py (commit c42be849d340).

The import statements are the upstream file's, in its order; the body is omitted.
"""

import sys

from lib import Utils
from lib.logger import Log4j


pass
