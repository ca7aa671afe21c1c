"""Serving inputs (TF Serving configs, web apps, MLflow, Spark ML metadata) and the
spark-submit training launchers (Horovod on Spark, TensorFlowOnSpark, PipelineModel)."""

from __future__ import annotations

from pathlib import Path

from training_helpers import analyze_script, codes, source

from yarn2k8s.analyzers.base import AnalysisContext
from yarn2k8s.analyzers.serving import (
    ModelMetadataAnalyzer,
    ServingAppAnalyzer,
    ServingSpec,
    models_from_config,
    models_in_app,
)
from yarn2k8s.analyzers.spark_training import horovod_call
from yarn2k8s.analyzers.training_spec import spec_of
from yarn2k8s.config import Config

CTX = AnalysisContext(Config())


def _spec(job: object) -> ServingSpec:
    found = job.extra["serving"]  # type: ignore[attr-defined]
    assert isinstance(found, ServingSpec)
    return found


def test_tf_serving_config_one_unit_per_model_with_its_line() -> None:
    text = (
        'model_config_list {\n  config {\n    name: "a"\n    base_path: "hdfs://nn/m/a"\n'
        '    model_platform: "tensorflow"\n  }\n  config { name: "b" base_path: "/m/b"\n'
        "    model_version_policy { latest { num_versions: 2 } } }\n}\n"
    )
    jobs = models_from_config(text, "models.config")
    assert [(j.source_name, str(j.location), _spec(j).uri) for j in jobs] == [
        ("a", "models.config:2", "hdfs://nn/m/a"),
        ("b", "models.config:7", "/m/b"),
    ]
    assert _spec(jobs[1]).version_policy and not _spec(jobs[0]).version_policy


APP = """import os, pickle
import joblib
import xgboost as xgb
from flask import Flask
MODEL_DIR = "models"
app = Flask(__name__)
clf = joblib.load(os.path.join(MODEL_DIR, "clf.joblib"))
raw = pickle.load(open(os.environ.get("RAW", "raw.pkl"), "rb"))
booster = xgb.Booster()
booster.load_model("b.json")
unknown = joblib.load(compute_path())

@app.route("/predict", methods=["POST"])
def predict():
    return "ok"
"""


def test_web_app_model_loads_are_read_statically() -> None:
    loads, routes, problem = models_in_app(APP)
    assert problem == "" and routes == ["/predict"]
    found = [(line, s.model_format, s.uri) for line, s in loads]
    assert found == [
        (7, "sklearn", "models/clf.joblib"),
        (8, "sklearn", "raw.pkl"),
        (10, "xgboost", "b.json"),
        (11, "sklearn", ""),
    ]


def test_web_app_analyzer_units_and_findings(tmp_path: Path) -> None:
    app = source(tmp_path, "app.py", APP)
    analyzer = ServingAppAnalyzer()
    assert analyzer.detect(app)
    result = analyzer.analyze(app, CTX)
    assert result.outcome == "converted" and len(result.jobs) == 3
    assert codes(result.findings) == ["SV010"]  # the load whose path is computed at run time
    assert all(_spec(j).app_file == "app.py" for j in result.jobs)
    broken = source(tmp_path, "b.py", "from flask import Flask\napp = Flask(\n")
    assert codes(analyzer.analyze(broken, CTX).findings) == ["YK009"]


def test_spark_pipeline_model_in_an_app_is_explained(tmp_path: Path) -> None:
    text = 'from flask import Flask\nfrom pyspark.ml import PipelineModel\napp = Flask("x")\nm = PipelineModel.load("hdfs://nn/p")\n'
    result = ServingAppAnalyzer().analyze(source(tmp_path, "s.py", text), CTX)
    assert result.jobs == [] and codes(result.findings) == ["SV002"]


