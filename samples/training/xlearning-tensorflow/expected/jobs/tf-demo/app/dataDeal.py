"""Input helpers for demo.py."""


def batches(path):
    return path
