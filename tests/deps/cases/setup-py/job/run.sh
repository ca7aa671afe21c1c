#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  risk/job.py
