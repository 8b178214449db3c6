"""Independent PCA reference for PrincipalComponentsReferenceTests.swift.

Reads a matrix written by the Swift test (first line "n d k", then n lines of d numbers),
computes principal components with numpy's SVD of the mean-centred matrix, and prints JSON:
{"mean": [d], "components": [k][d], "ratios": [k]} with ratios = s_j^2 / sum(s^2).
Components are returned with numpy's signs; the test compares them up to sign.
Usage: python3 pca_reference.py MATRIX.txt
"""

import json
import sys

import numpy as np


def main(path):
    with open(path) as handle:
        n, d, k = (int(x) for x in handle.readline().split())
        data = np.loadtxt(handle, dtype=np.float64, ndmin=2)
    if data.shape != (n, d):
        raise SystemExit(f"{path}: expected a {n}x{d} matrix, read {data.shape}")
    mean = data.mean(axis=0)
    _, singular, right = np.linalg.svd(data - mean, full_matrices=False)
    squares = singular**2
    json.dump(
        {
            "mean": mean.tolist(),
            "components": right[:k].tolist(),
            "ratios": (squares[:k] / squares.sum()).tolist(),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(sys.argv[1])
