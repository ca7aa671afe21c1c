import pandas
import internal_geo
