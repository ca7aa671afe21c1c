#!/bin/sh
HOSTS=`cat /etc/hosts | wc -l
spark-submit --master yarn job.py
