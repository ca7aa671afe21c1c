#!/bin/bash
# Probe the GPU nodes: one nvidia-smi per container, in the CUDA image.
yarn jar /usr/lib/hadoop-yarn/hadoop-yarn-applications-distributedshell.jar \
  -jar /usr/lib/hadoop-yarn/hadoop-yarn-applications-distributedshell.jar \
  -appname gpu-probe \
  -shell_command "nvidia-smi -L" \
  -num_containers 3 \
  -container_memory 2048 \
  -container_vcores 2 \
  -shell_env YARN_CONTAINER_RUNTIME_TYPE=docker \
  -shell_env YARN_CONTAINER_RUNTIME_DOCKER_IMAGE=nvidia/cuda:12.4.1-base-ubuntu22.04 \
  -shell_env PROBE_MODE=list \
  -queue gpu
