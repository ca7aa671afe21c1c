#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  jobs/etl/main.py
