#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  sync_hive.py
