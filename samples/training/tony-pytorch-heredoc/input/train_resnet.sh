#!/bin/bash
# Writes the TonY configuration, then submits the PyTorch job to YARN.
cat > tony.xml <<EOF2
<configuration>
  <property><name>tony.application.framework</name><value>pytorch</value></property>
  <property><name>tony.application.name</name><value>resnet50-ddp</value></property>
  <property><name>tony.yarn.queue</name><value>research</value></property>
  <property><name>tony.worker.instances</name><value>4</value></property>
  <property><name>tony.worker.memory</name><value>16g</value></property>
  <property><name>tony.worker.vcores</name><value>8</value></property>
  <property><name>tony.worker.gpus</name><value>2</value></property>
  <property><name>tony.containers.envs</name><value>NCCL_DEBUG=WARN,OMP_NUM_THREADS=8</value></property>
</configuration>
EOF2

java -cp "tony-cli-0.4.7-all.jar:$(hadoop classpath)" com.linkedin.tony.cli.ClusterSubmitter \
  --executes train_resnet.py \
  --task_params "--epochs 90 --data hdfs://nn/data/imagenet" \
  --python_venv torch-env.tar.gz \
  --python_binary_path env/bin/python \
  --conf_file tony.xml
