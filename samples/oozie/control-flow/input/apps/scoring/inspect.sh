#!/bin/bash
# Prints key=value facts about the day's input (Oozie capture-output format).
set -eu
rows=$(hdfs dfs -cat "$1"/part-* | wc -l)
echo "rows=${rows}"
echo "day=${SCORE_DATE}"
