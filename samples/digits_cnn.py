"""A small CNN for samples/digits.csv (8x8 images, one pixel a column): your own PyTorch model, as
Optimizer Lab runs it (docs/own-model.md). The lab reads, splits and standardizes the CSV and calls
build_model(n_features, n_outputs); the rows arrive as (batch, 64) tensors.
"""
import torch
from torch import nn


class DigitsCNN(nn.Module):
    def __init__(self, n_outputs):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 8x8 -> 4x4
            nn.Conv2d(8, 16, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 4x4 -> 2x2
        )
        self.head = nn.Linear(16 * 2 * 2, n_outputs)

    def forward(self, x):
        x = x.view(-1, 1, 8, 8)  # the 64 pixel columns back into an image
        return self.head(torch.flatten(self.features(x), 1))


def build_model(n_features, n_outputs):
    assert n_features == 64, 'digits.csv has 64 pixel columns, got %d features' % n_features
    return DigitsCNN(n_outputs)
