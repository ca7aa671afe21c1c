#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  score.py
