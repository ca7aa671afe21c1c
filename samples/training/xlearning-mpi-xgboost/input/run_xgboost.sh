#!/bin/sh
$XLEARNING_HOME/bin/xl-submit \
   --app-type "distxgboost" \
   --app-name "xgboost-mushroom" \
   --files mushroom.yarn.conf \
   --cacheArchive hdfs://nn/tools/xgboost.tgz#xgboost \
   --input hdfs://nn/data/mushroom#data \
   --worker-memory 4G \
   --worker-num 2 \
   --worker-cores 2 \
   --launch-cmd "python train_xgb.py mushroom.yarn.conf"
