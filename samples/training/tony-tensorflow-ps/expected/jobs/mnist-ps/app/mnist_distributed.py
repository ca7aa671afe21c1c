"""Distributed MNIST (TF1 estimator style): reads TonY's JOB_NAME / TASK_INDEX / CLUSTER_SPEC."""
import json
import os

import tensorflow as tf

cluster = tf.train.ClusterSpec(json.loads(os.environ["CLUSTER_SPEC"]))
job_name = os.environ["JOB_NAME"]
task_index = int(os.environ["TASK_INDEX"])
server = tf.train.Server(cluster, job_name=job_name, task_index=task_index)
if job_name == "ps":
    server.join()
