#!/bin/bash
# Horovod over the GPU gateway hosts.
export NCCL_DEBUG=INFO
horovodrun -np 8 -H gpu-host-1:4,gpu-host-2:4 -x NCCL_DEBUG=INFO \
  python tf2_keras_mnist.py --epochs 10 --batch-size 128
