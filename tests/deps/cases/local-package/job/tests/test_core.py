import pytest
import mock
from mypkg import run
