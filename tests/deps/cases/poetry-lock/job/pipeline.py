import pandas
import sqlalchemy
