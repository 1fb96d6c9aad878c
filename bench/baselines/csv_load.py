"""Load + type + standardize a CSV with pandas, as the engine does for a data file (bench figure 4).

argv[1] is a JSON job: {"csv": path, "target": column, "validation": fraction, "seed": int,
"reps": int}. Each repetition: pandas.read_csv, the target split off, features as a float64 matrix,
the training split's mean and population std applied to every row, then cast to float32 (the
engine's float32 data set). Prints one JSON line: {"seconds": [wall, per repetition],
"cpu_seconds": [user + system of this process, per repetition], "what": ...}.
"""

import json
import sys
import time

import numpy as np
import pandas as pd


def load(job):
    df = pd.read_csv(job["csv"])
    y = df.pop(job["target"]).to_numpy(np.float64)
    X = df.to_numpy(np.float64)
    perm = np.random.default_rng(job["seed"]).permutation(len(X))
    train = perm[int(round(job["validation"] * len(X))) :]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    X = ((X - mean) / np.where(std == 0, 1, std)).astype(np.float32)
    return X, y.astype(np.float32)


def main():
    job = json.loads(sys.argv[1])
    seconds, cpu_seconds = [], []
    for _ in range(job["reps"]):
        t0, c0 = time.perf_counter(), time.process_time()
        X, _ = load(job)
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "what": f"pandas {pd.__version__} read_csv + numpy {np.__version__}", "shape": list(X.shape)}))


if __name__ == "__main__":
    main()
