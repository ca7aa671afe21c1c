"""Build the model-ready extract (placeholder for the real job)."""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--input")
parser.add_argument("--output")
print(parser.parse_args())
