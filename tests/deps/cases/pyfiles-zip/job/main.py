from etl.transforms import clean
