import boto3
import yaml
import requests
