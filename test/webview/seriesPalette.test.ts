import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deltaE, lab, MIN_DELTA_E, SERIES_PALETTE, seriesPalette } from '../../src/engine/report/palette';

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const c = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * c((n >> 16) & 255) + 0.7152 * c((n >> 8) & 255) + 0.0722 * c(n & 255);
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

test('the palette has at least 20 colours, pairwise distinguishable, readable on light and dark', () => {
  assert.ok(SERIES_PALETTE.length >= 20);
  SERIES_PALETTE.forEach((a, i) => {
    SERIES_PALETTE.slice(i + 1).forEach((b) => assert.ok(deltaE(a, b) >= MIN_DELTA_E, `${a} ~ ${b}`));
    assert.ok(contrast(a, '#ffffff') >= 1.9 && contrast(a, '#1e1e1e') >= 1.9, a);
  });
});

test("after VS Code's chart colours (Dark Modern's), at least 20 series differ before one repeats", () => {
  const dark = ['#3794ff', '#f14c4c', '#89d185', '#d18616', '#b180d7', '#cca700'];
  const series = seriesPalette(dark);
  assert.ok(series.length >= 20, String(series.length));
  assert.deepEqual(series.slice(0, 6), dark);
  series.forEach((a, i) =>
    series.slice(i + 1).forEach((b) => assert.ok(deltaE(a, b) >= MIN_DELTA_E, `${a} ~ ${b}`)),
  );
});

test('CIELAB of white and black, and unreadable colours kept apart', () => {
  const [l, a, b] = lab('#ffffff')!;
  assert.ok(Math.abs(l - 100) < 0.01 && Math.abs(a) < 0.02 && Math.abs(b) < 0.02);
  assert.ok(Math.abs(lab('#000000')![0]) < 1e-9);
  assert.equal(deltaE('rgb(1, 2, 3)', '#000000'), Infinity);
});
