#!/bin/bash
# Latin-1: café, naïve, © 2009
spark-submit --master yarn --deploy-mode cluster --name résumé job.py
