import boto3
import yaml
