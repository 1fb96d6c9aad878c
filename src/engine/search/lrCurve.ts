/**
 * The analysis of an LR range test (fastai's `lr_find`): an exponentially weighted, debiased
 * moving average of the batch loss, the point where it blows up, and the suggestion rules.
 */

export interface LrCurve {
  lrs: number[];
  /** Raw batch losses (null where not finite). */
  losses: (number | null)[];
  /** Debiased moving average with factor beta, as fastai's smooth_loss. */
  smoothed: number[];
  /** Index of the step where the smoothed loss exceeded `factor` × its minimum (or was not finite), or null. */
  divergedAt: number | null;
}

/** The learning rates suggested by each rule, or null when the curve is too short for it. */
export interface LrSuggestions {
  /** fastai "valley": the point halfway along the longest decreasing stretch of the smoothed loss. */
  valley: number | null;
  /** fastai "steep": where the smoothed loss falls fastest against log lr. */
  steep: number | null;
  /** fastai "minimum": a tenth of the learning rate at the smallest smoothed loss. */
  minimum: number | null;
}

/**
 * Smooths a recorded LR sweep and cuts it where fastai's LRFinder would have stopped: the first
 * step whose smoothed loss is above `factor` times the best so far, or is not finite (that step is
 * kept, as fastai records it before stopping).
 */
export function smoothLrCurve(
  lrs: readonly number[],
  losses: readonly (number | null)[],
  beta = 0.98,
  factor = 4,
): LrCurve {
  const out: LrCurve = { lrs: [], losses: [], smoothed: [], divergedAt: null };
  let avg = 0;
  let best = Infinity;
  for (let i = 0; i < lrs.length; i++) {
    const loss = losses[i] ?? NaN;
    avg = beta * avg + (1 - beta) * loss;
    const smooth = avg / (1 - beta ** (i + 1));
    out.lrs.push(lrs[i]!);
    out.losses.push(Number.isFinite(loss) ? loss : null);
    out.smoothed.push(Number.isFinite(smooth) ? smooth : NaN);
    if (!Number.isFinite(smooth) || (i > 0 && smooth > factor * best)) {
      out.divergedAt = i;
      break;
    }
    if (smooth < best) best = smooth;
  }
  return out;
}

/**
 * fastai's suggestion functions over the smoothed curve, trimmed as `LRFinder.plot`/`lr_find` do:
 * the first `numIt / 10` points and the last 5 are left out.
 */
export function suggestLr(curve: LrCurve, numIt: number): LrSuggestions {
  const start = Math.floor(numIt / 10);
  const lrs = curve.lrs.slice(start, Math.max(start, curve.lrs.length - 5));
  const losses = curve.smoothed.slice(start, Math.max(start, curve.smoothed.length - 5));
  const n = losses.length;
  if (n < 2) return { valley: null, steep: null, minimum: null };

  let argMin = 0;
  for (let i = 1; i < n; i++) if (losses[i]! < losses[argMin]!) argMin = i;

  let steepIdx = 0;
  let steepGrad = Infinity;
  for (let i = 0; i < n - 1; i++) {
    const g = (losses[i + 1]! - losses[i]!) / (Math.log(lrs[i + 1]!) - Math.log(lrs[i]!));
    if (g < steepGrad) [steepIdx, steepGrad] = [i, g];
  }

  // Longest decreasing subsequence, then 1/3 + 1/6 of the way along it (fastai.callback.schedule.valley).
  const lds = new Array<number>(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i]! < losses[j]! && lds[i]! < lds[j]! + 1) lds[i] = lds[j]! + 1;
      if (lds[maxEnd]! < lds[i]!) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd]!;
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = Math.min(n - 1, Math.max(0, maxStart + Math.trunc(sections) + Math.trunc(sections / 2)));
  return { valley: lrs[idx]!, steep: lrs[steepIdx]!, minimum: lrs[argMin]! / 10 };
}
