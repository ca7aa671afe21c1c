#!/bin/bash
spark-submit --master yarn --deploy-mode cluster --py-files deps/etl.zip \
  main.py
