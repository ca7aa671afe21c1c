"""Analyzers, one per source format, in an explicit ordered registry (first match wins)."""

from __future__ import annotations

from yarn2k8s.analyzers.base import Analyzer
from yarn2k8s.analyzers.capacity_scheduler import CapacitySchedulerAnalyzer
from yarn2k8s.analyzers.crontab import CrontabAnalyzer
from yarn2k8s.analyzers.fair_scheduler import FairSchedulerAnalyzer
from yarn2k8s.analyzers.gateway_tools import GatewayToolsAnalyzer
from yarn2k8s.analyzers.hadoop_site import HadoopSiteAnalyzer
from yarn2k8s.analyzers.mapreduce_conf import MapReduceConfAnalyzer
from yarn2k8s.analyzers.oozie import OozieAnalyzer, OozieAppFileAnalyzer
from yarn2k8s.analyzers.openpai import OpenPaiAnalyzer
from yarn2k8s.analyzers.properties import SparkPropertiesAnalyzer
from yarn2k8s.analyzers.serving import (
    ModelMetadataAnalyzer,
    ServingAppAnalyzer,
    TfServingConfigAnalyzer,
)
from yarn2k8s.analyzers.shell_script import ShellScriptAnalyzer
from yarn2k8s.analyzers.skein import SkeinAnalyzer
from yarn2k8s.analyzers.slider import SliderAnalyzer
from yarn2k8s.analyzers.submarine import SubmarineExperimentAnalyzer, SubmarineYamlAnalyzer
from yarn2k8s.analyzers.tony import TonyXmlAnalyzer
from yarn2k8s.analyzers.xlearning import XLearningSiteAnalyzer
from yarn2k8s.analyzers.yarn_service import YarnServiceAnalyzer

# Order matters: configuration inputs first, crontabs before generic shell scripts.
# Oozie documents are recognised by their root element; files an Oozie application uses
# (job.properties, scripts) belong to its workflow, not to the generic readers below.
ANALYZERS: tuple[Analyzer, ...] = (
    OozieAnalyzer(),
    OozieAppFileAnalyzer(),
    SparkPropertiesAnalyzer(),
    # Issue 5: training and serving inputs, recognised by content (TonY/XLearning XML before
    # the generic Hadoop site files; their shell commands are read by ShellScriptAnalyzer's
    # command readers, analyzers/command_readers.py).
    TonyXmlAnalyzer(),
    XLearningSiteAnalyzer(),
    SubmarineYamlAnalyzer(),
    SubmarineExperimentAnalyzer(),
    OpenPaiAnalyzer(),
    TfServingConfigAnalyzer(),
    ModelMetadataAnalyzer(),
    ServingAppAnalyzer(),
    # Issue 8: schedulers before site files (both are Hadoop <configuration> XML).
    CapacitySchedulerAnalyzer(),
    FairSchedulerAnalyzer(),
    MapReduceConfAnalyzer(),
    HadoopSiteAnalyzer(),
    YarnServiceAnalyzer(),
    SliderAnalyzer(),
    SkeinAnalyzer(),
    GatewayToolsAnalyzer(),
    CrontabAnalyzer(),
    ShellScriptAnalyzer(),
)

__all__ = ["ANALYZERS", "Analyzer"]
