"""Horovod on Spark: each Spark task runs `train` as one Horovod rank."""
import horovod.spark
from pyspark.sql import SparkSession

EPOCHS = 5


def train(epochs, learning_rate):
    import horovod.torch as hvd

    hvd.init()
    return hvd.rank()


if __name__ == "__main__":
    spark = SparkSession.builder.appName("hvd-spark-mnist").getOrCreate()
    horovod.spark.run(train, args=(5, 0.01), num_proc=8)
    spark.stop()
