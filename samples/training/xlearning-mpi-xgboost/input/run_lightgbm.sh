#!/bin/sh
$HBOX_HOME/bin/hbox-submit \
  --app-type "distlightgbm" \
  --app-name "distLightGBM-demo" \
  --files train.conf,demo.sh \
  --worker-num 2 \
  --worker-memory 10G \
  --queue default \
  sh demo.sh
