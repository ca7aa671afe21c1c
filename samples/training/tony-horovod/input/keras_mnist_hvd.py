"""Keras MNIST with Horovod."""
import horovod.tensorflow.keras as hvd

hvd.init()
