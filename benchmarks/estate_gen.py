"""Deterministic synthetic YARN estates for the scale benchmark.

Run from the project root::

    .venv/bin/python -m benchmarks.estate_gen OUT --spark 1000 --oozie 20 --tony 10 [--seed 7]

The option mix follows what the public corpus (../shared/corpus/public/spark-submit and
../shared/corpus/public/oozie) shows: `--conf` lists, `--py-files`/`--jars`, queues, dynamic
allocation, GPU (RAPIDS) jobs, `--properties-file` shared by many scripts, and crontab lines.
Oozie apps have 5-20 actions (spark, shell, fs) with a decision and a fork/join; TonY jobs are a
launcher script plus tony.xml. The same seed and counts always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

QUEUES = ["default", "ml", "ml.training", "etl", "adhoc", "reporting"]
MEMORY = ["1g", "2g", "4g", "6g", "8g", "12g", "16g"]
CONFS = [
    "spark.sql.shuffle.partitions={n}",
    "spark.sql.adaptive.enabled=true",
    "spark.serializer=org.apache.spark.serializer.KryoSerializer",
    "spark.yarn.maxAppAttempts=2",
    "spark.network.timeout=600s",
    "spark.executor.memoryOverhead={m}",
    "spark.speculation=true",
    "spark.driver.maxResultSize=2g",
    "spark.hadoop.fs.s3a.fast.upload=true",
    "spark.sql.sources.partitionOverwriteMode=dynamic",
    "spark.kryoserializer.buffer.max=512m",
    "spark.executor.extraJavaOptions=-XX:+UseG1GC",
]
DYNAMIC = [
    "spark.dynamicAllocation.enabled=true",
    "spark.shuffle.service.enabled=true",
    "spark.dynamicAllocation.minExecutors={lo}",
    "spark.dynamicAllocation.maxExecutors={hi}",
]
GPU = [
    "spark.executor.resource.gpu.amount=1",
    "spark.task.resource.gpu.amount=0.25",
    "spark.plugins=com.nvidia.spark.SQLPlugin",
    "spark.rapids.sql.enabled=true",
    "spark.yarn.executor.nodeLabelExpression=gpu",
]
PROPERTIES = {
    "conf/heavy.properties": (
        "spark.master=yarn\nspark.submit.deployMode=cluster\nspark.executor.memory=8g\n"
        "spark.executor.instances=12\nspark.sql.adaptive.enabled=true\n"
    ),
    "conf/light.properties": (
        "spark.master=yarn\nspark.executor.memory=2g\nspark.executor.instances=2\n"
        "spark.yarn.queue=adhoc\n"
    ),
    "conf/spark-defaults.conf": (
        "spark.master                     yarn\nspark.eventLog.enabled           true\n"
        "spark.serializer                 org.apache.spark.serializer.KryoSerializer\n"
    ),
}
APP_FILES = {
    "app/etl.py": "from pyspark.sql import SparkSession\n\nSparkSession.builder.getOrCreate()\n",
    "app/utils.py": "def parse(line):\n    return line.split(',')\n",
    "app/features.py": "import sys\n\nprint(sys.argv)\n",
}


def spark_command(rng: random.Random, index: int) -> str:
    """One spark-submit invocation, continued over lines like real launch scripts."""
    parts = ["spark-submit", "--master yarn", "--deploy-mode cluster", f"--name job-{index:05d}"]
    if rng.random() < 0.15:
        parts.append(f"--properties-file ../../conf/{rng.choice(['heavy', 'light'])}.properties")
    if rng.random() < 0.7:
        parts.append(f"--queue {rng.choice(QUEUES)}")
    parts += [
        f"--driver-memory {rng.choice(MEMORY[:4])}",
        f"--executor-memory {rng.choice(MEMORY)}",
        f"--executor-cores {rng.randint(1, 6)}",
    ]
    dynamic = rng.random() < 0.3
    if dynamic:
        lo = rng.randint(1, 4)
        parts += [f"--conf {c.format(lo=lo, hi=lo * rng.randint(4, 20))}" for c in DYNAMIC]
    else:
        parts.append(f"--num-executors {rng.randint(2, 40)}")
    for conf in rng.sample(CONFS, rng.randint(0, 6)):
        parts.append(
            f"--conf {conf.format(n=rng.choice([200, 400, 800]), m=rng.choice([512, 1024]))}"
        )
    if rng.random() < 0.08:
        parts += [f"--conf {c}" for c in GPU]
        parts.append("--jars hdfs:///libs/rapids-4-spark_2.12-24.08.1.jar")
    if rng.random() < 0.4:
        jars = rng.sample(["delta-core_2.12-2.4.0.jar", "spark-avro_2.12-3.3.0.jar", "udfs.jar"], 2)
        parts.append("--jars " + ",".join(f"hdfs:///libs/{j}" for j in jars))
    if rng.random() < 0.5:
        parts.append(
            f"--class com.example.etl.Job{index % 97} hdfs:///apps/etl/etl-{index % 13}.jar"
        )
    else:
        if rng.random() < 0.4:
            parts.append("--py-files ../../app/utils.py")
        parts.append(
            rng.choice(["../../app/etl.py", "../../app/features.py", "hdfs:///apps/py/main.py"])
        )
    parts += ["--date", "${RUN_DATE}", "--out", f"hdfs:///data/out/{index}"]
    return " \\\n  ".join(parts)


def spark_script(rng: random.Random, index: int) -> str:
    """A launcher script: shebang, a variable or two, one spark-submit."""
    return (
        "#!/bin/bash\nset -euo pipefail\n"
        f'RUN_DATE="${{1:-2024-05-{(index % 28) + 1:02d}}}"\n'
        f"export SPARK_HOME=/usr/hdp/current/spark{rng.choice(['2', '3'])}-client\n"
        f"{spark_command(rng, index)}\n"
    )


def crontab(rng: random.Random, first: int, count: int) -> str:
    """A gateway crontab with one spark-submit per line."""
    lines = ["# m h dom mon dow command", "MAILTO=ops@example.com"]
    for index in range(first, first + count):
        when = f"{rng.randint(0, 59)} {rng.randint(0, 23)} * * {rng.choice(['*', '1-5'])}"
        lines.append(
            f"{when} spark-submit --master yarn --deploy-mode cluster --name cron-{index:05d} "
            f"--queue {rng.choice(QUEUES)} --executor-memory {rng.choice(MEMORY)} "
            f"--class org.example.Cron{index} /opt/jobs/cron.jar"
        )
    return "\n".join(lines) + "\n"


def _spark_action(rng: random.Random, name: str, to: str) -> str:
    opts = (
        f"--executor-memory {rng.choice(MEMORY)} --executor-cores {rng.randint(1, 4)} "
        f"--num-executors {rng.randint(2, 20)} --queue ${{queueName}} "
        f"--conf spark.sql.shuffle.partitions={rng.choice([200, 400])}"
    )
    return f"""    <action name="{name}">
        <spark xmlns="uri:oozie:spark-action:0.1">
            <master>yarn-cluster</master>
            <name>{name}</name>
            <class>com.example.flow.{name.title().replace("-", "")}</class>
            <jar>${{nameNode}}${{appRoot}}/lib/flow.jar</jar>
            <spark-opts>{opts}</spark-opts>
            <arg>--date</arg>
            <arg>${{runDate}}</arg>
        </spark>
        <ok to="{to}"/>
        <error to="fail"/>
    </action>
