"""The 64-run comparison in torch: every run one after another in one process (bench figure 3).

argv[1] is a JSON job: {"csv": path, "target": column, "validation": fraction, "seed": split seed,
"hidden": [widths], "epochs": int, "batch": int, "runs": [{"optimizer": "SGD" | "Adam", "lr": float,
"momentum": float, "seed": int}]}. Each run trains an MLP with MSE in float32 and, like the engine,
evaluates the full training loss and the validation loss before training and after every epoch.
The CSV is read and standardized before the clock starts. torch keeps its default intra-op threads
(all cores), as a notebook would. Prints one JSON line: {"seconds": ..., "what": ...}.
"""

import json
import sys
import time

import numpy as np
import pandas as pd
import torch


def main():
    job = json.loads(sys.argv[1])
    df = pd.read_csv(job["csv"])
    y = df.pop(job["target"]).to_numpy(np.float64)
    X = df.to_numpy(np.float64)
    perm = np.random.default_rng(job["seed"]).permutation(len(X))
    n_val = int(round(job["validation"] * len(X)))
    val, train = perm[:n_val], perm[n_val:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    X = (X - mean) / np.where(std == 0, 1, std)
    Xt = torch.from_numpy(X.astype(np.float32))
    yt = torch.from_numpy(y.astype(np.float32)).reshape(-1, 1)
    Xtr, ytr, Xva, yva = Xt[train], yt[train], Xt[val], yt[val]
    loss_fn = torch.nn.MSELoss()

    def run(r):
        torch.manual_seed(r["seed"])
        sizes = [X.shape[1], *job["hidden"], 1]
        layers = []
        for i in range(1, len(sizes)):
            layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
            if i < len(sizes) - 1:
                layers.append(torch.nn.ReLU())
        model = torch.nn.Sequential(*layers)
        if r["optimizer"] == "Adam":
            opt = torch.optim.Adam(model.parameters(), lr=r["lr"])
        else:
            opt = torch.optim.SGD(model.parameters(), lr=r["lr"], momentum=r.get("momentum", 0.0))

        def evaluate():
            with torch.no_grad():
                return loss_fn(model(Xtr), ytr).item(), loss_fn(model(Xva), yva).item()

        evaluate()
        for _ in range(job["epochs"]):
            order = torch.randperm(len(Xtr))
            for s in range(0, len(Xtr), job["batch"]):
                idx = order[s : s + job["batch"]]
                opt.zero_grad()
                loss = loss_fn(model(Xtr[idx]), ytr[idx])
                loss.backward()
                opt.step()
                loss.item()
            evaluate()

    t0 = time.perf_counter()
    for r in job["runs"]:
        run(r)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "what": f"torch {torch.__version__}, {torch.get_num_threads()} intra-op thread(s), sequential"}))


if __name__ == "__main__":
    main()
