"""Streaming SGD over a CSV larger than memory with pandas and torch (bench figure 8).

argv[1] is a JSON job: {"csv": path, "batch_size": n, "chunksize": rows}. As the engine's stream:
a first pass of pandas.read_csv(chunksize=...) for the features' mean and std, then one epoch
reading the file again in chunks, standardizing each chunk and feeding a torch linear model
batch by batch with torch.optim.SGD (lr 0.01, MSE). Rows are taken in file order within a
chunk (the engine shuffles through a 10 000-row buffer; shuffling a chunk costs pandas little).
Prints one JSON line: rows, seconds, rows per second, peak RSS (MB) and what ran.
"""

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import torch


def main():
    job = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    n = 0
    s = None
    s2 = None
    for chunk in pd.read_csv(job["csv"], chunksize=job["chunksize"]):
        X = chunk.drop(columns=["y"]).to_numpy(np.float64)
        s = X.sum(axis=0) if s is None else s + X.sum(axis=0)
        s2 = (X * X).sum(axis=0) if s2 is None else s2 + (X * X).sum(axis=0)
        n += len(X)
    mean = s / n
    std = np.sqrt(np.maximum(s2 / n - mean * mean, 0))
    std[std == 0] = 1
    torch.manual_seed(0)
    model = torch.nn.Linear(len(mean), 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.MSELoss()
    b = job["batch_size"]
    loss = None
    for chunk in pd.read_csv(job["csv"], chunksize=job["chunksize"]):
        y = torch.from_numpy(chunk.pop("y").to_numpy(np.float32)).unsqueeze(1)
        X = torch.from_numpy(((chunk.to_numpy(np.float64) - mean) / std).astype(np.float32))
        for i in range(0, len(X), b):
            opt.zero_grad()
            loss = loss_fn(model(X[i : i + b]), y[i : i + b])
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": n,
                "seconds": seconds,
                "rowsPerSecond": n / seconds,
                "peakRssMb": peak,
                "lastLoss": float(loss),
                "what": f"pandas {pd.__version__} read_csv(chunksize={job['chunksize']}) + torch {torch.__version__} SGD",
            }
        )
    )


if __name__ == "__main__":
    main()
