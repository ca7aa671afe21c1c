import boto3
import s3fs
from azure.storage.blob import BlobServiceClient
from azure.identity import DefaultAzureCredential
