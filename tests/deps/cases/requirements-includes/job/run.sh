#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  etl.py
