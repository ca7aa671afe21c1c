#!/usr/bin/env bash
# Submarine on YARN (TonY runtime): distributed CIFAR-10 training.
SUBMARINE_JAR=/opt/submarine/submarine-all-0.5.0-hadoop-3.1.jar

java -cp "${SUBMARINE_JAR}:/etc/hadoop/conf" org.apache.submarine.client.cli.Cli job run \
  --name cifar10-dist \
  --framework tensorflow \
  --docker_image registry.corp/ml/tf-cifar:1.15.5-gpu \
  --input_path hdfs://nn/datasets/cifar-10 \
  --checkpoint_path hdfs://nn/checkpoints/cifar-10 \
  --num_workers 2 \
  --worker_resources memory=8G,vcores=4,gpu=2 \
  --worker_launch_cmd "python cifar10_main.py --data-dir=%input_path% --job-dir=%checkpoint_path% --num-gpus=2" \
  --num_ps 1 \
  --ps_resources memory=4G,vcores=2 \
  --ps_launch_cmd "python cifar10_main.py --data-dir=%input_path% --job-dir=%checkpoint_path% --num-gpus=0" \
  --tensorboard \
  --env PYTHONUNBUFFERED=1 \
  --queue ml \
  --keytab /etc/security/keytabs/ml-svc.keytab \
  --principal ml-svc@CORP.EXAMPLE.COM \
  --conf tony.containers.resources=/opt/ml/cifar10_main.py
