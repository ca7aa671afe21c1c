"""TensorFlowOnSpark MNIST fed from RDDs."""
from pyspark import SparkContext
from tensorflowonspark import TFCluster


def main_fun(args, ctx):
    feed = ctx.get_data_feed()
    return feed


if __name__ == "__main__":
    sc = SparkContext()
    cluster = TFCluster.run(sc, main_fun, None, 3, 0, False, TFCluster.InputMode.SPARK)
    cluster.train(sc.textFile("hdfs://nn/data/mnist/csv"), 1)
    cluster.shutdown()
