import polars
import fsspec
