"""Writes the sample data sets in this folder from scikit-learn's bundled copies.

Run once with Debian's python (scikit-learn 1.2):  /usr/bin/python3 samples/export_samples.py
The files are committed; nothing reads this script at run or test time.

Numbers are written with repr(), the shortest text that parses back to the same float64, so the
CSV holds exactly the values scikit-learn ships.
"""

import csv
import json
from pathlib import Path

from sklearn import datasets

HERE = Path(__file__).resolve().parent


def number(v):
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def write_csv(name, header, rows):
    with open(HERE / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def features(bunch):
    # Column names as scikit-learn gives them, with spaces turned into underscores so they can be
    # typed on a command line (--target) without quotes.
    return [n.replace(" ", "_") for n in bunch.feature_names]


def main():
    iris = datasets.load_iris()
    iris_header = [
        n.replace(" (cm)", "_cm").replace(" ", "_") for n in iris.feature_names
    ] + ["species"]
    iris_rows = [
        [number(v) for v in x] + [iris.target_names[t]]
        for x, t in zip(iris.data, iris.target)
    ]
    write_csv("iris.csv", iris_header, iris_rows)
    with open(HERE / "iris.jsonl", "w", encoding="utf-8") as f:
        for row in iris_rows:
            record = {k: (v if k == "species" else float(v)) for k, v in zip(iris_header, row)}
            f.write(json.dumps(record) + "\n")

    diabetes = datasets.load_diabetes(scaled=False)
    write_csv(
        "diabetes.csv",
        features(diabetes) + ["progression"],
        [[number(v) for v in x] + [number(t)] for x, t in zip(diabetes.data, diabetes.target)],
    )

    wine = datasets.load_wine()
    write_csv(
        "wine.csv",
        features(wine) + ["class"],
        [[number(v) for v in x] + [int(t)] for x, t in zip(wine.data, wine.target)],
    )

    # scikit-learn codes the diagnosis 0 = malignant, 1 = benign; the file says it in words.
    cancer = datasets.load_breast_cancer()
    write_csv(
        "breast_cancer.csv",
        features(cancer) + ["diagnosis"],
        [
            [number(v) for v in x] + [cancer.target_names[t]]
            for x, t in zip(cancer.data, cancer.target)
        ],
    )


if __name__ == "__main__":
    main()
