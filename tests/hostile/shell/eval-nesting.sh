#!/bin/bash
# eval of eval of eval ... with quotes that change meaning at every level
CMD='eval eval eval eval eval eval eval eval "spark-submit --master yarn --name \"$NAME\" job.py"'
eval "$CMD"
eval `echo spark-submit --master yarn job.py
