"""Training steps per second in torch eager (one thread) and in a hand-written numpy loop.

Read by bench/figures/steps.ts. argv[1] is a JSON job:
  {"framework": "torch" | "numpy", "X": path, "y": path, "rows": int, "sizes": [in, ..., out],
   "loss": "mse" | "bce_with_logits" | "cross_entropy", "optimizer": "adam" | "sgd_momentum" | "rmsprop" | "adagrad",
   "lr": float, "dtype": "float32" | "float64", "batch": int, "warmup": int, "steps": int,
   "reps": int, "seed": int}
X and y are raw little-endian arrays of the dtype (y holds class indices for cross-entropy).
Prints one JSON line: {"steps_per_s": [per repetition], "cpu_steps_per_s": [the same by the
process's CPU time], "what": ...}.

Each step is what a user writes: take the next shuffled batch, zero_grad, forward, loss,
backward, step, and read the loss (`loss.item()`), as the engine records every step's loss.
"""

import json
import sys
import time

import numpy as np


def blas_info():
    """Which BLAS kernel numpy runs: OpenBLAS's core name, read from the loaded library."""
    import ctypes

    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and ".so" in line})
    for lib in libs:
        try:
            fn = getattr(ctypes.CDLL(lib), "openblas_get_corename", None)
        except OSError:
            continue
        if fn is not None:
            fn.restype = ctypes.c_char_p
            return f"OpenBLAS core {fn().decode()} ({lib.rsplit('/', 1)[-1]})"
    return ", ".join(lib.rsplit("/", 1)[-1] for lib in libs) or "unknown BLAS"


def batches(rows, batch, rng):
    """Endless shuffled mini-batches of row indices, epoch after epoch, as a DataLoader serves them."""
    while True:
        perm = rng.permutation(rows)
        for s in range(0, rows, batch):
            yield perm[s : s + batch]


def run_torch(job, X, y):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(job["seed"])
    dt = torch.float32 if job["dtype"] == "float32" else torch.float64
    Xt = torch.from_numpy(X).to(dt)
    yt = torch.from_numpy(y)
    if job["loss"] == "cross_entropy":
        yt = yt.long()
    else:
        yt = yt.to(dt).reshape(job["rows"], -1)
    sizes = job["sizes"]
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(dt)
    opt = {
        "adam": lambda ps: torch.optim.Adam(ps, lr=job["lr"]),
        "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=job["lr"], momentum=0.9),
        "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=job["lr"]),
        "adagrad": lambda ps: torch.optim.Adagrad(ps, lr=job["lr"]),
    }[job["optimizer"]](model.parameters())
    loss_fn = {
        "mse": torch.nn.MSELoss(),
        "bce_with_logits": torch.nn.BCEWithLogitsLoss(),
        "cross_entropy": torch.nn.CrossEntropyLoss(),
    }[job["loss"]]
    it = batches(job["rows"], job["batch"], np.random.default_rng(job["seed"]))

    def step():
        idx = torch.from_numpy(next(it))
        xb, yb = Xt[idx], yt[idx]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    return step, f"torch {torch.__version__}, {torch.get_num_threads()} thread"


def run_numpy(job, X, y):
    """A ReLU MLP with MSE or softmax cross-entropy and Adam, SGD-momentum, RMSprop or Adagrad (torch's
    defaults), in place where numpy allows."""
    if job["loss"] not in ("mse", "cross_entropy"):
        raise SystemExit("the numpy baseline covers MSE and softmax cross-entropy only")
    ce = job["loss"] == "cross_entropy"
    dt = np.float32 if job["dtype"] == "float32" else np.float64
    rng = np.random.default_rng(job["seed"])
    sizes = job["sizes"]
    params = []
    for i in range(1, len(sizes)):
        bound = 1 / np.sqrt(sizes[i - 1])
        params.append(rng.uniform(-bound, bound, (sizes[i - 1], sizes[i])).astype(dt))
        params.append(rng.uniform(-bound, bound, sizes[i]).astype(dt))
    grads = [np.zeros_like(p) for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    X = X.astype(dt)
    y = y.astype(np.int64) if ce else y.astype(dt).reshape(job["rows"], -1)
    lr, b1, b2, eps = dt(job["lr"]), dt(0.9), dt(0.999), dt(1e-8)
    alpha, ada_eps = dt(0.99), dt(1e-10)
    kind = job["optimizer"]
    t = [0]
    it = batches(job["rows"], job["batch"], rng)
    nl = len(sizes) - 1

    def step():
        idx = next(it)
        a = [X[idx]]
        for i in range(nl):
            z = a[-1] @ params[2 * i] + params[2 * i + 1]
            if i < nl - 1:
                np.maximum(z, 0, out=z)
            a.append(z)
        yb = y[idx]
        if ce:
            z = a[-1]
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            s = e.sum(axis=1, keepdims=True)
            rows = np.arange(len(idx))
            loss = float((np.log(s[:, 0]) - z[rows, yb]).mean())
            d = e / s
            d[rows, yb] -= 1
            d *= dt(1 / len(idx))
        else:
            d = a[-1] - yb
            loss = float((d * d).mean())
            d *= dt(2 / d.size)
        for i in range(nl - 1, -1, -1):
            np.matmul(a[i].T, d, out=grads[2 * i])
            np.sum(d, axis=0, out=grads[2 * i + 1])
            if i > 0:
                d = d @ params[2 * i].T
                d *= a[i] > 0
        t[0] += 1
        for p, g, mi, vi in zip(params, grads, m, v):
            if kind == "adam":
                mi *= b1
                mi += (1 - b1) * g
                vi *= b2
                vi += (1 - b2) * g * g
                bc1 = 1 - b1 ** t[0]
                bc2 = 1 - b2 ** t[0]
                p -= (lr / bc1) * mi / (np.sqrt(vi) / np.sqrt(bc2) + eps)
            elif kind == "rmsprop":
                vi *= alpha
                vi += (1 - alpha) * g * g
                p -= lr * g / (np.sqrt(vi) + eps)
            elif kind == "adagrad":
                vi += g * g
                p -= lr * g / (np.sqrt(vi) + ada_eps)
            else:
                # torch's buffer starts as a copy of the first gradient: 0.9·0 + g.
                mi *= 0.9
                mi += g
                p -= lr * mi
        return loss

    return step, f"numpy {np.__version__}, {blas_info()}"


def main():
    job = json.loads(sys.argv[1])
    dt = np.float32 if job["dtype"] == "float32" else np.float64
    X = np.fromfile(job["X"], dtype=dt).reshape(job["rows"], job["sizes"][0])
    y = np.fromfile(job["y"], dtype=dt)
    step, what = (run_torch if job["framework"] == "torch" else run_numpy)(job, X, y)
    for _ in range(job["warmup"]):
        step()
    rates, cpu_rates = [], []
    for _ in range(job["reps"]):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(job["steps"]):
            step()
        rates.append(job["steps"] / (time.perf_counter() - t0))
        cpu_rates.append(job["steps"] / (time.process_time() - c0))
    print(json.dumps({"steps_per_s": rates, "cpu_steps_per_s": cpu_rates, "what": what}))


if __name__ == "__main__":
    main()
