// didYouMean: The candidate the user most likely meant by `word`, or undefined when none is close enough to
// be a helpful guess.
import { distance } from 'fastest-levenshtein';

/**
 * Spellings people carry over from other libraries (Keras, optax, sklearn) that no edit distance
 * would connect to torch's keyword: `learning_rate` is eleven edits from `lr`.
 */
const ALIASES: Record<string, string> = {
  learningrate: 'lr',
  beta1: 'betas',
  beta2: 'betas',
  epsilon: 'eps',
  l2regularization: 'l2',
  lambda: 'l2',
  epoch: 'epochs',
  numepochs: 'epochs',
  nepochs: 'epochs',
  maxepochs: 'epochs',
  iterations: 'steps',
  maxsteps: 'steps',
  batch: 'batch_size',
  seed: 'seeds',
  randomseed: 'seeds',
  optimizer: 'optimizers',
  scheduler: 'schedule',
  lrscheduler: 'schedule',
  clipgradnorm: 'grad_clip',
  gradientclipping: 'grad_clip',
  clipnorm: 'max_norm',
  clipvalue: 'clip_value',
  dataset: 'data',
  file: 'path',
  label: 'target',
  y: 'target',
  layers: 'hidden',
  hiddenlayers: 'hidden',
  hiddensizes: 'hidden',
  act: 'activation',
  metric: 'monitor',
};

/** Case, `_` and `-` do not matter when comparing names: `weightDecay` is `weight_decay`. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * The candidate the user most likely meant by `word`, or undefined when none is close enough to be
 * a helpful guess. Tries, in order: the same name in another case or separator style, a known alias
 * from another library, then the nearest by edit distance (at most a third of the word's length).
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const n = normalize(word);
  const same = candidates.find((c) => normalize(c) === n);
  if (same !== undefined) return same;
  const alias = ALIASES[n];
  if (alias !== undefined && candidates.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(n.length / 3));
  for (const c of candidates) {
    const d = distance(n, normalize(c));
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
