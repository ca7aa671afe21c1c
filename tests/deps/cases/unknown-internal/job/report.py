import acme_reporting
import requests
