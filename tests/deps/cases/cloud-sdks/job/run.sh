#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  export.py
