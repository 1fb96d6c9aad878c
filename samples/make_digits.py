#!/usr/bin/env python3
"""Writes digits.csv: 8x8 grey images of the digits 0-9, drawn from a 5x7 font with a seeded
random shift, stroke intensity and noise (values 0-16, like scikit-learn's digits). Standard
library only; the same seed always writes the same file.

    python3 samples/make_digits.py            # writes samples/digits.csv (600 images)
"""
import argparse
import os
import random

FONT = {
    0: ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
    1: ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
    2: ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
    3: ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
    4: ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
    5: ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
    6: ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
    7: ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
    8: ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
    9: ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
}


def image(digit, rng):
    """One 8x8 image (64 values 0-16, row-major) of `digit`."""
    pixels = [[0.0] * 8 for _ in range(8)]
    dx, dy = rng.randint(0, 3), rng.randint(0, 1)
    ink = rng.uniform(10, 16)
    for r, row in enumerate(FONT[digit]):
        for c, bit in enumerate(row):
            if bit == '1' and rng.random() > 0.06:  # a few strokes missing
                pixels[r + dy][c + dx] += ink
    out = []
    for r in range(8):
        for c in range(8):
            # A little blur from the neighbours, then noise, clipped to 0-16 and rounded.
            near = sum(pixels[rr][cc] for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if 0 <= rr < 8 and 0 <= cc < 8)
            v = pixels[r][c] + 0.15 * near + rng.gauss(0, 1.0)
            out.append(int(round(min(16.0, max(0.0, v)))))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rows', type=int, default=600)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'digits.csv'))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(','.join(['p%d' % i for i in range(64)] + ['digit']) + '\n')
        for i in range(args.rows):
            digit = i % 10
            f.write(','.join(str(v) for v in image(digit, rng)) + ',%d\n' % digit)


if __name__ == '__main__':
    main()
