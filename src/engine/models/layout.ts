// denseLayout: The tensors of a chain of nn.Linear layers with `sizes = [in, hidden..., out]`, in torch's
// parameters() order (per layer: weight [out, in] row-major, then bias [out]).
import type { ParamTensor } from './model';

/**
 * The tensors of a chain of nn.Linear layers with `sizes = [in, hidden..., out]`, in torch's
 * parameters() order (per layer: weight [out, in] row-major, then bias [out]). With `sequential`
 * false there must be one layer, named as a bare nn.Linear (`weight`, `bias`); otherwise names
 * follow nn.Sequential, where the activations take the odd indices (`0.weight`, `2.weight`, ...).
 */
export function denseLayout(sizes: readonly number[], sequential: boolean): ParamTensor[] {
  const layout: ParamTensor[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1]!;
    const nOut = sizes[l]!;
    const prefix = sequential ? `${2 * (l - 1)}.` : '';
    layout.push({ name: `${prefix}weight`, shape: [nOut, nIn], offset, size: nOut * nIn, kind: 'weight' });
    offset += nOut * nIn;
    layout.push({ name: `${prefix}bias`, shape: [nOut], offset, size: nOut, kind: 'bias' });
    offset += nOut;
  }
  return layout;
}

/** Total number of values in a layout. */
export function layoutSize(layout: readonly ParamTensor[]): number {
  let n = 0;
  for (const t of layout) n += t.size;
  return n;
}