"""


def _shell_action(name: str, to: str) -> str:
    return f"""    <action name="{name}">
        <shell xmlns="uri:oozie:shell-action:0.2">
            <exec>step.sh</exec>
            <argument>${{runDate}}</argument>
            <file>scripts/step.sh#step.sh</file>
        </shell>
        <ok to="{to}"/>
        <error to="fail"/>
    </action>
"""


def _fs_action(name: str, to: str) -> str:
    return f"""    <action name="{name}">
        <fs>
            <delete path="${{nameNode}}${{outputRoot}}/{name}/${{runDate}}"/>
            <mkdir path="${{nameNode}}${{outputRoot}}/{name}/${{runDate}}"/>
        </fs>
        <ok to="{to}"/>
        <error to="fail"/>
    </action>
"""


def _action(rng: random.Random, name: str, to: str) -> str:
    roll = rng.random()
    if roll < 0.5:
        return _spark_action(rng, name, to)
    if roll < 0.8:
        return _shell_action(name, to)
    return _fs_action(name, to)


def workflow(rng: random.Random, index: int) -> str:
    """A workflow with 5-20 actions: a chain, a decision, and a fork/join of two branches."""
    total = rng.randint(5, 20)
    chain = [f"step-{n:02d}" for n in range(total - 2)]
    branches = ["branch-a", "branch-b"]
    body = []
    fork_at = rng.randint(1, len(chain) - 1)
    # chain[:fork_at] -> decision -> fork(branches) -> join -> chain[fork_at:] -> end
    for pos, name in enumerate(chain[:fork_at]):
        to = chain[pos + 1] if pos + 1 < fork_at else "check"
        body.append(_action(rng, name, to))
    body.append(
        """    <decision name="check">
        <switch>
            <case to="end">${skip eq 'true'}</case>
            <default to="fan-out"/>
        </switch>
    </decision>
    <fork name="fan-out">
        <path start="branch-a"/>
        <path start="branch-b"/>
    </fork>