def test_mlflow_and_spark_metadata(tmp_path: Path) -> None:
    mlmodel = source(
        tmp_path, "m/churn/MLmodel", "flavors:\n  python_function:\n    model_path: model.pkl\n"
    )
    analyzer = ModelMetadataAnalyzer()
    job = analyzer.analyze(mlmodel, CTX).jobs[0]
    assert (_spec(job).model_format, _spec(job).uri, _spec(job).expects) == (
        "mlflow",
        "m/churn",
        ["model.pkl"],
    )
    meta = '{"class":"org.apache.spark.ml.PipelineModel","sparkVersion":"3.3.2"}'
    root = source(tmp_path, "pm/metadata/part-00000", meta)
    stage = source(
        tmp_path,
        "pm/stages/0_lr/metadata/part-00000",
        meta.replace("PipelineModel", "classification.LogisticRegressionModel"),
    )
    assert analyzer.detect(root) and analyzer.detect(stage)
    assert codes(analyzer.analyze(root, CTX).findings) == ["SV002"]
    assert codes(analyzer.analyze(stage, CTX).findings) == ["SV012"]


def test_model_server_command_lines(tmp_path: Path) -> None:
    source(
        tmp_path, "models.config", 'model_config_list { config { name: "a" base_path: "/m" } }\n'
    )
    script = (
        "tensorflow_model_server --model_config_file=models.config &\n"
        "tensorflow_model_server --model_name=r --model_base_path=hdfs://nn/r\n"
        "tensorflow_model_server --model_config_file=absent.config\n"
    )
    result = analyze_script(tmp_path, script)
    assert [(j.kind, j.source_name) for j in result.jobs] == [("serving", "r")]
    assert {"SV013", "SV008"} <= set(codes(result.findings))  # never converted twice


HVD = """import horovod.spark
from pyspark.sql import SparkSession


def train(lr):
    return lr


if __name__ == "__main__":
    spark = SparkSession.builder.getOrCreate()
    horovod.spark.run(train, args=(0.1,), num_proc=4)
    spark.stop()
"""


def test_horovod_on_spark_is_routed_only_when_the_driver_does_nothing_else() -> None:
    assert horovod_call(HVD) == ("train", [0.1], 4)
    unguarded = HVD.replace('if __name__ == "__main__":\n    ', "").replace("\n    ", "\n")
    assert horovod_call(unguarded) is None  # importing the module would run the driver
    used = HVD.replace("horovod.spark.run(train", "result = horovod.spark.run(train")
    assert horovod_call(used) is None  # the driver uses what the ranks return
    extra = HVD.replace("    spark.stop()", "    spark.read.csv('x').count()\n    spark.stop()")
    assert horovod_call(extra) is None
    dynamic = HVD.replace("args=(0.1,)", "args=(compute(),)")
    assert horovod_call(dynamic) is None


def test_spark_submit_launchers_get_kinds_and_findings(tmp_path: Path) -> None:
    source(tmp_path, "hvd.py", HVD)
    source(
        tmp_path,
        "tfos.py",
        "from tensorflowonspark import TFCluster\n"
        "TFCluster.run(sc, f, a, 2, 0, False, TFCluster.InputMode.SPARK)\n",
    )
    source(
        tmp_path,
        "score.py",
        'from pyspark.ml import PipelineModel\nPipelineModel.load("hdfs://nn/m")\n',
    )
    script = (
        "spark-submit --num-executors 2 --executor-cores 2 hvd.py\n"
        "spark-submit --py-files tfspark.zip tfos.py\n"
        "spark-submit score.py\n"
    )
    hvd, tfos, score = analyze_script(tmp_path, script).jobs
    assert hvd.kind == "mpi" and spec_of(hvd).processes == 4 and spec_of(hvd).slots_per_worker == 2
    assert "TY022" in codes(hvd.findings)
    assert (
        tfos.kind == "spark"
        and "TY021" in codes(tfos.findings)
        and "SP015" not in codes(tfos.findings)
    )
    assert score.kind == "spark" and "SV002" in codes(score.findings)
