"""Tests beside the job (not in the index; written for this case)."""

import pytest

from lib.Utils import get_spark_session
