from featlib.core import build
