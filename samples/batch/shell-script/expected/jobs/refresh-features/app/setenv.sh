# Shared settings for the feature scripts.
export HIVE_URL="jdbc:hive2://hive.example.com:10000/default"
