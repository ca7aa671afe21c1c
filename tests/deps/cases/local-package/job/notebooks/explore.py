import seaborn
import plotly
