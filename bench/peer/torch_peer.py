#!/usr/bin/env python3
"""The bench's PyTorch peer (bench/README.md): dataset-wide importance on the CPU.

    python3 bench/peer/torch_peer.py MODEL_JSON CSV BATCH [--runs N] [--single N]
        [--sequences N] [--threads N] [--values PATH]

Rebuilds the tfjs anomaly model of MODEL_JSON (Conv1D 'same' / LeakyReLU / MaxPooling1D 'valid' /
Flatten / Dense / sigmoid, read from its topology) in torch with the weights of its shard (via the
weightsManifest), reads the sequences of CSV with the layout of the sidecar tsviz.json next to
MODEL_JSON (as the app's datasetFromText does), and times the quantities the app's influence()
computes: output saliency |dp/dx| [N, T, C] and, for every conv layer's activation a_l (the output
of the LeakyReLU after it), the importance sum_p |dp/da_l[p, f]| [N, F_l], p the sigmoid output,
from ONE forward and ONE backward pass per batch; batched (BATCH) and one sequence at a time (the
first --single sequences). Prints one JSON object on stdout. With --values PATH it writes the
batched results as little-endian float32: for each conv layer its importances [N, F_l], then the
saliency [N, T, C] (the layout of the bench worker's dataset case), for the agreement check.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_layers(model_json):
    with open(model_json) as f:
        spec = json.load(f)
    base = os.path.dirname(model_json)
    layers = spec["modelTopology"]["config"]["layers"]
    # weightsManifest: groups of shards, each a concatenation of its weights (float32, C order).
    weights = {}
    for group in spec["weightsManifest"]:
        buf = b"".join(open(os.path.join(base, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            if w["dtype"] != "float32":
                raise ValueError(f"{w['name']}: dtype {w['dtype']} not supported")
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            weights[w["name"]] = np.frombuffer(buf, "<f4", n, offset).reshape(w["shape"]).copy()
            offset += 4 * n
    return layers, weights


class Peer(torch.nn.Module):
    """The tfjs Sequential model in torch, channels first ([N, C, T]) inside."""

    def __init__(self, layers, weights):
        super().__init__()
        self.ops = []
        self.params = torch.nn.ParameterList()
        for layer in layers:
            kind, cfg = layer["class_name"], layer["config"]
            name = cfg["name"]
            if kind == "Conv1D":
                if cfg["padding"] != "same" or cfg["strides"] != [1] or cfg["dilation_rate"] != [1]:
                    raise ValueError(f"{name}: only stride 1 'same' Conv1D is supported")
                k = cfg["kernel_size"][0]
                if k % 2 != 1:
                    raise ValueError(f"{name}: even kernel sizes pad asymmetrically")
                # Keras/tfjs kernel [k, in, out] -> torch [out, in, k].
                w = torch.nn.Parameter(
                    torch.from_numpy(weights[f"{name}/kernel"].transpose(2, 1, 0).copy()), False
                )
                b = torch.nn.Parameter(torch.from_numpy(weights[f"{name}/bias"]), False)
                self.params.extend([w, b])
                self.ops.append(("conv", (w, b, k // 2), cfg["activation"]))
            elif kind == "LeakyReLU":
                self.ops.append(("leaky", cfg["alpha"], "linear"))
            elif kind == "MaxPooling1D":
                if cfg["padding"] != "valid" or cfg["strides"] != cfg["pool_size"]:
                    raise ValueError(f"{name}: only non-overlapping 'valid' pooling is supported")
                self.ops.append(("pool", cfg["pool_size"][0], "linear"))
            elif kind == "Flatten":
                self.ops.append(("flatten", None, "linear"))
            elif kind == "Dense":
                # Keras kernel [in, out] -> torch Linear weight [out, in].
                w = torch.nn.Parameter(torch.from_numpy(weights[f"{name}/kernel"].T.copy()), False)
                b = torch.nn.Parameter(torch.from_numpy(weights[f"{name}/bias"]), False)
                self.params.extend([w, b])
                self.ops.append(("dense", (w, b), cfg["activation"]))
            elif kind == "Activation":
                self.ops.append(("act", None, cfg["activation"]))
            elif kind in ("Dropout", "InputLayer"):
                continue
            else:
                raise ValueError(f"{name}: layer {kind} not supported by the peer")
        if self.ops[-1][2] != "sigmoid":
            raise ValueError("the peer expects one sigmoid output unit")

    def forward(self, x_ntc):
        """x [N, T, C] -> (p [N], filter activations [N, F_l, T_l] in graph order)."""
        h = x_ntc.permute(0, 2, 1)
        acts = []
        pending = False  # a conv without a fused activation: its filter output is the next one
        for kind, arg, activation in self.ops:
            if kind == "conv":
                w, b, pad = arg
                h = F.conv1d(h, w, b, padding=pad)
                pending = True
            elif kind == "leaky":
                h = F.leaky_relu(h, arg)
            elif kind == "pool":
                h = F.max_pool1d(h, arg)
            elif kind == "flatten":
                # tfjs flattens [T, C] row-major (channels last): transpose first.
                h = h.permute(0, 2, 1).reshape(h.shape[0], -1)
            elif kind == "dense":
                h = F.linear(h, *arg)
            if activation == "relu":
                h = F.relu(h)
            elif activation == "sigmoid":
                h = torch.sigmoid(h)
            elif activation != "linear":
                raise ValueError(f"activation {activation} not supported by the peer")
            if pending and kind != "conv":
                if kind != "leaky":
                    raise ValueError("the peer expects a LeakyReLU (or a fused one) after a conv")
                acts.append(h)
                pending = False
            elif pending and kind == "conv" and activation != "linear":
                acts.append(h)
                pending = False
        if pending:
            acts.append(h)
        return h.reshape(-1), acts


def read_sequences(model_json, csv_path):
    """[N, T, C] float32 as the app's datasetFromText builds it for a 'channel-groups' layout."""
    with open(os.path.join(os.path.dirname(model_json), "tsviz.json")) as f:
        ds = json.load(f)["dataset"]
    layout = ds["layout"]
    if layout["kind"] != "channel-groups" or ds.get("standardize", "none") != "none":
        raise ValueError("the peer reads 'channel-groups' datasets without standardization")
    skip = 1 if ds["csv"].get("hasHeader") else 0
    table = np.loadtxt(csv_path, delimiter=ds["csv"]["delimiter"], skiprows=skip, dtype=np.float32)
    split = ds.get("split")
    if split and split.get("kind") == "column":
        # the test rows only, as the bench worker takes them (the anomaly demo: split 1 = test)
        tests = {float(v) for v in split.get("testValues", ["1"])}
        table = table[np.isin(table[:, split["column"]], list(tests))]
    cols = np.array(layout["channelColumns"])  # [C, T]
    return np.ascontiguousarray(table[:, cols].transpose(0, 2, 1))


