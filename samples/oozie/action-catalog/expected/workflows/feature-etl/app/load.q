LOAD DATA INPATH '${STAGE}/aggregates' OVERWRITE INTO TABLE features.word_counts;
