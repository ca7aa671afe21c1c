import statsmodels.api as sm
import numpy
