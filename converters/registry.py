"""The explicit registries of converters, by job kind and by workflow kind."""

from __future__ import annotations

from collections.abc import Callable

from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.spark_job import convert_spark_job
from yarn2k8s.model import MigrationJob, Workflow

JobConverter = Callable[[MigrationJob, ConversionContext], Artifacts]
WorkflowConverter = Callable[[Workflow, ConversionContext], Artifacts]

# A job kind with no converter gets a blocking finding (YK015), never a silent drop.
JOB_CONVERTERS: dict[str, JobConverter] = {
    "spark": convert_spark_job,
}

WORKFLOW_CONVERTERS: dict[str, WorkflowConverter] = {}
