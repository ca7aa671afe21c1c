#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  nlp.py
