"""yarn2k8s: migrate machine-learning jobs from Hadoop/YARN to Kubernetes and Kubeflow."""

__version__ = "0.1.0"
