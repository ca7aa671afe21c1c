"""The data and network inventory: paths read and written, endpoints, redaction."""

from __future__ import annotations

from yarn2k8s.enrich.inventory import (
    estate_inventory,
    jdbc_endpoint,
    job_inventory,
    location_root,
    unit_inventory,
)
from yarn2k8s.model import Dependency, MigrationJob, SourceLocation, Workflow


def _job(args: list[str], **conf: str) -> MigrationJob:
    job = MigrationJob("spark", "etl", SourceLocation("etl.sh", 2), name="etl")
    job.main_file = "hdfs://nn:8020/apps/etl/etl.py"
    job.arguments = args
    job.spark_conf = dict(conf)
    return job


def test_direction_comes_from_the_option_or_key() -> None:
    job = _job(
        ["--input", "hdfs://nn:8020/data/events/2024", "--output-dir=s3a://lake/daily/",
         "hdfs://nn:8020/ref/countries", "--training-data-directory", "/data/train",
         "--model", "${MODEL_DIR}/v1", "--mode", "${MODE}"],
        **{"mapreduce.input.fileinputformat.inputdir": "hdfs://nn:8020/raw/logs",
           "spark.eventLog.dir": "hdfs://nn:8020/spark-logs"},
    )  # fmt: skip
    inv = job_inventory(job).to_dict()
    assert inv["reads"] == ["/data/train", "hdfs://nn:8020/data/events/2024",
                            "hdfs://nn:8020/raw/logs"]  # fmt: skip
    assert inv["writes"] == ["s3a://lake/daily"]
    assert inv["paths"] == ["${MODEL_DIR}/v1", "hdfs://nn:8020/ref/countries"]  # not ${MODE}
    assert inv["artifacts"] == ["hdfs://nn:8020/apps/etl/etl.py"]  # code, not data
    assert {"kind": "hdfs-namenode", "endpoint": "nn:8020"} in inv["endpoints"]
    assert {"kind": "object-store", "endpoint": "s3a://lake"} in inv["endpoints"]
    assert not any("spark-logs" in p for p in inv["paths"])  # cluster plumbing, not data


def test_endpoints_are_found_and_stripped_of_credentials() -> None:
    job = _job(
        ["--jdbc-url", "jdbc:mysql://admin:hunter2@db.corp:3306/sales?password=hunter3",
         "--bootstrap-servers", "k1:9092,k2:9092",
         "--callback", "https://user:tok3n@api.corp/v1/hook"],
        **{"spark.hadoop.hive.metastore.uris": "thrift://hms1:9083,thrift://hms2:9083",
           "spark.hadoop.hbase.zookeeper.quorum": "zk1,zk2"},
    )  # fmt: skip
    job.principal = "etl/host@CORP.EXAMPLE"
    job.deps = [Dependency("package", "org.postgresql:postgresql:42.7.1", job.location)]
    inv = job_inventory(job).to_dict()
    pairs = {(e["kind"], e["endpoint"]) for e in inv["endpoints"]}
    assert {
        ("jdbc:mysql", "db.corp:3306"),
        ("kafka", "k1:9092"),
        ("kafka", "k2:9092"),
        ("http", "api.corp"),
        ("hive-metastore", "hms1:9083"),
        ("hive-metastore", "hms2:9083"),
        ("zookeeper", "zk1"),
        ("kerberos-realm", "CORP.EXAMPLE"),
        ("jdbc:postgresql", "(address not in the inputs)"),
    } <= pairs
    text = repr(inv)
    assert "hunter2" not in text and "hunter3" not in text and "tok3n" not in text


def test_jdbc_url_shapes() -> None:
    assert jdbc_endpoint("jdbc:oracle:thin:@//ora.corp:1521/SVC") == (
        "jdbc:oracle",
        "ora.corp:1521",
    )
    assert jdbc_endpoint("jdbc:oracle:thin:@ora.corp:1521:ORCL") == ("jdbc:oracle", "ora.corp:1521")
    assert jdbc_endpoint("jdbc:sqlserver://sql.corp:1433;databaseName=x") == (
        "jdbc:sqlserver",
        "sql.corp:1433",
    )
    assert jdbc_endpoint("jdbc:hsqldb:file:db.hsqldb") is None  # embedded: no network
    assert jdbc_endpoint("not a url") is None


def test_sql_tables_read_and_written() -> None:
    job = _job(["-e", "INSERT OVERWRITE TABLE mart.daily SELECT * FROM raw.events e "
                      "JOIN ref.users u ON e.id = u.id"])  # fmt: skip
    inv = job_inventory(job).to_dict()
    assert inv["tables_written"] == ["mart.daily"]
    assert inv["tables_read"] == ["raw.events", "ref.users"]


def test_workflow_steps_parameters_and_site_files() -> None:
    step = _job(["${nameNode}/user/${wf:user()}/input", "--output", "${nameNode}/out/x"])
    flow = Workflow("oozie-workflow", "wf", SourceLocation("workflow.xml", 1), name="wf")
    flow.steps = [step]
    flow.parameters = {"nameNode": "hdfs://nn1:8020"}
    flow.data = {"actions": [{"mapred.output.dir": "${nameNode}/mr/out", "xml": "http://x.org"}]}
    inv = unit_inventory(flow).to_dict()
    assert "hdfs://nn1:8020/out/x" in inv["writes"]
    assert "hdfs://nn1:8020/mr/out" in inv["writes"]  # from the parsed structure, by key
    assert "hdfs://nn1:8020/user/${wf:user()}/input" in inv["paths"]
    assert not any(e["endpoint"] == "x.org" for e in inv["endpoints"])  # raw XML is skipped
    site = Workflow("hadoop-conf", "hadoop-conf", SourceLocation("conf/core-site.xml"))
    site.data = {"files": {"core-site.xml": [("fs.defaultFS", "hdfs://prod-nn:8020")]}}
    assert unit_inventory(site).to_dict()["endpoints"] == [
        {"kind": "hdfs-namenode", "endpoint": "prod-nn:8020"}
    ]
    krb5 = Workflow("krb5-conf", "krb5", SourceLocation("krb5.conf"))
    krb5.data = {
        "text": "[realms]\n CORP = {\n  kdc = kdc1.corp:88\n  admin_server = kdc1.corp\n }"
    }
    assert {e["endpoint"] for e in unit_inventory(krb5).to_dict()["endpoints"]} == {
        "kdc1.corp:88",
        "kdc1.corp",
    }


def test_estate_groups_by_area() -> None:
    a = job_inventory(_job(["--input", "hdfs://nn/data/sales/2024/01"])).to_dict()
    b = job_inventory(_job(["--output", "hdfs://nn/data/sales/agg", "--in", "${X}"])).to_dict()
    estate = estate_inventory([("a", a), ("b", b)])
    (area,) = estate["locations"]  # the unresolved ${X} is no area
    assert area == {
        "location": "hdfs://nn/data/sales",
        "read_by": ["a"],
        "written_by": ["b"],
        "used_by": [],
    }
    assert location_root("/user/${wf:user()}/x") == "/user"
