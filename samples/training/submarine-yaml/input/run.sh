#!/bin/bash
submarine job run -f pytorch-mnist.yaml
