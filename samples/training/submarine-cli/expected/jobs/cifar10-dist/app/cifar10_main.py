"""CIFAR-10 estimator training (code is also in the Docker image)."""
import os

print(os.environ.get("TF_CONFIG"))
