import google.auth
from google.cloud import pubsub_v1
from google.cloud.storage import Client
from google.protobuf import json_format
