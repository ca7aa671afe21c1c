#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  --name crlf \
  job.py
