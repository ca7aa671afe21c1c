"""Churn classifier: multi-worker training, SavedModel export under --model_dir/<version>."""

import argparse
import os

import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--features", required=True)
parser.add_argument("--model_dir", required=True)
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()

strategy = tf.distribute.MultiWorkerMirroredStrategy()
with strategy.scope():
    model = tf.keras.Sequential(
        [tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
dataset = tf.data.experimental.make_csv_dataset(args.features + "/*.csv", batch_size=256, label_name="churned")
model.fit(dataset, epochs=args.epochs)
model.save(os.path.join(args.model_dir, "1"))
