import helpers
from udfs import score
