"""The Keras side of the engine comparison in README.md: the same network, batch and optimizer as
`siamese-report bench`, timed the same way (best of 5 steps after a warm-up; 256 embeddings in
batches of 64), on 2 threads.

Not part of the program or its tests; it needs TensorFlow, which the program never uses:

    python3 -m venv /tmp/kenv
    /tmp/kenv/bin/pip install tensorflow-cpu==2.21.0 keras==3.15.1
    /tmp/kenv/bin/python scripts/keras-reference-bench.py

Run it on an otherwise idle machine, close in time to `siamese-report bench`, since the speed of a
shared host can change between sessions.
"""
import resource
import time

import numpy as np
import tensorflow as tf
import keras
from keras import layers, regularizers

THREADS = 2
PAIRS = 30

tf.config.threading.set_intra_op_parallelism_threads(THREADS)
tf.config.threading.set_inter_op_parallelism_threads(THREADS)


def koch_tower():
    """conv 64@10 → pool → conv 128@7 → pool → conv 128@4 → pool → conv 256@4 → dense 5120."""
    image = keras.Input((100, 100, 1))
    x = image
    for filters, kernel, pool in [(64, 10, True), (128, 7, True), (128, 4, True), (256, 4, False)]:
        x = layers.Conv2D(
            filters, kernel, activation="relu", kernel_regularizer=regularizers.l2(2e-4))(x)
        if pool:
            x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(5120, activation="sigmoid", kernel_regularizer=regularizers.l2(1e-3))(x)
    return keras.Model(image, x)


tower = koch_tower()
left, right = keras.Input((100, 100, 1)), keras.Input((100, 100, 1))
distance = layers.Lambda(lambda pair: tf.abs(pair[0] - pair[1]))([tower(left), tower(right)])
model = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance))
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy")

generator = np.random.default_rng(1)
first = generator.random((PAIRS, 100, 100, 1), dtype=np.float32)
second = generator.random((PAIRS, 100, 100, 1), dtype=np.float32)
labels = (np.arange(PAIRS) % 2).astype(np.float32)

model.train_on_batch([first, second], labels)
steps = []
for _ in range(5):
    start = time.perf_counter()
    model.train_on_batch([first, second], labels)
    steps.append(time.perf_counter() - start)
best = min(steps)

images = generator.random((256, 100, 100, 1), dtype=np.float32)
tower.predict(images[:64], batch_size=64, verbose=0)
start = time.perf_counter()
tower.predict(images, batch_size=64, verbose=0)
embedding_seconds = time.perf_counter() - start

peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
print(f"Keras {keras.__version__} on TensorFlow {tf.__version__}, {model.count_params()} "
      f"parameters, {THREADS} threads")
print(f"s/step {best:.3f}  pairs/s {PAIRS / best:.1f}  embeddings/s "
      f"{len(images) / embedding_seconds:.1f}  peak RSS {peak_gib:.2f} GiB")
