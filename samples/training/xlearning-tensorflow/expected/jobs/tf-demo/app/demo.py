"""XLearning TensorFlow demo: reads the cluster from TF_CLUSTER_DEF, TF_ROLE, TF_INDEX."""
import json
import os

cluster_def = json.loads(os.environ["TF_CLUSTER_DEF"])
job_name = os.environ["TF_ROLE"]
task_index = int(os.environ["TF_INDEX"])
