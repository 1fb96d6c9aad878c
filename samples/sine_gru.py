"""Your own PyTorch model with its own data (docs/own-model.md, "Data from a function"): a small GRU
reads a window of a noisy sum of sines and predicts the next value. The data is built in code by
`build_data`, named by the experiment's `model.data`; no data file is read.

    optimizer-lab run samples/sine-gru.optlab.json
"""
import math

import torch

WINDOW = 24


class SineWindows(torch.utils.data.Dataset):
    """torchvision-style: one (window, next value) pair per index, cut from a seeded signal."""

    def __init__(self, n, seed):
        g = torch.Generator().manual_seed(seed)
        t = torch.arange(n + WINDOW, dtype=torch.float64)
        phase = 2 * math.pi * torch.rand(2, generator=g, dtype=torch.float64)
        noise = 0.05 * torch.randn(n + WINDOW, generator=g, dtype=torch.float64)
        self.signal = torch.sin(0.21 * t + phase[0]) + 0.5 * torch.sin(0.047 * t + phase[1]) + noise
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.signal[i:i + WINDOW].float(), self.signal[i + WINDOW].float()


def build_data():
    # Separate signals (different phases and noise) for training and validation.
    return {'train': SineWindows(512, seed=1), 'validation': SineWindows(128, seed=2)}


class SineGRU(torch.nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.gru = torch.nn.GRU(input_size=1, hidden_size=hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, x):  # x: (batch, WINDOW)
        out, _ = self.gru(x.unsqueeze(-1))
        return self.head(out[:, -1])  # (batch, 1): the next value


def build_model():
    return SineGRU()
