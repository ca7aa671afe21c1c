"""The explicit registries of converters, by job kind and by workflow kind."""

from __future__ import annotations

from collections.abc import Callable

from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.batch_jobs import convert_batch_job
from yarn2k8s.converters.kserve import convert_serving
from yarn2k8s.converters.kubeflow_pipelines import (
    convert_oozie_bundle,
    convert_oozie_coordinator,
    convert_oozie_workflow,
)
from yarn2k8s.converters.queues import convert_queues
from yarn2k8s.converters.services import convert_service
from yarn2k8s.converters.site_configmaps import convert_site
from yarn2k8s.converters.spark_job import convert_spark_job
from yarn2k8s.converters.training_jobs import convert_training_job
from yarn2k8s.model import MigrationJob, Workflow

JobConverter = Callable[[MigrationJob, ConversionContext], Artifacts]
WorkflowConverter = Callable[[Workflow, ConversionContext], Artifacts]

# A job kind with no converter gets a blocking finding (YK015), never a silent drop.
JOB_CONVERTERS: dict[str, JobConverter] = {
    "spark": convert_spark_job,
    # Issue 8: MapReduce/streaming (LocalJobRunner or Indexed Job), shell and Java batch jobs.
    "mapreduce": convert_batch_job,
    "streaming": convert_batch_job,
    "shell": convert_batch_job,
    "java": convert_batch_job,
    # Issue 5: TonY/Submarine/XLearning/OpenPAI/Horovod training -> Kubeflow; models -> KServe.
    "tensorflow": convert_training_job,
    "pytorch": convert_training_job,
    "mpi": convert_training_job,
    "xgboost": convert_training_job,
    "standalone": convert_training_job,
    "serving": convert_serving,
}

WORKFLOW_CONVERTERS: dict[str, WorkflowConverter] = {
    # Issue 8: YARN services (Yarnfile, Slider, Skein), queue trees, site configuration.
    "yarn-service": convert_service,
    "queues": convert_queues,
    "hadoop-conf": convert_site,
    "krb5-conf": convert_site,
    "spark-conf": convert_site,
    # Issue 4: Oozie workflows, coordinators and bundles -> Kubeflow Pipelines v2.
    "oozie-workflow": convert_oozie_workflow,
    "oozie-coordinator": convert_oozie_coordinator,
    "oozie-bundle": convert_oozie_bundle,
}
