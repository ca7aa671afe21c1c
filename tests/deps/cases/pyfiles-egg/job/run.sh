#!/bin/bash
spark-submit --master yarn --deploy-mode cluster --py-files libs/helpers.egg,libs/udfs.py \
  job.py
