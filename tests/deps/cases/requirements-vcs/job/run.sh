#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  enrich.py
