"""Independent numpy reference for the Siamese engine tests.

Reads a network saved by SiameseNetwork.save (safetensors, with the tower configuration as JSON
in the metadata) and a batch file (images [n, s, s, c], pairs [p, 2] as float32, labels [p]),
then computes in float64 the embeddings, head logits, mean binary cross-entropy and the
gradient of (mean BCE + L2 penalty) for every parameter, by direct formulas (sliding windows
and einsum, not im2col). Writes them as safetensors: "embeddings", "logits", "loss" and
"grad.<parameter name>".

usage: python3 siamese_reference.py WEIGHTS BATCH OUTPUT
"""

import json
import struct
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def read_safetensors(path):
    with open(path, "rb") as handle:
        blob = handle.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", name
        start, end = entry["data_offsets"]
        data = np.frombuffer(blob[8 + length + start : 8 + length + end], dtype="<f4")
        tensors[name] = data.reshape(entry["shape"]).astype(np.float64)
    return tensors, metadata


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, value in tensors.items():
        data = np.ascontiguousarray(value, dtype="<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(np.shape(value)),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def conv_forward(x, kernel, bias):
    kh, kw = kernel.shape[:2]
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))  # n, oh, ow, c, kh, kw
    return np.einsum("nyxcpq,pqco->nyxo", windows, kernel) + bias


def conv_backward(x, kernel, grad_out):
    kh, kw = kernel.shape[:2]
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))
    grad_kernel = np.einsum("nyxcpq,nyxo->pqco", windows, grad_out)
    grad_bias = grad_out.sum(axis=(0, 1, 2))
    grad_x = np.zeros_like(x)
    oh, ow = grad_out.shape[1:3]
    for p in range(kh):
        for q in range(kw):
            grad_x[:, p : p + oh, q : q + ow, :] += np.einsum(
                "nyxo,co->nyxc", grad_out, kernel[p, q]
            )
    return grad_x, grad_kernel, grad_bias


def pool_forward(x):
    n, h, w, c = x.shape
    x = x[:, : h // 2 * 2, : w // 2 * 2, :]
    blocks = x.reshape(n, h // 2, 2, w // 2, 2, c).transpose(0, 1, 3, 5, 2, 4)
    blocks = blocks.reshape(n, h // 2, w // 2, c, 4)  # window order: row-major (dy, dx)
    return blocks.max(axis=-1), blocks.argmax(axis=-1)  # argmax takes the first maximum


def pool_backward(shape, winners, grad_out):
    grad = np.zeros(shape)
    n, ph, pw, c = grad_out.shape
    for index in range(4):
        dy, dx = divmod(index, 2)
        grad[:, dy : 2 * ph : 2, dx : 2 * pw : 2, :] += np.where(winners == index, grad_out, 0)
    return grad


def main():
    weights_path, batch_path, output_path = sys.argv[1:4]
    params, metadata = read_safetensors(weights_path)
    config = json.loads(metadata["configuration"])
    batch, _ = read_safetensors(batch_path)
    images, labels = batch["images"], batch["labels"]
    pairs = batch["pairs"].astype(np.int64)

    # Forward, keeping what the backward pass needs.
    x, saved = images, []
    for index, spec in enumerate(config["convolutions"]):
        name = f"conv{index + 1}"
        z = conv_forward(x, params[name + ".kernel"], params[name + ".bias"])
        r = np.maximum(z, 0)
        out, winners = pool_forward(r) if spec["poolAfter"] else (r, None)
        saved.append((x, z, r, winners))
        x = out
    flat = x.reshape(x.shape[0], -1)
    embeddings = 1 / (1 + np.exp(-(flat @ params["dense.kernel"] + params["dense.bias"])))
    left, right = embeddings[pairs[:, 0]], embeddings[pairs[:, 1]]
    difference = left - right
    logits = np.abs(difference) @ params["head.kernel"][:, 0] + params["head.bias"][0]
    losses = np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))
    loss = losses.mean()

    # Backward.
    grads = {}
    dz = (1 / (1 + np.exp(-logits)) - labels) / len(labels)
    grads["head.kernel"] = (np.abs(difference) * dz[:, None]).sum(axis=0)[:, None]
    grads["head.bias"] = np.array([dz.sum()])
    d_difference = dz[:, None] * params["head.kernel"][:, 0][None, :] * np.sign(difference)
    d_embeddings = np.zeros_like(embeddings)
    np.add.at(d_embeddings, pairs[:, 0], d_difference)
    np.add.at(d_embeddings, pairs[:, 1], -d_difference)
    d_dense = d_embeddings * embeddings * (1 - embeddings)
    grads["dense.kernel"] = flat.T @ d_dense + 2 * config["denseL2"] * params["dense.kernel"]
    grads["dense.bias"] = d_dense.sum(axis=0)
    d_x = (d_dense @ params["dense.kernel"].T).reshape(x.shape)
    for index in reversed(range(len(config["convolutions"]))):
        spec, name = config["convolutions"][index], f"conv{index + 1}"
        x_in, z, r, winners = saved[index]
        d_r = pool_backward(r.shape, winners, d_x) if spec["poolAfter"] else d_x
        d_z = d_r * (z > 0)
        d_x, d_kernel, d_bias = conv_backward(x_in, params[name + ".kernel"], d_z)
        grads[name + ".kernel"] = d_kernel + 2 * spec["l2"] * params[name + ".kernel"]
        grads[name + ".bias"] = d_bias

    outputs = {"embeddings": embeddings, "logits": logits, "loss": np.array([loss])}
    outputs.update({"grad." + name: value for name, value in grads.items()})
    write_safetensors(output_path, outputs)


if __name__ == "__main__":
    main()
