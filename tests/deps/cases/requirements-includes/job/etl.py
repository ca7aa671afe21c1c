import pandas, numpy, requests, yaml
