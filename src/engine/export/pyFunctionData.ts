// The data of a run whose model file supplies it (model.data): the sidecar part, and the Python that
// calls the data function and batches its splits as the runner did (python/optimizer_lab_data.py).
import type { ExportRun } from './loadRun';
import { ConfigError } from '../errors';
import { portablePath } from './portablePath';

/** The data part of a data-function run's sidecar: which function, and the sizes it returned. */
export interface FunctionDataSidecar {
  /** The data function's name (model.data) and the model file, as the script names it. */
  function: string;
  model_file: string;
  /** Examples of the splits the run trained and validated on, so the script can tell changed data. */
  counts: { train: number; validation: number };
}

/** The data-function part of a run's sidecar, from the record's data set (the function is not called). */
export function functionDataSidecar(r: ExportRun): FunctionDataSidecar {
  const p = r.spec.problem;
  const info = r.record.dataset;
  if (p.kind !== 'dataset' || p.model.type !== 'pytorch' || !p.model.data || !info) {
    throw new ConfigError(`run ${r.run.id} has no data function (model.data) to reproduce`);
  }
  return {
    function: p.model.data,
    model_file: portablePath(r, p.model.path),
    counts: { train: info.trainRows, validation: info.validationRows },
  };
}

/**
 * Python of the runner's FunctionSource (python/optimizer_lab_data.py), call for call: the data
 * function called after `torch.manual_seed(0)`; training batches from a DataLoader with the run's
 * batch size, shuffled by a torch.Generator seeded with the run's seed; floating inputs cast to the
 * precision; targets as class indices for cross-entropy, else a (batch, 1) column; whole-split
 * losses batch by batch in eval mode over the concatenated outputs. A DataLoader draws its base
 * seed from torch's global generator whenever it starts a pass, so the passes come in the runner's
 * order (the training split, then validation), and dropout draws the run's masks. The loop treats
 * it as it treats a streamed data set (`streamed`): batches and losses come from this object.
 */
export const PY_FUNCTION_DATA = String.raw`# ---------------------------------------------------------------------------------------------
# Data: your data function, batched as the run batched it (python/optimizer_lab_data.py, FunctionSource).
# ---------------------------------------------------------------------------------------------
SPLITS = ('train', 'validation', 'test')


def as_dataset(value, where):
    """A torch Dataset, or an (X, y) pair of tensors of the same length as a TensorDataset."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or not all(isinstance(t, torch.Tensor) for t in value):
            sys.exit('%s must be a torch Dataset or an (X, y) pair of tensors' % where)
        if value[0].shape[0] != value[1].shape[0]:
            sys.exit('%s: X has %d rows but y has %d' % (where, value[0].shape[0], value[1].shape[0]))
        return torch.utils.data.TensorDataset(value[0], value[1])
    if hasattr(value, '__getitem__') and hasattr(value, '__len__'):
        return value
    sys.exit('%s must be a torch Dataset (with __len__ and __getitem__) or an (X, y) pair of tensors' % where)


class FunctionData:
    """Your data function's splits, batched by torch DataLoaders as the run batched them."""

    streamed = True  # the loop takes its batches and losses from this object, as from a streamed file

    def __init__(self, spec, dtype):
        self.dtype = dtype
        where = '%s()' % spec['function']
        # As the runner calls it: data drawn with torch's global generator is the run's data.
        torch.manual_seed(0)
        returned = user_data()
        if isinstance(returned, dict):
            if sorted(set(returned) - set(SPLITS)) or 'train' not in returned:
                sys.exit('%s returned a dict with keys %s; it needs "train" and may have "validation" and "test"' % (where, sorted(returned)))
            self.sets = {k: as_dataset(v, '%s[%r]' % (where, k)) for k, v in returned.items() if v is not None}
        else:
            self.sets = {'train': as_dataset(returned, where)}
        counts = {k: len(self.sets[k]) if k in self.sets else 0 for k in ('train', 'validation')}
        if counts != spec['counts']:
            sys.exit('%s now returns %d training and %d validation examples; the run had %d and %d' % (
                where, counts['train'], counts['validation'], spec['counts']['train'], spec['counts']['validation']))
        self.n_train = counts['train']
        self.target_scale = 1.0
        self.batch_rows = self.n_train
        self.loader = None
        self.batches = iter(())

    def cast(self, X, y):
        """Floating inputs in the run's precision; class indices for cross-entropy, else a column per example."""
        if X.is_floating_point():
            X = X.to(self.dtype)
        if CLASS_INDEX_TARGETS:
            return X, y.long()
        y = y.to(self.dtype)
        return X, (y.reshape(-1, 1) if y.dim() == 1 else y)

    def begin_run(self, shuffle_seed, batch_size=BATCH_SIZE):
        """A run's DataLoader: its batch size (None: every example in one batch), shuffled by a
        torch.Generator seeded with the run's seed (shuffle_seed None: in order)."""
        self.batch_rows = self.n_train if batch_size is None else min(batch_size, self.n_train)
        generator = torch.Generator()
        generator.manual_seed(0 if shuffle_seed is None else shuffle_seed)
        self.loader = torch.utils.data.DataLoader(
            self.sets['train'], batch_size=self.batch_rows, shuffle=shuffle_seed is not None, generator=generator
        )

    def begin_epoch(self):
        # The runner's for loop runs the last pass's iterator to its end, which makes torch's
        # RandomSampler draw once more from the generator (a full batch ends before that draw).
        for _ in self.batches:
            pass
        self.batches = iter(self.loader)  # a new order from the run's generator when shuffled

    def next_batch(self, rows):
        X, y = next(self.batches)
        if X.shape[0] != rows:
            sys.exit('the DataLoader gave a batch of %d examples, the run had %d' % (X.shape[0], rows))
        return self.cast(X, y)

    def outputs(self, model, name):
        """A whole split's outputs and targets, batch by batch in the run's batch size (in eval mode)."""
        outs, ys = [], []
        for X, y in torch.utils.data.DataLoader(self.sets[name], batch_size=self.batch_rows):
            X, y = self.cast(X, y)
            outs.append(model(X))
            ys.append(y)
        return (outs[0], ys[0]) if len(outs) == 1 else (torch.cat(outs), torch.cat(ys))

    def train_loss(self, model, l2):
        """The training split's loss plus the L2 penalty, as the runner's full training loss."""
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                out, y = self.outputs(model, 'train')
                loss = loss_fn(out, y)
                if l2 != 0:
                    loss = loss + l2 * sum((p * p).sum() for name, p in model.named_parameters() if name.endswith('weight'))
                return float(loss)
        finally:
            model.train(was_training)

    def validation(self, model, l2):
        """The validation loss and metrics (no penalty), or None without a validation split."""
        if len(self.sets.get('validation', ())) == 0:
            return None
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                out, y = self.outputs(model, 'validation')
                return scores(out, y, self.target_scale, float(loss_fn(out, y)))
        finally:
            model.train(was_training)


def load_data(path, spec, dtype):
    """Your data function's data (path is not read: the run's data came from the function)."""
    return FunctionData(spec, dtype)
`;
