// LrChoice: What Find Learning Rate offers after the LR sweep and range test.
import { applyEdits, modify, type EditResult } from 'jsonc-parser';
import type { LrSuggestions } from '../engine/search/lrCurve';
import { formatNumber } from '../engine/format';

/**
 * What Find Learning Rate offers after the LR sweep and range test: the suggested rates, as buttons, and the edit that writes the chosen one into the experiment file.
 */

export interface LrChoice {
  /** Button text, e.g. "Use valley lr 0.0123". */
  title: string;
  lr: number;
}

/**
 * The suggestions that exist: the sweep's pick first when there is one (the default method,
 * docs/search.md), then the range test's valley (fastai's default), steep and minimum/10.
 */
export function lrChoices(s: LrSuggestions, sweepLr: number | null = null): LrChoice[] {
  const rules: [keyof LrSuggestions, string][] = [
    ['valley', 'valley'],
    ['steep', 'steep'],
    ['minimum', 'minimum/10'],
  ];
  const found: [string, number][] = rules
    .filter(([key]) => s[key] !== null && Number.isFinite(s[key]))
    .map(([key, name]) => [name, s[key]!]);
  if (sweepLr !== null && Number.isFinite(sweepLr)) found.unshift(['sweep', sweepLr]);
  return found.map(([name, value]) => {
    // Three significant digits: a learning rate is never known better than that.
    const lr = Number(value.toPrecision(3));
    return { title: `Use ${name} lr ${formatNumber(lr)}`, lr };
  });
}

/** The jsonc edits that set `optimizers[index].lr` in an experiment file's text, keeping its layout. */
export function lrEdits(text: string, index: number, lr: number): EditResult {
  return modify(text, ['optimizers', index, 'lr'], lr, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
  });
}

/** The text with the edits applied (what the editor shows after the workspace edit). */
export function withLr(text: string, index: number, lr: number): string {
  return applyEdits(text, lrEdits(text, index, lr));
}