def influence(model, x):
    """One forward and one backward pass: saliency [N, T, C] and importances [N, F_l] per layer."""
    x = x.detach().requires_grad_(True)
    p, acts = model(x)
    grads = torch.autograd.grad(p.sum(), [x] + acts)
    return grads[0].abs(), [g.abs().sum(2) for g in grads[1:]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_json")
    ap.add_argument("csv")
    ap.add_argument("batch", type=int)
    ap.add_argument("--runs", type=int, default=3, help="timed passes over the sequences")
    ap.add_argument("--single", type=int, default=500, help="sequences timed one at a time")
    ap.add_argument("--sequences", type=int, default=0, help="first N sequences (0: all)")
    ap.add_argument(
        "--threads",
        type=int,
        default=0,
        help="torch threads; 0 (default): try 1 and every core, keep the faster (on a loaded "
        "2-core machine 2 threads stalled at a tenth of 1 thread's speed)",
    )
    ap.add_argument("--values", help="write the batched results here (float32)")
    a = ap.parse_args()

    layers, weights = load_layers(a.model_json)
    model = Peer(layers, weights).eval()
    X = read_sequences(a.model_json, a.csv)
    if a.sequences:
        X = X[: a.sequences]
    N, T, C = X.shape
    B = min(a.batch, N)
    single = min(a.single, N)
    Xt = torch.from_numpy(X)

    def batched_pass(keep):
        sal = np.empty((N, T, C), np.float32) if keep else None
        imps = None
        for i in range(0, N, B):
            s, im = influence(model, Xt[i : i + B])
            if keep:
                if imps is None:
                    imps = [np.empty((N, g.shape[1]), np.float32) for g in im]
                sal[i : i + B] = s.numpy()
                for dst, g in zip(imps, im):
                    dst[i : i + B] = g.numpy()
        return sal, imps

    def single_pass():
        for i in range(single):
            s, im = influence(model, Xt[i : i + 1])
            s.numpy()
            for g in im:
                g.numpy()

    trials = {}
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    else:
        for t in sorted({1, os.cpu_count() or 1}):
            torch.set_num_threads(t)
            influence(model, Xt[:B])
            best = float("inf")
            for _ in range(2):  # whole passes: a short trial misjudged a stalling thread count
                t0 = time.perf_counter()
                batched_pass(keep=False)
                best = min(best, (time.perf_counter() - t0) * 1000)
            trials[t] = best
        torch.set_num_threads(min(trials, key=trials.get))

    t0 = time.perf_counter()
    influence(model, Xt[:B])
    influence(model, Xt[:1])
    warmup_ms = (time.perf_counter() - t0) * 1000
    batched_ms, single_ms = [], []
    sal = imps = None
    for r in range(a.runs):
        t0 = time.perf_counter()
        sal, imps = batched_pass(keep=r == a.runs - 1)
        batched_ms.append((time.perf_counter() - t0) * 1000)
    for _ in range(a.runs):
        t0 = time.perf_counter()
        single_pass()
        single_ms.append((time.perf_counter() - t0) * 1000)
    if a.values:
        with open(a.values, "wb") as f:
            for g in imps:
                f.write(g.astype("<f4").tobytes())
            f.write(sal.astype("<f4").tobytes())

    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "python": sys.version.split()[0],
                "threads": torch.get_num_threads(),
                "threadTrialsMs": {str(k): v for k, v in trials.items()},
                "interopThreads": torch.get_num_interop_threads(),
                "cpuCount": os.cpu_count(),
                "sequences": N,
                "shape": [N, T, C],
                "batch": B,
                "singleSequences": single,
                "filterLayers": [g.shape[1] for g in imps],
                "warmupMs": warmup_ms,
                "batchedMs": batched_ms,
                "singleMs": single_ms,
            }
        )
    )


if __name__ == "__main__":
    main()