"""
    )
    for name in branches:
        body.append(_action(rng, name, "fan-in"))
    rest = chain[fork_at:]
    body.append(f'    <join name="fan-in" to="{rest[0] if rest else "end"}"/>\n')
    for pos, name in enumerate(rest):
        body.append(_action(rng, name, rest[pos + 1] if pos + 1 < len(rest) else "end"))
    return (
        f'<workflow-app xmlns="uri:oozie:workflow:0.5" name="flow-{index:04d}">\n'
        "    <global>\n        <job-tracker>${jobTracker}</job-tracker>\n"
        "        <name-node>${nameNode}</name-node>\n    </global>\n"
        f'    <start to="{chain[0]}"/>\n'
        + "".join(body)
        + '    <kill name="fail">\n        <message>failed: ${wf:errorMessage(wf:lastErrorNode())}'
        "</message>\n    </kill>\n"
        '    <end name="end"/>\n</workflow-app>\n'
    )


def job_properties(index: int) -> str:
    """The job.properties next to a workflow."""
    return (
        "nameNode=hdfs://nn1.prod.example.com:8020\njobTracker=rm1.prod.example.com:8032\n"
        f"queueName={QUEUES[index % len(QUEUES)]}\nappRoot=/apps/flow-{index:04d}\n"
        f"outputRoot=/data/flow-{index:04d}\nrunDate=2024-05-01\nskip=false\n"
        "oozie.use.system.libpath=true\noozie.wf.application.path=${nameNode}${appRoot}\n"
    )


def tony_job(rng: random.Random, index: int) -> dict[str, str]:
    """A TonY launcher and its tony.xml."""
    workers = rng.randint(2, 8)
    props = {
        "tony.application.framework": rng.choice(["tensorflow", "pytorch"]),
        "tony.yarn.queue": "ml.training",
        "tony.worker.instances": str(workers),
        "tony.worker.memory": rng.choice(MEMORY),
        "tony.worker.vcores": str(rng.randint(1, 8)),
        "tony.worker.gpus": str(rng.choice([0, 1, 2])),
        "tony.ps.instances": str(rng.randint(0, 2)),
        "tony.ps.memory": "4g",
    }
    xml = "".join(
        f"  <property>\n    <name>{k}</name>\n    <value>{v}</value>\n  </property>\n"
        for k, v in props.items()
    )
    return {
        "run.sh": (
            "#!/bin/bash\nset -euo pipefail\nTONY_JAR=/opt/tony/tony-cli-0.4.7-all.jar\n"
            'hadoop jar "${TONY_JAR}" com.linkedin.tony.cli.ClusterSubmitter \\\n'
            "  --src_dir src \\\n  --executes train.py \\\n"
            f'  --task_params "--steps {rng.randint(1, 50) * 1000}" \\\n'
            "  --conf_file tony.xml \\\n"
            f"  --conf tony.application.name=tony-{index:04d}\n"
        ),
        "tony.xml": f'<?xml version="1.0"?>\n<configuration>\n{xml}</configuration>\n',
        "src/train.py": "import tensorflow as tf\n\nprint(tf.__version__)\n",
    }


def generate(out: Path, spark: int, oozie: int = 0, tony: int = 0, seed: int = 7) -> int:
    """Write the estate under `out`; returns how many jobs/workflows it describes."""
    rng = random.Random(seed)
    files: dict[str, str] = {**PROPERTIES, **APP_FILES}
    cron_jobs = spark // 20  # about 5% of Spark jobs are crontab lines
    for index in range(spark - cron_jobs):
        files[f"spark/{index // 500:03d}/run_{index:05d}.sh"] = spark_script(rng, index)
    first = spark - cron_jobs
    for start in range(first, spark, 50):
        files[f"cron/gateway-{start:05d}.crontab"] = crontab(rng, start, min(50, spark - start))
    for index in range(oozie):
        app = f"oozie/flow-{index:04d}"
        files[f"{app}/workflow.xml"] = workflow(rng, index)
        files[f"{app}/job.properties"] = job_properties(index)
        files[f"{app}/scripts/step.sh"] = '#!/bin/sh\necho step "$1"\n'
    for index in range(tony):
        for rel, text in tony_job(rng, index).items():
            files[f"tony/job-{index:04d}/{rel}"] = text
    for rel, text in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return spark + oozie + tony


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--spark", type=int, default=1000)
    parser.add_argument("--oozie", type=int, default=0)
    parser.add_argument("--tony", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    count = generate(args.out, args.spark, args.oozie, args.tony, args.seed)
    print(f"{count} jobs/workflows under {args.out}")


if __name__ == "__main__":
    main()
