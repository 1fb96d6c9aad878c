// The model a thread built last, kept for its next run of the same shape.
import type { LossSpec } from '../losses/loss';
import { createModel } from '../models/index';
import type { Model } from '../models/model';
import type { ModelDims, ModelSpec } from '../models/spec';

let last: { key: string; model: Model } | null = null;

/**
 * `createModel`, reusing the model this thread built last when the arguments are the same. A
 * worker trains run after run of one experiment, all with the same model; building one allocates
 * its WebAssembly memory (~10 MB for 4096-row chunks of an MLP 20-64-64-1, which makes V8 collect
 * the old generation every second or so) and a new WebAssembly instance, whose functions are new
 * call targets that deoptimize the compiled step code. Sharing is safe: a model keeps no state
 * between calls (each call loads the parameters and overwrites its scratch), and a worker runs one
 * run at a time. One model at most is kept, so the memory held stays that of one run.
 */
export function sharedModel(spec: ModelSpec, loss: LossSpec, dims: ModelDims): Model {
  const key = JSON.stringify([spec, loss, dims]);
  if (last?.key === key) return last.model;
  const model = createModel(spec, loss, dims);
  last = { key, model };
  return model;
}
